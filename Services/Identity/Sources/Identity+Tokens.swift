import IdentityAPI
import JWTKit
import PostgresNIO
import RPC
import Storage
import WireCodec

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// Every Abonent service accepts Identity's tokens: the `aud` claim lists them all.
let serviceAudiences = ["abonent-identity", "abonent-billing", "abonent-telecom", "abonent-utilities", "abonent-isp"]

extension Identity {
  /// The permissions of `role`: the staff role `admin` holds the whole catalogue.
  func permissions(ofRole role: String, on connection: PostgresConnection) async throws -> (
    permissions: [String], staff: Bool
  ) {
    let rows = try await connection.query("SELECT audience FROM roles WHERE name = \(role)", logger: self.logger)
    let audience = try await rows.one(RoleAudience.self) ?? .customer
    let permissions =
      role == PermissionCatalogue.administrator && audience == .staff
      ? try await connection.query("SELECT name FROM permissions ORDER BY name", logger: self.logger)
      : try await connection.query(
        "SELECT permission FROM role_permissions WHERE role = \(role) ORDER BY permission", logger: self.logger)
    return (try await permissions.decode(String.self).collect(), audience == .staff)
  }

  /// Signs an access token for `subject`.
  func accessToken(
    subject: String, organizationID: String?, permissions: [String], sessionID: String?, kind: Caller.Kind
  ) async throws -> (token: String, expiresAt: UTCTimestamp) {
    try await Self.accessToken(
      subject: subject, organizationID: organizationID, permissions: permissions, sessionID: sessionID, kind: kind,
      keys: self.keys,
      issued: self.now, lifetime: self.settings.accessTokenLifetime)
  }

  /// Signs an access token with the active key; static so that Identity's own service token
  /// source (CustomerCheck.swift) can sign before Identity is fully built.
  static func accessToken(
    subject: String, organizationID: String?, permissions: [String], sessionID: String?, kind: Caller.Kind,
    keys: SigningKeys,
    issued: UTCTimestamp, lifetime: Duration
  ) async throws -> (token: String, expiresAt: UTCTimestamp) {
    let key = try await keys.active()
    let expires = issued.adding(lifetime)
    let claims = AccessTokenClaims(
      userID: subject, organizationID: organizationID, permissions: permissions, audience: serviceAudiences,
      issuer: "abonent-identity", expires: expires.date, issuedAt: issued.date, sessionID: sessionID, kind: kind)
    let token = try await key.collection.sign(claims, kid: JWKIdentifier(string: key.kid))
    return (token, expires)
  }

  /// Opens a session for `user` and returns its first token pair.
  func openSession(for user: UserRecord, rememberMe: Bool, device: String, on connection: PostgresConnection)
    async throws -> TokenPair
  {
    let sessionID = UUID()
    let lifetime = rememberMe ? self.settings.rememberMeLifetime : self.settings.sessionLifetime
    let expires = self.now.adding(lifetime)
    try await connection.query(
      """
      INSERT INTO sessions (id, user_id, device, remember, created_at, last_used_at, expires_at)
      VALUES (\(sessionID), \(user.id), \(String(device.prefix(200))), \(rememberMe), \(self.now), \(self.now), \(expires))
      """, logger: self.logger)
    return try await self.tokenPair(for: user, sessionID: sessionID, sessionExpires: expires, on: connection)
  }

  /// A fresh refresh token for the session plus an access token with the user's current permissions.
  func tokenPair(for user: UserRecord, sessionID: UUID, sessionExpires: UTCTimestamp, on connection: PostgresConnection)
    async throws -> TokenPair
  {
    let refresh = SecretCodes.token()
    try await connection.query(
      """
      INSERT INTO refresh_tokens (token_hash, session_id, created_at) VALUES (\(ByteBuffer(bytes: SecretCodes.digest(refresh))), \(sessionID), \(self.now))
      """, logger: self.logger)
    let (permissions, staff) = try await self.permissions(ofRole: user.role, on: connection)
    let access = try await self.accessToken(
      subject: user.id.uuidString.lowercased(), organizationID: user.organizationID.uuidString.lowercased(),
      permissions: permissions,
      sessionID: sessionID.uuidString.lowercased(), kind: staff ? .staff : .customer)
    return TokenPair(
      accessToken: access.token, accessExpiresAt: access.expiresAt, refreshToken: refresh,
      refreshExpiresAt: sessionExpires,
      sessionID: sessionID.uuidString.lowercased())
  }
}

extension UTCTimestamp {
  var date: Date { Date(timeIntervalSince1970: Double(self.microsecondsSinceEpoch) / 1_000_000) }
}
