import PostgresNIO
import Storage
import WireCodec

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// What a one-time code is for.
enum CodePurpose: String {
  case confirm
  case emailChange = "email_change"
  case recovery, invitation
}

extension Identity {
  /// Makes a new code for `purpose` (ending any earlier one) and returns it; only its digest is stored.
  func issueCode(_ purpose: CodePurpose, for userID: UUID, newEmail: String? = nil, on connection: PostgresConnection)
    async throws -> String
  {
    let code = purpose == .recovery || purpose == .invitation ? SecretCodes.controlString() : SecretCodes.code()
    let lifetime = purpose == .recovery ? self.settings.recoveryLifetime : self.settings.codeLifetime
    try await connection.query(
      """
      UPDATE user_codes SET expires_at = least(expires_at, \(self.now))
      WHERE user_id = \(userID) AND purpose = \(purpose.rawValue) AND used_at IS NULL
      """, logger: self.logger)
    try await connection.query(
      """
      INSERT INTO user_codes (user_id, purpose, code_hash, new_email, created_at, expires_at)
      VALUES (\(userID), \(purpose.rawValue), \(ByteBuffer(bytes: SecretCodes.digest(code))), \(newEmail), \(self.now), \(self.now.adding(lifetime)))
      """, logger: self.logger)
    return code
  }

  /// Checks `code` against the newest live code for `purpose` and uses it up when right. A
  /// wrong code counts an attempt (committed with the caller's transaction, which must not
  /// roll back on a refusal: callers return the refusal instead of throwing it).
  /// On success returns the code's `new_email` (for e-mail changes).
  func redeemCode(_ purpose: CodePurpose, _ code: String, for userID: UUID, on connection: PostgresConnection)
    async throws -> Result<String?, IdentityError>
  {
    let rows = try await connection.query(
      """
      SELECT id, code_hash, expires_at, attempts, new_email FROM user_codes
      WHERE user_id = \(userID) AND purpose = \(purpose.rawValue) AND used_at IS NULL
      ORDER BY id DESC LIMIT 1 FOR UPDATE
      """, logger: self.logger)
    guard
      let (id, hash, expiresAt, attempts, newEmail) = try await rows.one(
        (Int64, ByteBuffer, UTCTimestamp, Int, String?).self),
      expiresAt > self.now
    else { return .failure(.codeExpired) }
    guard attempts < self.settings.codeAttempts else { return .failure(.codeAttemptsExhausted) }
    guard constantTimeEqual(SecretCodes.digest(code), Array(buffer: hash)) else {
      try await connection.query("UPDATE user_codes SET attempts = attempts + 1 WHERE id = \(id)", logger: self.logger)
      return .failure(attempts + 1 >= self.settings.codeAttempts ? .codeAttemptsExhausted : .codeInvalid)
    }
    try await connection.query("UPDATE user_codes SET used_at = \(self.now) WHERE id = \(id)", logger: self.logger)
    return .success(newEmail)
  }

  /// Seconds to wait before another confirmation e-mail, or nil when one may go now.
  func secondsUntilResend(for userID: UUID, on connection: PostgresConnection) async throws -> Int64? {
    let rows = try await connection.query(
      "SELECT max(created_at) FROM user_codes WHERE user_id = \(userID) AND purpose = 'confirm'", logger: self.logger)
    guard let last = try await rows.one(UTCTimestamp?.self) ?? nil else { return nil }
    let next = last.adding(self.settings.resendInterval)
    guard next > self.now else { return nil }
    return (next.microsecondsSinceEpoch - self.now.microsecondsSinceEpoch) / 1_000_000 + 1
  }
}
