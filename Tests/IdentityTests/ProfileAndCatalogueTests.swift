import BillingAPI
import GRPCCore
import IdentityAPI
import IdentityService
import PostgresNIO
import RPC
import Storage
import TelecomAPI
import TestSupport
import Testing
import UtilitiesAPI
import WireCodec

@Suite(
  "Profile changes, password rehash, roles and the permission catalogue",
  .enabled(
    if: TestDatabase.isAvailable && SMTPSink.isAvailable,
    "needs the test PostgreSQL and aiosmtpd (scripts/test.sh provides both)"))
struct ProfileAndCatalogueTests {
  @Test("changing the e-mail sends a code to the new address and switches only once it is confirmed")
  func emailChange() async throws {
    try await IdentityTestbed.with { bed in
      let tokens = try await bed.registeredCompany(
        email: "old@firm.ru", taxID: "7707083893", contract: "E1", password: "email password")
      let wrong = await bed.refusal {
        _ = try await bed.call(
          IdentityContract.requestEmailChange, RequestEmailChangeRequest(newEmail: "new@firm.ru", password: "nope"),
          token: tokens.accessToken)
      }
      #expect(wrong?.reason == "WRONG_PASSWORD")
      _ = try await bed.call(
        IdentityContract.requestEmailChange,
        RequestEmailChangeRequest(newEmail: "new@firm.ru", password: "email password"), token: tokens.accessToken)
      let mail = try await bed.mail(to: "new@firm.ru")
      let code = try IdentityTestbed.field(after: "кодом ", in: mail.text)
      // Not yet switched: the old address still signs in, the new one does not.
      _ = try await bed.call(IdentityContract.signIn, SignInRequest(login: "old@firm.ru", password: "email password"))
      #expect(
        await bed.refusal {
          _ = try await bed.call(
            IdentityContract.signIn, SignInRequest(login: "new@firm.ru", password: "email password"))
        }?.reason
          == "INVALID_CREDENTIALS")
      let me = try await bed.call(IdentityContract.myPermissions, MyPermissionsRequest(), token: tokens.accessToken)
      _ = try await bed.call(
        IdentityContract.confirmEmailChange, ConfirmEmailChangeRequest(userID: me.userID, code: code))
      _ = try await bed.call(IdentityContract.signIn, SignInRequest(login: "new@firm.ru", password: "email password"))
      #expect(
        await bed.refusal {
          _ = try await bed.call(
            IdentityContract.signIn, SignInRequest(login: "old@firm.ru", password: "email password"))
        }?.reason
          == "INVALID_CREDENTIALS")
    }
  }

  @Test("raising the scrypt cost rehashes a password at its next sign-in")
  func rehashOnSignIn() async throws {
    let sink = try SMTPSink()
    try await sink.start()
    defer { sink.stop() }
    try await TestDatabase.with { database in
      let base = IdentityTestbed.settings(sink: sink, database: TestDatabase.serverSettings(database), extra: [:])
      try await TestServer.with(IdentityService.definition, settings: base) { port in
        let bed = IdentityTestbed(port: port, sink: sink, clock: SettableWallClock(.now), databaseSettings: [:])
        _ = try await bed.registeredCompany(
          email: "h@hash.ru", taxID: "7707083893", contract: "H1", password: "hash password")
      }
      #expect(try await self.storedHash(database).hasPrefix("$scrypt$ln=10,r=8,p=1$"))
      var stronger = base
      stronger["abonent.identity.scryptLog2N"] = "11"
      try await TestServer.with(IdentityService.definition, settings: stronger) { port in
        let bed = IdentityTestbed(port: port, sink: sink, clock: SettableWallClock(.now), databaseSettings: [:])
        _ = try await bed.call(IdentityContract.signIn, SignInRequest(login: "vkH1", password: "hash password"))
      }
      #expect(try await self.storedHash(database).hasPrefix("$scrypt$ln=11,r=8,p=1$"))
    }
  }

  func storedHash(_ settings: DatabaseSettings) async throws -> String {
    try await TestDatabase.running(settings) { database in
      try await database.withConnection { connection in
        try await connection.query("SELECT password_hash FROM users WHERE login = 'vkH1'", logger: database.logger)
          .decode(String.self).collect().first ?? ""
      }
    }
  }

  /// A permission a service registers at run time (not one of the contract's constants).
  static let exportReadings = Permission("utilities", "readings", "export", doc: "Export readings")
  /// A well-formed permission of another service than the one registering it.
  static let someoneElses = Permission("billing", "things", "read", doc: "")
  /// A permission nobody registered.
  static let unregistered = Permission("utilities", "pipes", "dig", doc: "")

  @Test("a service registers its permissions, an admin bundles them in a custom role, an owner's user gets it")
  func catalogueAndCustomRoles() async throws {
    try await IdentityTestbed.with { bed in
      let admin = try await bed.adminToken()
      let account = try await bed.call(
        IdentityContract.createServiceAccount,
        CreateServiceAccountRequest(name: "utilities", permissions: [IdentityPermission.permissionsRegister.name]),
        token: admin)
      let service = try await bed.call(
        IdentityContract.serviceToken,
        ServiceTokenRequest(clientID: account.clientID, clientSecret: account.clientSecret))
      _ = try await bed.call(
        IdentityContract.registerPermissions,
        RegisterPermissionsRequest(permissions: [
          PermissionInfo(name: Self.exportReadings.name, doc: Self.exportReadings.doc)
        ]), token: service.accessToken)
      let outside = await bed.refusal {
        _ = try await bed.call(
          IdentityContract.registerPermissions,
          RegisterPermissionsRequest(permissions: [
            PermissionInfo(name: Self.someoneElses.name, doc: "no")
          ]), token: service.accessToken)
      }
      #expect(outside?.violations == ["permissions": "PERMISSION_OUTSIDE_SERVICE"])
      let catalogue = try await bed.call(IdentityContract.listPermissions, ListPermissionsRequest(), token: admin)
      #expect(catalogue.permissions.contains { $0.name == Self.exportReadings.name && $0.service == "utilities" })

      let unknown = await bed.refusal {
        _ = try await bed.call(
          IdentityContract.saveRole,
          SaveRoleRequest(
            role: RoleInfo(
              name: "meter-reader", audience: "customer", permissions: [Self.unregistered.name])), token: admin)
      }
      #expect(unknown?.violations == ["role.permissions": "PERMISSION_UNKNOWN"])
      _ = try await bed.call(
        IdentityContract.saveRole,
        SaveRoleRequest(
          role: RoleInfo(
            name: "meter-reader", audience: "customer",
            permissions: [UtilitiesPermission.readingsSubmit.name, Self.exportReadings.name])), token: admin)
      let builtIn = await bed.refusal {
        _ = try await bed.call(
          IdentityContract.saveRole,
          SaveRoleRequest(role: RoleInfo(name: "owner", audience: "customer", permissions: [])), token: admin)
      }
      #expect(builtIn?.reason == "NOT_ALLOWED")

      // ListRoles pages by (audience, name): two at a time, every role once, the new one with
      // its permissions.
      var roles: [RoleInfo] = []
      var request = ListRolesRequest(page: PageRequest(size: 2, token: ""))
      repeat {
        let page = try await bed.call(IdentityContract.listRoles, request, token: admin)
        #expect(page.roles.count <= 2)
        roles += page.roles
        request.page.token = page.nextPageToken
      } while !request.page.token.isEmpty
      #expect(Set(roles.map(\.name)).count == roles.count)
      #expect(roles.map { "\($0.audience)/\($0.name)" } == roles.map { "\($0.audience)/\($0.name)" }.sorted())
      #expect(Set(roles.map(\.name)).isSuperset(of: ["admin", "owner", "member", "meter-reader"]))
      // The Telecom manual's departments: the assistants decide number releases, sales reserve
      // numbers and ask, support finds customers by number and reads CDRs.
      let rolePermissions = Dictionary(
        roles.map { ($0.name, Set($0.permissions)) }, uniquingKeysWith: { first, _ in first })
      #expect(
        rolePermissions["assistant"]
          == [TelecomPermission.numbersRead.name, TelecomPermission.numbersApproveRelease.name])
      #expect(
        rolePermissions["sales"]?.isSuperset(of: [
          TelecomPermission.numbersRead.name, TelecomPermission.numbersManage.name,
          BillingPermission.subscriptionsManage.name,
        ]) == true)
      #expect(
        rolePermissions["support"]?.isSuperset(of: [
          TelecomPermission.numbersRead.name, TelecomPermission.callsRead.name,
        ])
          == true)
      #expect(!rolePermissions.contains { $0.key != "admin" && $0.value.contains(TelecomPermission.numbersForce.name) })
      #expect(
        roles.first { $0.name == "meter-reader" }?.permissions.sorted()
          == [Self.exportReadings.name, UtilitiesPermission.readingsSubmit.name].sorted())

      let owner = try await bed.registeredCompany(
        email: "o@water.ru", taxID: "7736207543", contract: "W1", password: "owner password")
      let invited = try await bed.call(
        IdentityContract.inviteUser, InviteUserRequest(email: "reader@water.ru", role: "member"),
        token: owner.accessToken)
      let token = try IdentityTestbed.field(after: "token=", in: try await bed.mail(to: "reader@water.ru").text)
      _ = try await bed.call(
        IdentityContract.acceptInvitation,
        AcceptInvitationRequest(
          userID: invited.userID, token: token, fullName: "Reader", password: "reader password",
          passwordConfirmation: "reader password"))
      _ = try await bed.call(
        IdentityContract.changeMembership, ChangeMembershipRequest(userID: invited.userID, role: "meter-reader"),
        token: owner.accessToken)
      let reader = try await bed.call(
        IdentityContract.signIn, SignInRequest(login: "reader@water.ru", password: "reader password"))
      let permissions = try await bed.call(
        IdentityContract.myPermissions, MyPermissionsRequest(), token: reader.accessToken)
      #expect(permissions.role == "meter-reader")
      #expect(permissions.permissions == [Self.exportReadings.name, UtilitiesPermission.readingsSubmit.name])
      let audit = try await bed.call(
        IdentityContract.listAuditEvents, ListAuditEventsRequest(userID: invited.userID, kinds: ["role_changed"]),
        token: admin)
      #expect(audit.events.map(\.detail) == ["member -> meter-reader"])
      let own = await bed.refusal {
        _ = try await bed.call(
          IdentityContract.changeMembership, ChangeMembershipRequest(userID: permissions.userID, role: "owner"),
          token: reader.accessToken)
      }
      #expect(own?.code == .permissionDenied)
    }
  }
}
