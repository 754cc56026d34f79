import ISPAPI
import ISPRules
import PostgresNIO
import RPC
import Storage
import WireCodec

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// RADIUS logins of plans. FreeRADIUS reads them through the `radcheck`/`radreply` views
/// (migrations 100–101), so a change here holds from its next request.
extension ISP {
  func createLogin(_ request: CreateLoginRequest, caller: Caller) async throws -> RadiusLoginInfo {
    try caller.require(ISPPermission.loginsManage)
    var checks = FieldChecks()
    self.checkLogin(request.login, password: request.password, into: &checks)
    try checks.check()
    let password = request.password.isEmpty ? Self.generatedPassword() : request.password
    let actor = caller.actor
    return try await self.database.transaction { connection in
      let plan = try await self.visiblePlan(request.planID, caller: caller, lock: true, on: connection)
      guard plan.status != .cancelled else { throw ISPError.plan(.cancelled) }
      try await self.insertLogin(request.login, password: password, plan: plan.id, actor: actor, on: connection)
      var login = try await self.login(request.login, on: connection)
      login.password = password
      return login
    }
  }

  func checkLogin(_ login: String, password: String, into checks: inout FieldChecks) {
    if !RadiusLogin.isValid(login, blockAccents: self.settings.blockAccentsInLogins) {
      checks.add(
        "login", "LOGIN_INVALID",
        self.settings.blockAccentsInLogins
          ? "A login is 1–64 of the letters a–z, digits and . _ - @ (no accents or spaces)."
          : "A login is 1–64 characters without spaces.")
    }
    Self.checkPassword(password, into: &checks)
  }

  static func checkPassword(_ password: String, into checks: inout FieldChecks) {
    if !password.isEmpty,
      !(8...64).contains(password.count) || !password.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value != 0x7F })
    {
      checks.add("password", "PASSWORD_INVALID", "A password is 8–64 characters without spaces.")
    }
  }

  static func generatedPassword() -> String {
    var random = SystemRandomNumberGenerator()
    return RadiusLogin.password(using: &random)
  }

  func insertLogin(_ login: String, password: String, plan: UUID, actor: String, on connection: PostgresConnection)
    async throws
  {
    let inserted = try await connection.query(
      """
      INSERT INTO radius_logins (login, password, plan_id, created_at) VALUES (\(login), \(password), \(plan), \(self.now))
      ON CONFLICT (login) DO NOTHING RETURNING id
      """, logger: self.logger
    ).decode(Int64.self).collect()
    guard !inserted.isEmpty else { throw ISPError.loginTaken }
    try await self.record(plan, "login_added", after: login, actor: actor, on: connection)
  }

  func getLogin(_ request: LoginActionRequest, caller: Caller) async throws -> RadiusLoginInfo {
    try caller.require(ISPPermission.plansRead)
    return try await self.database.withConnection { connection in
      var login = try await self.visibleLogin(request.login, caller: caller, on: connection)
      if !caller.has(ISPPermission.loginPasswordsRead) { login.password = "" }
      return login
    }
  }

  func changeLoginPassword(_ request: ChangeLoginPasswordRequest, caller: Caller) async throws -> RadiusLoginInfo {
    try caller.require(ISPPermission.loginPasswordsEdit)
    var checks = FieldChecks()
    Self.checkPassword(request.password, into: &checks)
    checks.text(request.reason, field: "reason", name: "The reason", maximum: 500, required: false)
    try checks.check()
    let password = request.password.isEmpty ? Self.generatedPassword() : request.password
    let actor = caller.actor
    return try await self.database.transaction { connection in
      let login = try await self.visibleLogin(request.login, caller: caller, lock: true, on: connection)
      try await connection.query(
        "UPDATE radius_logins SET password = \(password) WHERE login = \(request.login)", logger: self.logger)
      if let plan = UUID(uuidString: login.planID) {
        // The password itself is never written to history.
        try await self.record(
          plan, "login_password", after: request.login, reason: request.reason, actor: actor, on: connection)
      }
      var changed = try await self.login(request.login, on: connection)
      changed.password = password
      return changed
    }
  }

  /// «Apagar o Login de Autenticação»: gone from FreeRADIUS at its next request; «Ao apagar o
  /// login ficará gravado no Histórico».
  func deleteLogin(_ request: LoginActionRequest, caller: Caller) async throws -> RadiusLoginInfo {
    try caller.require(ISPPermission.loginsDelete)
    try Self.checkReason(request.reason)
    let actor = caller.actor
    return try await self.database.transaction { connection in
      var login = try await self.visibleLogin(request.login, caller: caller, lock: true, on: connection)
      try await connection.query("DELETE FROM radius_logins WHERE login = \(request.login)", logger: self.logger)
      if let plan = UUID(uuidString: login.planID) {
        try await self.record(
          plan, "login_deleted", before: request.login, reason: request.reason, actor: actor, on: connection)
      }
      login.password = ""
      return login
    }
  }

  /// The login as FreeRADIUS sees it (the `radius_login_states` view), password included.
  func login(_ login: String, on connection: PostgresConnection) async throws -> RadiusLoginInfo {
    let rows = try await connection.query(
      """
      SELECT s.login, l.plan_id, s.password, s.plan_allows AND NOT (s.debt_blocked AND s.debt_action = 'reject'),
        host(s.framed_ip), l.created_at
      FROM radius_login_states s JOIN radius_logins l ON l.id = s.id WHERE s.login = \(login)
      """, logger: self.logger
    ).decode((String, UUID?, String, Bool, String?, UTCTimestamp).self).collect()
    guard let row = rows.first else { throw ISPError.loginNotFound }
    return RadiusLoginInfo(
      login: row.0, planID: row.1?.uuidString.lowercased() ?? "", password: row.2, state: row.3 ? .active : .refused,
      framedIP: row.4 ?? "", createdAt: row.5)
  }

  /// The login, NOT_FOUND unless its plan is visible to the caller.
  func visibleLogin(_ name: String, caller: Caller, lock: Bool = false, on connection: PostgresConnection)
    async throws -> RadiusLoginInfo
  {
    var checks = FieldChecks()
    checks.text(name, field: "login", name: "The login", maximum: 64)
    try checks.check()
    if lock {
      _ = try await connection.query(
        "SELECT id FROM radius_logins WHERE login = \(name) FOR UPDATE", logger: self.logger
      ).decode(Int64.self).collect()
    }
    let login = try await self.login(name, on: connection)
    if caller.kind == .customer {
      _ = try await self.visiblePlan(login.planID, caller: caller, on: connection)
    }
    return login
  }
}
