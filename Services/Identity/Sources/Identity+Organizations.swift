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
  static let userPages = PageRules(defaultSize: 50, maximumSize: 500)

  /// The organization a call is about: the one named, or the caller's own. A customer naming
  /// another organization, or anyone lacking `permission`, is refused without learning whether
  /// the organization exists.
  func organization(_ requested: String, for caller: Caller, with permission: Permission) throws(PlatformError) -> UUID
  {
    let target = requested.isEmpty ? (caller.organizationID ?? "") : requested.lowercased()
    guard caller.mayAct(on: target, with: permission), let id = UUID(uuidString: target) else {
      throw PlatformError.permissionDenied(permission.name)
    }
    return id
  }

  func listOrganizationUsers(_ request: ListOrganizationUsersRequest, caller: Caller) async throws
    -> ListOrganizationUsersReply
  {
    let organizationID = try self.organization(request.organizationID, for: caller, with: IdentityPermission.usersRead)
    let page = try Self.userPages.page(of: request.page, by: PageKeyPair<UTCTimestamp, UUID>.self)
    let after = page.after
    let rows = try await self.database.withConnection { connection in
      try await connection.query(
        """
        SELECT id, login, email, full_name, role, status, created_at FROM users
        WHERE organization_id = \(organizationID) AND status <> 'removed'
          AND (\(after?.first)::timestamptz IS NULL OR (created_at, id) > (\(after?.first), \(after?.second)))
        ORDER BY created_at, id LIMIT \(page.limit)
        """, logger: self.logger
      ).decode((UUID, String, String, String, String, UserRecord.Status, UTCTimestamp).self).collect()
    }
    let (shown, next) = page.cut(rows) { PageKeyPair($0.6, $0.0) }
    let users = shown.map { id, login, email, name, role, status, _ in
      OrganizationUser(
        userID: id.uuidString.lowercased(), login: login, email: email, fullName: name, role: role,
        active: status == .active)
    }
    return ListOrganizationUsersReply(users: Array(users), nextPageToken: next)
  }

  /// Checks a role may be given in an organization: customer roles in customer organizations,
  /// staff roles only in the operator's.
  func checkRole(_ role: String, for organizationID: UUID, on connection: PostgresConnection) async throws {
    let rows = try await connection.query(
      """
      SELECT r.audience, o.kind FROM roles r, organizations o WHERE r.name = \(role) AND o.id = \(organizationID)
      """, logger: self.logger)
    guard let (audience, kind) = try await rows.one((RoleAudience, UserRecord.OrganizationKind).self) else {
      throw ValidationFailure([
        FieldViolation("role", "ROLE_UNKNOWN", "There is no role '\(role)' (or no such organization).")
      ])
    }
    guard (audience == .staff) == (kind == .operator) else {
      throw ValidationFailure([
        FieldViolation(
          "role", "ROLE_NOT_FOR_ORGANIZATION", "The role '\(role)' is for \(audience) users, not this organization.")
      ])
    }
  }

  func inviteUser(_ request: InviteUserRequest, caller: Caller) async throws -> InviteUserReply {
    let organizationID = try self.organization(
      request.organizationID, for: caller, with: IdentityPermission.usersManage)
    let email = request.email.trimmingWhitespace
    var checks = FieldChecks()
    checks.email(email)
    try checks.check()
    let userID = UUID()
    try await self.database.transaction { connection in
      try await self.checkRole(request.role, for: organizationID, on: connection)
      try await self.requireEmailFree(email, field: "email", on: connection)
      try await connection.query(
        """
        INSERT INTO users (id, organization_id, role, login, email, language, status, created_at)
        VALUES (\(userID), \(organizationID), \(request.role), \(email), \(email), \(request.language.code), 'invited', \(self.now))
        """, logger: self.logger)
      let token = try await self.issueCode(.invitation, for: userID, on: connection)
      try await self.queueMail(
        .invitation(userID: userID, token: token), to: email, name: nil, language: request.language.code, on: connection
      )
      try await self.audit("user_invited", user: userID, actor: caller.userID, detail: request.role, on: connection)
    }
    return InviteUserReply(userID: userID.uuidString.lowercased())
  }

  func acceptInvitation(_ request: AcceptInvitationRequest) async throws -> Acknowledgement {
    let userID = try parseUserID(request.userID)
    var checks = FieldChecks()
    checks.text(request.fullName, field: "fullName", name: "The full name")
    checks.password(
      request.password, confirmation: request.passwordConfirmation, minimumLength: self.settings.passwordMinLength)
    try checks.check()
    let passwordHash = try await self.hasher.hash(request.password)
    let outcome = try await self.database.transaction { connection -> Result<Void, IdentityError> in
      guard let user = try await self.user(byID: userID, on: connection, forUpdate: true), user.status == .invited
      else {
        return .failure(.notFound)
      }
      if let refusal = try await self.redeemCode(.invitation, request.token, for: userID, on: connection).failure {
        return .failure(refusal)
      }
      try await connection.query(
        """
        UPDATE users SET status = 'active', full_name = \(request.fullName.trimmingWhitespace), password_hash = \(passwordHash),
          confirmed_at = \(self.now) WHERE id = \(userID)
        """, logger: self.logger)
      try await self.audit("invitation_accepted", user: userID, on: connection)
      return .success(())
    }
    try outcome.get()
    return Acknowledgement(note: "Welcome; sign in with your e-mail and the new password.")
  }

  func changeMembership(_ request: ChangeMembershipRequest, caller: Caller) async throws -> Acknowledgement {
    let organizationID = try self.organization(
      request.organizationID, for: caller, with: IdentityPermission.usersManage)
    let userID = try parseUserID(request.userID)
    guard request.userID.lowercased() != caller.userID else {
      throw IdentityError.notAllowed("You cannot change your own role or remove yourself; ask another administrator.")
    }
    try await self.database.transaction { connection in
      guard let user = try await self.user(byID: userID, on: connection, forUpdate: true),
        user.organizationID == organizationID,
        user.status != .removed
      else { throw IdentityError.notFound }
      if request.role.isEmpty {
        try await connection.query("UPDATE users SET status = 'removed' WHERE id = \(userID)", logger: self.logger)
        try await self.revokeAllSessions(of: userID, keeping: nil, reason: "removed", on: connection)
        try await self.audit("user_removed", user: userID, actor: caller.userID, on: connection)
      } else {
        try await self.checkRole(request.role, for: organizationID, on: connection)
        try await connection.query("UPDATE users SET role = \(request.role) WHERE id = \(userID)", logger: self.logger)
        try await self.audit(
          "role_changed", user: userID, actor: caller.userID, detail: "\(user.role) -> \(request.role)", on: connection)
      }
    }
    return Acknowledgement(note: request.role.isEmpty ? "The user was removed." : "The role was changed.")
  }
}
