import PostgresNIO
import RPC
import Storage

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

extension Identity {
  /// Runs before the first call (every start, every replica, under one advisory lock): the
  /// built-in permissions and roles, the first signing key, and the operator administrator.
  func prepare() async throws {
    try await self.database.transaction { connection in
      try await connection.query("SELECT pg_advisory_xact_lock(\(Self.bootstrapLock))", logger: self.logger)
      for permission in PermissionCatalogue.builtIn {
        try await connection.query(
          """
          INSERT INTO permissions (name, service, doc) VALUES (\(permission.name), \(permission.service), \(permission.doc))
          ON CONFLICT (name) DO UPDATE SET doc = EXCLUDED.doc
          """, logger: self.logger)
      }
      for role in PermissionCatalogue.roles {
        try await connection.query(
          """
          INSERT INTO roles (name, audience, built_in) VALUES (\(role.name), \(role.audience), true)
          ON CONFLICT (name) DO UPDATE SET audience = EXCLUDED.audience, built_in = true
          """, logger: self.logger)
        try await connection.query("DELETE FROM role_permissions WHERE role = \(role.name)", logger: self.logger)
        for permission in role.permissions {
          try await connection.query(
            "INSERT INTO role_permissions (role, permission) VALUES (\(role.name), \(permission.name))",
            logger: self.logger)
        }
      }
      try await self.ensureOperatorAdmin(on: connection)
    }
    try await self.keys.ensureKey()
  }

  static let bootstrapLock: Int64 = 0x4944_454E_5449_5459  // "IDENTITY"

  /// Creates the operator organization and its administrator on the very first start. The
  /// password comes from settings, or is generated and printed once.
  func ensureOperatorAdmin(on connection: PostgresConnection) async throws {
    let rows = try await connection.query(
      "SELECT EXISTS (SELECT 1 FROM organizations WHERE kind = 'operator')", logger: self.logger)
    guard try await rows.one(Bool.self) == false else { return }
    let organizationID = UUID()
    let password = self.settings.adminPassword ?? SecretCodes.token()
    let passwordHash = try await self.hasher.hash(password)
    try await connection.query(
      """
      INSERT INTO organizations (id, kind, name, created_at) VALUES (\(organizationID), 'operator', 'Operator', \(self.now))
      """, logger: self.logger)
    try await connection.query(
      """
      INSERT INTO users (id, organization_id, role, login, email, full_name, language, password_hash, status, created_at, confirmed_at)
      VALUES (\(UUID()), \(organizationID), 'admin', 'admin', \(self.settings.adminEmail), 'Administrator', 'en',
              \(passwordHash), 'active', \(self.now), \(self.now))
      """, logger: self.logger)
    if self.settings.adminPassword == nil {
      // Printed once, on the first start only: the password is not stored anywhere readable.
      print("abonent-identity: created the operator administrator — login: admin  password: \(password)")
    }
    self.logger.notice(
      "created the operator administrator", metadata: ["login": "admin", "email": "\(self.settings.adminEmail)"])
  }
}
