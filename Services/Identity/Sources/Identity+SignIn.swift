import IdentityAPI
import PostgresNIO
import RPC
import Storage
import WireCodec

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

extension Identity {
  /// Signs in by login or e-mail. An unknown login, a wrong password and a locked account give
  /// the same answer after the same work (one scrypt); only a right password on an unconfirmed
  /// profile learns that it is unconfirmed.
  func signIn(_ request: SignInRequest) async throws -> TokenPair {
    let outcome = try await self.database.transaction { connection -> Result<TokenPair, IdentityError> in
      guard let user = try await self.user(byLogin: request.login.trimmingWhitespace, on: connection, forUpdate: true),
        let stored = user.passwordHash, user.status == .active || user.status == .pending
      else {
        await self.hasher.verifyNothing(request.password)
        try await self.audit("sign_in_failed", user: nil, detail: "unknown login", on: connection)
        return .failure(.invalidCredentials)
      }
      if let lockedUntil = user.lockedUntil, lockedUntil > self.now {
        await self.hasher.verifyNothing(request.password)
        try await self.audit("sign_in_failed", user: user.id, detail: "locked", on: connection)
        return .failure(.invalidCredentials)
      }
      guard await self.hasher.verify(request.password, against: stored) else {
        try await self.countFailure(user, on: connection)
        return .failure(.invalidCredentials)
      }
      guard user.status == .active else { return .failure(.notConfirmed) }
      let rehash = self.hasher.needsRehash(stored) ? try await self.hasher.hash(request.password) : stored
      try await connection.query(
        """
        UPDATE users SET failed_attempts = 0, locked_until = NULL, password_hash = \(rehash) WHERE id = \(user.id)
        """, logger: self.logger)
      try await self.audit("sign_in_ok", user: user.id, detail: request.device, on: connection)
      return .success(
        try await self.openSession(for: user, rememberMe: request.rememberMe, device: request.device, on: connection))
    }
    return try outcome.get()
  }

  /// One more failure; at the threshold the account locks for the lockout duration.
  func countFailure(_ user: UserRecord, on connection: PostgresConnection) async throws {
    let failures = user.failedAttempts + 1
    if failures >= self.settings.lockoutThreshold {
      try await connection.query(
        """
        UPDATE users SET failed_attempts = 0, locked_until = \(self.now.adding(self.settings.lockoutDuration)) WHERE id = \(user.id)
        """, logger: self.logger)
      try await self.audit("sign_in_failed", user: user.id, detail: "wrong password", on: connection)
      try await self.audit("locked_out", user: user.id, detail: "\(failures) failed attempts", on: connection)
    } else {
      try await connection.query(
        "UPDATE users SET failed_attempts = \(failures) WHERE id = \(user.id)", logger: self.logger)
      try await self.audit("sign_in_failed", user: user.id, detail: "wrong password", on: connection)
    }
  }

  /// Client-credentials sign-in of a service account.
  func serviceToken(_ request: ServiceTokenRequest) async throws -> TokenPair {
    let account = try await self.database.withConnection { connection in
      let rows = try await connection.query(
        "SELECT name, secret_hash, permissions FROM service_accounts WHERE client_id = \(request.clientID)",
        logger: self.logger)
      return try await rows.one((String, ByteBuffer, [String]).self)
    }
    guard let (name, hash, permissions) = account,
      constantTimeEqual(SecretCodes.digest(request.clientSecret), Array(buffer: hash))
    else {
      throw IdentityError.invalidClient
    }
    let access = try await self.accessToken(
      subject: "svc:\(name)", organizationID: nil, permissions: permissions, sessionID: nil, kind: .service)
    return TokenPair(
      accessToken: access.token, accessExpiresAt: access.expiresAt, refreshToken: "", refreshExpiresAt: .epoch,
      sessionID: "")
  }
}
