import IdentityAPI
import PostgresNIO
import RPC
import Storage

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

extension Identity {
  static let rolePages = PageRules(defaultSize: 100, maximumSize: 500)

  func listRoles(_ request: ListRolesRequest) async throws -> ListRolesReply {
    let page = try Self.rolePages.page(of: request.page, by: PageKeyPair<String, String>.self)
    return try await self.database.withConnection { connection in
      let rows = try await connection.query(
        """
        SELECT name, audience, built_in FROM roles
        WHERE (\(page.after?.first)::text IS NULL OR (audience, name) > (\(page.after?.first), \(page.after?.second)))
        ORDER BY audience, name LIMIT \(page.limit)
        """, logger: self.logger
      )
      .decode((String, String, Bool).self).collect()
      let (roles, next) = page.cut(rows) { PageKeyPair($0.1, $0.0) }
      var result: [RoleInfo] = []
      for (name, audience, builtIn) in roles {
        let permissions = try await self.permissions(ofRole: name, on: connection).permissions
        result.append(RoleInfo(name: name, audience: audience, permissions: permissions, builtIn: builtIn))
      }
      return ListRolesReply(roles: result, nextPageToken: next)
    }
  }

  func saveRole(_ request: SaveRoleRequest, caller: Caller) async throws -> Acknowledgement {
    let role = request.role
    var checks = FieldChecks()
    if role.name.isEmpty || role.name.count > 64
      || !role.name.unicodeScalars.allSatisfy({
        ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "_"
      })
    {
      checks.add("role.name", "ROLE_NAME_INVALID", "A role name is 1–64 lowercase letters, digits, '-' or '_'.")
    }
    if RoleAudience(rawValue: role.audience) == nil {
      checks.add("role.audience", "AUDIENCE_INVALID", "The audience is 'staff' or 'customer'.")
    }
    try checks.check()
    try await self.database.transaction { connection in
      let existing = try await connection.query(
        "SELECT built_in FROM roles WHERE name = \(role.name)", logger: self.logger
      )
      .one(Bool.self)
      if existing == true {
        throw IdentityError.notAllowed("Built-in roles cannot be changed; create a custom role instead.")
      }
      let known = Set(
        try await connection.query(
          "SELECT name FROM permissions WHERE name = ANY(\(role.permissions))", logger: self.logger
        )
        .decode(String.self).collect())
      let unknown = role.permissions.filter { !known.contains($0) }
      if !unknown.isEmpty {
        throw ValidationFailure(
          unknown.map {
            FieldViolation("role.permissions", "PERMISSION_UNKNOWN", "'\($0)' is not in the permission catalogue.")
          })
      }
      try await connection.query(
        """
        INSERT INTO roles (name, audience) VALUES (\(role.name), \(role.audience)) ON CONFLICT (name) DO UPDATE SET audience = EXCLUDED.audience
        """, logger: self.logger)
      try await connection.query("DELETE FROM role_permissions WHERE role = \(role.name)", logger: self.logger)
      for permission in Set(role.permissions) {
        try await connection.query(
          "INSERT INTO role_permissions (role, permission) VALUES (\(role.name), \(permission))", logger: self.logger)
      }
      try await self.audit(
        "role_saved", user: nil, actor: caller.userID,
        detail: "\(role.name): \(role.permissions.sorted().joined(separator: ","))", on: connection)
    }
    return Acknowledgement(note: "The role was saved.")
  }

  func listPermissions() async throws -> ListPermissionsReply {
    let rows = try await self.database.withConnection { connection in
      try await connection.query("SELECT name, service, doc FROM permissions ORDER BY name", logger: self.logger)
        .decode((String, String, String).self).collect()
    }
    return ListPermissionsReply(permissions: rows.map { PermissionInfo(name: $0.0, service: $0.1, doc: $0.2) })
  }

  /// A service account adds permissions under its own name (`billing` registers `billing.*`).
  func registerPermissions(_ request: RegisterPermissionsRequest, caller: Caller) async throws -> Acknowledgement {
    let service = caller.kind == .service ? String(caller.userID.dropFirst("svc:".count)) : ""
    var checks = FieldChecks()
    for permission in request.permissions {
      if caller.kind != .staff && !permission.name.hasPrefix(service + ".") {
        checks.add("permissions", "PERMISSION_OUTSIDE_SERVICE", "'\(permission.name)' must start with '\(service).'.")
      }
      let parts = permission.name.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
      if permission.name.count > 100 || parts.count != 3
        || !Permission.isWellFormed(service: parts[0], resource: parts[1], verb: parts[2])
      {
        checks.add(
          "permissions", "PERMISSION_NAME_INVALID",
          "'\(permission.name)' is not <service>.<plural noun>.<verb> in lower case (docs/contributing.md).")
      }
    }
    try checks.check()
    try await self.database.transaction { connection in
      for permission in request.permissions {
        try await connection.query(
          """
          INSERT INTO permissions (name, service, doc) VALUES (\(permission.name), \(String(permission.name.prefix { $0 != "." })), \(permission.doc))
          ON CONFLICT (name) DO UPDATE SET doc = EXCLUDED.doc
          """, logger: self.logger)
      }
    }
    return Acknowledgement(note: "\(request.permissions.count) permissions registered.")
  }

  func myPermissions(_ caller: Caller) async throws -> MyPermissionsReply {
    var role = ""
    if caller.kind != .service, let userID = UUID(uuidString: caller.userID) {
      role = try await self.database.withConnection { connection in
        try await self.user(byID: userID, on: connection)?.role ?? ""
      }
    }
    return MyPermissionsReply(
      userID: caller.userID, organizationID: caller.organizationID ?? "", kind: caller.kind.rawValue, role: role,
      permissions: caller.permissions.sorted())
  }

  func createServiceAccount(_ request: CreateServiceAccountRequest, caller: Caller) async throws
    -> CreateServiceAccountReply
  {
    var checks = FieldChecks()
    if request.name.isEmpty || request.name.count > 64
      || !request.name.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" })
    {
      checks.add("name", "NAME_INVALID", "A service account name is 1–64 lowercase letters, digits or '-'.")
    }
    try checks.check()
    let clientID = "sa-" + SecretCodes.controlString().prefix(16)
    let secret = SecretCodes.token()
    try await self.database.transaction { connection in
      let known = Set(
        try await connection.query(
          "SELECT name FROM permissions WHERE name = ANY(\(request.permissions))", logger: self.logger
        )
        .decode(String.self).collect())
      let unknown = request.permissions.filter { !known.contains($0) }
      if !unknown.isEmpty {
        throw ValidationFailure(
          unknown.map {
            FieldViolation("permissions", "PERMISSION_UNKNOWN", "'\($0)' is not in the permission catalogue.")
          })
      }
      let taken =
        try await connection.query(
          "SELECT EXISTS (SELECT 1 FROM service_accounts WHERE name = \(request.name))", logger: self.logger
        )
        .one(Bool.self) ?? false
      if taken {
        throw ValidationFailure([
          FieldViolation("name", "NAME_TAKEN", "A service account '\(request.name)' already exists.")
        ])
      }
      try await connection.query(
        """
        INSERT INTO service_accounts (client_id, name, secret_hash, permissions, created_at)
        VALUES (\(String(clientID)), \(request.name), \(ByteBuffer(bytes: SecretCodes.digest(secret))), \(request.permissions), \(self.now))
        """, logger: self.logger)
      try await self.audit(
        "service_account_created", user: nil, actor: caller.userID, detail: request.name, on: connection)
    }
    return CreateServiceAccountReply(clientID: String(clientID), clientSecret: secret)
  }
}
