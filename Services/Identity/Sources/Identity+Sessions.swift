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
  static let sessionPages = PageRules(defaultSize: 50, maximumSize: 200)

  /// Rotates a refresh token. A token presented a second time means it was copied: the whole
  /// session (every token descended from the same sign-in) ends.
  func refresh(_ request: RefreshRequest) async throws -> TokenPair {
    let digest = ByteBuffer(bytes: SecretCodes.digest(request.refreshToken))
    let outcome = try await self.database.transaction { connection -> Result<TokenPair, IdentityError> in
      let rows = try await connection.query(
        """
        SELECT t.session_id, t.used_at IS NOT NULL, s.user_id, s.remember, s.expires_at, s.revoked_at IS NOT NULL
        FROM refresh_tokens t JOIN sessions s ON s.id = t.session_id
        WHERE t.token_hash = \(digest) FOR UPDATE OF t, s
        """, logger: self.logger)
      guard
        let (sessionID, used, userID, remember, expiresAt, revoked) =
          try await rows.one((UUID, Bool, UUID, Bool, UTCTimestamp, Bool).self)
      else { return .failure(.refreshInvalid) }
      if used {
        if !revoked {
          try await self.revoke(sessions: [sessionID], reason: "refresh_reuse", on: connection)
          try await self.audit(
            "refresh_reuse", user: userID, detail: "session \(sessionID.uuidString.lowercased())", on: connection)
        }
        return .failure(.refreshReused)
      }
      guard !revoked, expiresAt > self.now, let user = try await self.user(byID: userID, on: connection),
        user.status == .active
      else {
        return .failure(.refreshInvalid)
      }
      try await connection.query(
        "UPDATE refresh_tokens SET used_at = \(self.now) WHERE token_hash = \(digest)", logger: self.logger)
      let newExpiry = self.now.adding(remember ? self.settings.rememberMeLifetime : self.settings.sessionLifetime)
      try await connection.query(
        "UPDATE sessions SET last_used_at = \(self.now), expires_at = \(newExpiry) WHERE id = \(sessionID)",
        logger: self.logger)
      return .success(
        try await self.tokenPair(for: user, sessionID: sessionID, sessionExpires: newExpiry, on: connection))
    }
    return try outcome.get()
  }

  func revoke(sessions: [UUID], reason: String, on connection: PostgresConnection) async throws {
    try await connection.query(
      """
      UPDATE sessions SET revoked_at = \(self.now), revoked_reason = \(reason) WHERE id = ANY(\(sessions)) AND revoked_at IS NULL
      """, logger: self.logger)
  }

  /// Ends the user's open sessions except `keeping`; returns how many ended.
  @discardableResult
  func revokeAllSessions(of userID: UUID, keeping: UUID?, reason: String, on connection: PostgresConnection)
    async throws -> Int
  {
    let rows = try await connection.query(
      """
      UPDATE sessions SET revoked_at = \(self.now), revoked_reason = \(reason)
      WHERE user_id = \(userID) AND revoked_at IS NULL AND (\(keeping)::uuid IS NULL OR id <> \(keeping)) RETURNING id
      """, logger: self.logger)
    return try await rows.decode(UUID.self).collect().count
  }

  func signOut(_ caller: Caller) async throws -> Acknowledgement {
    guard let sessionID = caller.sessionID.flatMap(UUID.init(uuidString:)) else {
      throw IdentityError.notAllowed("Service accounts have no session to end.")
    }
    try await self.database.transaction { connection in
      try await self.revoke(sessions: [sessionID], reason: "sign_out", on: connection)
      try await self.audit("signed_out", user: UUID(uuidString: caller.userID), on: connection)
    }
    return Acknowledgement(note: "Signed out.")
  }

  func listSessions(_ request: ListSessionsRequest, caller: Caller) async throws -> ListSessionsReply {
    let userID = try parseUserID(caller.userID)
    let page = try Self.sessionPages.page(of: request.page, by: PageKeyPair<UTCTimestamp, UUID>.self)
    let before = page.after
    let rows = try await self.database.withConnection { connection in
      try await connection.query(
        """
        SELECT id, device, created_at, last_used_at, expires_at FROM sessions
        WHERE user_id = \(userID) AND revoked_at IS NULL AND expires_at > \(self.now)
          AND (\(before?.first)::timestamptz IS NULL OR (created_at, id) < (\(before?.first), \(before?.second)))
        ORDER BY created_at DESC, id DESC LIMIT \(page.limit)
        """, logger: self.logger
      ).decode((UUID, String, UTCTimestamp, UTCTimestamp, UTCTimestamp).self).collect()
    }
    let (shown, next) = page.cut(rows) { PageKeyPair($0.2, $0.0) }
    let sessions = shown.map { id, device, created, used, expires in
      SessionInfo(
        id: id.uuidString.lowercased(), device: device, createdAt: created, lastUsedAt: used, expiresAt: expires,
        current: id.uuidString.lowercased() == caller.sessionID)
    }
    return ListSessionsReply(sessions: Array(sessions), nextPageToken: next)
  }

  func revokeSessions(_ request: RevokeSessionsRequest, caller: Caller) async throws -> RevokeSessionsReply {
    let userID = try parseUserID(caller.userID)
    let current = caller.sessionID.flatMap(UUID.init(uuidString:))
    let count = try await self.database.transaction { connection -> Int in
      if request.sessionID.isEmpty {
        return try await self.revokeAllSessions(
          of: userID, keeping: request.keepCurrent ? current : nil, reason: "revoked_by_user", on: connection)
      }
      guard let sessionID = UUID(uuidString: request.sessionID) else { throw IdentityError.notFound }
      let rows = try await connection.query(
        """
        UPDATE sessions SET revoked_at = \(self.now), revoked_reason = 'revoked_by_user'
        WHERE id = \(sessionID) AND user_id = \(userID) AND revoked_at IS NULL RETURNING id
        """, logger: self.logger)
      guard try await rows.one(UUID.self) != nil else { throw IdentityError.notFound }
      return 1
    }
    return RevokeSessionsReply(revoked: UInt32(count))
  }
}
