import Foundation
import GRPCCore
import IdentityAPI
import RPC
import TelecomAPI
import TelecomRules
import TelecomService
import TestSupport
import Testing
import WireCodec

/// Issue 15, must-show 7, end to end: Identity signs the tokens from its built-in customer
/// roles (PermissionCatalogue.swift), and a Telecom that trusts only Identity's published keys
/// confines each user to its organization's SIMs and to the operations its role allows.
@Suite(
  "Telecom under Identity's real roles",
  .enabled(
    if: TestDatabase.isAvailable && SMTPSink.isAvailable && PrivateOsmoHLR.canStart,
    "needs the test PostgreSQL, aiosmtpd and osmo-hlr (scripts/test.sh provides them)"))
struct TelecomRolesTests {
  /// The cabinet's buttons for a company owner (telecom.sims.read, .block, .operate): not
  /// assign or retire, which are staff's (telecom.sims.manage).
  static let ownerButtons: [SimOperationKind] = [.block, .unblock, .reboot, .edit, .setLimit, .setPackage, .refresh]

  @Test(
    "a customer user sees only its organization's SIMs and runs only what its Identity role allows; a new role takes effect at the next sign-in"
  )
  func customerRoles() async throws {
    try await IdentityTestbed.with { bed in
      try await TelecomBesideIdentity.with(trusting: bed) { telecom in
        // 1. Two companies register and sign in; staff is Identity's own administrator.
        let alpha = try await bed.registeredCompany(
          email: "owner@alpha-iot.ru", taxID: "7707083893", contract: "A1", password: "alpha owner pass")
        let beta = try await bed.registeredCompany(
          email: "owner@beta-iot.ru", taxID: "7736207543", contract: "B1", password: "beta owner pass")
        let alphaOwner = try await bed.call(
          IdentityContract.myPermissions, MyPermissionsRequest(), token: alpha.accessToken)
        let betaOwner = try await bed.call(
          IdentityContract.myPermissions, MyPermissionsRequest(), token: beta.accessToken)
        #expect(alphaOwner.role == "owner" && alphaOwner.kind == "customer")
        #expect(alphaOwner.organizationID != betaOwner.organizationID)
        let staff = try await bed.adminToken()

        // A token signed with a key Identity never published is refused: Telecom trusts Identity only.
        let forged = await telecom.refusal {
          _ = try await telecom.call(
            TelecomContract.listSims, ListSimsRequest(),
            token: try await TestTokens.make(
              audience: "abonent-telecom", permissions: TelecomPermission.all, userID: "staff-1", organizationID: nil,
              kind: .staff))
        }
        #expect(forged?.code == .unauthenticated && forged?.reason == "TOKEN_INVALID")

        // 2. Staff import five SIMs: three for alpha's organization, two for beta's.
        let iccids = try await telecom.importSims(1...5, token: staff)
        let alphaSims = Array(iccids[0...2])
        let betaSims = Array(iccids[3...4])
        try await telecom.assign(alphaSims, account: "A1-001", organization: alphaOwner.organizationID, token: staff)
        try await telecom.assign(betaSims, account: "B1-001", organization: betaOwner.organizationID, token: staff)

        // 3. Alpha's owner: exactly alpha's SIMs, beta's do not exist for it; it blocks its own.
        let ownerList = try await telecom.call(TelecomContract.listSims, ListSimsRequest(), token: alpha.accessToken)
        #expect(ownerList.sims.map(\.iccid) == alphaSims && ownerList.total == 3)
        #expect(ownerList.sims.allSatisfy { $0.organizationID == alphaOwner.organizationID })
        let byBetaAccount = try await telecom.call(
          TelecomContract.listSims, ListSimsRequest(filter: SimFilter(accountNumber: "B1-001")),
          token: alpha.accessToken)
        #expect(byBetaAccount.sims.isEmpty && byBetaAccount.total == 0)
        let hidden = await telecom.refusal {
          _ = try await telecom.call(
            TelecomContract.getSim, GetSimRequest(iccid: betaSims[0]), token: alpha.accessToken)
        }
        #expect(hidden?.code == .notFound && hidden?.reason == "SIM_NOT_FOUND")
        let blocked = try await telecom.call(
          TelecomContract.blockSim, SimActionRequest(iccid: alphaSims[0], comment: "потерян"), token: alpha.accessToken)
        #expect(blocked.sim.state == .blocked && blocked.operation.status == .done)
        #expect(blocked.operation.actor == "customer:\(alphaOwner.userID)")
        let off = try #require(try await telecom.hlr.storedSubscriber(imsi: TelecomBesideIdentity.imsi(1)))
        #expect(!off.namCS && !off.namPS, "the block reached osmo-hlr")
        let selection = AvailableSimOperationsRequest(iccids: alphaSims + [betaSims[0]])
        let buttons = try await telecom.call(
          TelecomContract.availableSimOperations, selection, token: alpha.accessToken
        ).operations
        #expect(buttons.map(\.kind) == Self.ownerButtons)
        let block = try #require(buttons.first { $0.kind == .block })
        #expect(block.allowed == 2)
        #expect(
          Set(block.refused.map { "\($0.iccid) \($0.reason)" })
            == ["\(alphaSims[0]) SIM_ALREADY_BLOCKED", "\(betaSims[0]) SIM_NOT_FOUND"])

        // The owner's built-in role reads usage reports: over its own SIMs (none used yet); a
        // report naming beta's SIM gives no rows rather than an error (ICCIDs cannot be probed).
        let may = try #require(CalendarDate(year: 2026, month: 5, day: 1))
        let mayEnd = try #require(CalendarDate(year: 2026, month: 5, day: 31))
        for named in [alphaSims, [betaSims[0]]] {
          let report = try await telecom.call(
            TelecomContract.usageReport,
            UsageReportRequest(
              template: .days, iccids: named, from: may, through: mayEnd),
            token: alpha.accessToken)
          #expect(report.rows.isEmpty && report.totalRows == 0)
        }

        // Beta's owner, symmetrically, sees beta's two and not alpha's.
        let betaList = try await telecom.call(TelecomContract.listSims, ListSimsRequest(), token: beta.accessToken)
        #expect(betaList.sims.map(\.iccid) == betaSims && betaList.total == 2)
        let notBetas = await telecom.refusal {
          _ = try await telecom.call(
            TelecomContract.blockSim, SimActionRequest(iccid: alphaSims[1], comment: ""), token: beta.accessToken)
        }
        #expect(notBetas?.reason == "SIM_NOT_FOUND")

        // 4. A second alpha user with the built-in read-only role (of Telecom: sims.read and reports.read).
        let invited = try await bed.call(
          IdentityContract.inviteUser,
          InviteUserRequest(email: "reader@alpha-iot.ru", role: "read-only", language: .english),
          token: alpha.accessToken)
        let invitation = try IdentityTestbed.field(
          after: "token=", in: try await bed.mail(to: "reader@alpha-iot.ru").text)
        _ = try await bed.call(
          IdentityContract.acceptInvitation,
          AcceptInvitationRequest(
            userID: invited.userID, token: invitation, fullName: "Reader", password: "reader password",
            passwordConfirmation: "reader password"))
        let reader = try await bed.call(
          IdentityContract.signIn, SignInRequest(login: "reader@alpha-iot.ru", password: "reader password"))
        let readerMe = try await bed.call(
          IdentityContract.myPermissions, MyPermissionsRequest(), token: reader.accessToken)
        #expect(readerMe.role == "read-only" && readerMe.organizationID == alphaOwner.organizationID)
        #expect(
          Set(readerMe.permissions.filter { $0.hasPrefix("telecom.") })
            == [TelecomPermission.simsRead.name, TelecomPermission.reportsRead.name])

        let readerList = try await telecom.call(TelecomContract.listSims, ListSimsRequest(), token: reader.accessToken)
        #expect(readerList.sims.map(\.iccid) == alphaSims && readerList.total == 3)
        let readerHidden = await telecom.refusal {
          _ = try await telecom.call(
            TelecomContract.getSim, GetSimRequest(iccid: betaSims[1]), token: reader.accessToken)
        }
        #expect(readerHidden?.reason == "SIM_NOT_FOUND")
        let denied = await telecom.refusal {
          _ = try await telecom.call(
            TelecomContract.blockSim, SimActionRequest(iccid: alphaSims[1], comment: ""), token: reader.accessToken)
        }
        #expect(denied?.code == .permissionDenied && denied?.reason == "PERMISSION_DENIED")
        #expect(
          try await telecom.call(
            TelecomContract.availableSimOperations, selection, token: reader.accessToken
          ).operations.isEmpty)
        let untouched = try await telecom.call(TelecomContract.getSim, GetSimRequest(iccid: alphaSims[1]), token: staff)
        #expect(untouched.state == .active, "the refused block changed nothing")

        // 5. The owner makes the reader an owner. The permissions travel in the token, so the
        // token signed before the change still may not block; the next sign-in's may.
        _ = try await bed.call(
          IdentityContract.changeMembership, ChangeMembershipRequest(userID: invited.userID, role: "owner"),
          token: alpha.accessToken)
        let stale = await telecom.refusal {
          _ = try await telecom.call(
            TelecomContract.blockSim, SimActionRequest(iccid: alphaSims[1], comment: ""), token: reader.accessToken)
        }
        #expect(stale?.code == .permissionDenied)
        let promoted = try await bed.call(
          IdentityContract.signIn, SignInRequest(login: "reader@alpha-iot.ru", password: "reader password"))
        let promotedButtons = try await telecom.call(
          TelecomContract.availableSimOperations, selection, token: promoted.accessToken
        ).operations
        #expect(promotedButtons.map(\.kind) == Self.ownerButtons)
        #expect(promotedButtons.first { $0.kind == .block }?.allowed == 2)
        let promotedBlock = try await telecom.call(
          TelecomContract.blockSim, SimActionRequest(iccid: alphaSims[1], comment: ""), token: promoted.accessToken)
        #expect(promotedBlock.sim.state == .blocked && promotedBlock.operation.actor == "customer:\(invited.userID)")
        let stillHidden = await telecom.refusal {
          _ = try await telecom.call(
            TelecomContract.blockSim, SimActionRequest(iccid: betaSims[1], comment: ""), token: promoted.accessToken)
        }
        #expect(stillHidden?.reason == "SIM_NOT_FOUND", "a new role widens the operations, not the organization")
      }
    }
  }
}

/// A Telecom server beside a test's Identity: it trusts only the keys Identity publishes
/// (GetSigningKeys, written to a JWKS file as operations would), its subscriber register a
/// private osmo-hlr, its database a fresh one.
struct TelecomBesideIdentity: RunningServer {
  let port: Int
  let hlr: PrivateOsmoHLR

  static func with(trusting bed: IdentityTestbed, _ body: @Sendable (TelecomBesideIdentity) async throws -> Void)
    async throws
  {
    let jwksFile = FileManager.default.temporaryDirectory.appendingPathComponent(
      "telecom-jwks-\(UUID().uuidString).json")
    defer { try? FileManager.default.removeItem(at: jwksFile) }
    try (try await bed.call(IdentityContract.signingKeys, SigningKeysRequest())).jwks.write(
      to: jwksFile, atomically: true, encoding: .utf8)
    let hlr = try await PrivateOsmoHLR.start()
    do {
      try await TestDatabase.with { database in
        var settings = TestDatabase.serverSettings(database)
        settings["abonent.auth.jwksFile"] = jwksFile.path
        settings["abonent.log.level"] = "error"
        settings["abonent.telecom.hlrHost"] = hlr.host
        settings["abonent.telecom.hlrCtrlPort"] = "\(hlr.ctrlPort)"
        settings["abonent.telecom.simulatorLatency"] = "1ms"
        settings["abonent.jobs.pollInterval"] = "50ms"
        try await TestServer.with(TelecomService.definition, settings: settings) { port in
          try await body(TelecomBesideIdentity(port: port, hlr: hlr))
        }
      }
    } catch {
      await hlr.remove()
      throw error
    }
    await hlr.remove()
  }

  /// A valid ICCID of 20 digits ending in `serial` (its check digit worked out).
  static func iccid(_ serial: Int) -> String {
    let body = "8970199" + String(format: "%012d", serial)
    return body + String(ICCID.luhnDigit(of: body.map { Int(String($0)) ?? 0 }))
  }

  static func imsi(_ serial: Int) -> String { "25001" + String(format: "%010d", serial) }
  static func msisdn(_ serial: Int) -> String { "7900" + String(format: "%07d", serial) }

  /// Imports SIMs `serials` (TC for even, TD for odd) with `token`, returning their ICCIDs in order.
  func importSims(_ serials: ClosedRange<Int>, token: String) async throws -> [String] {
    let lines = serials.map { "\(Self.iccid($0)),\(Self.msisdn($0)),\(Self.imsi($0)),\($0 % 2 == 0 ? "TC" : "TD")" }
    let reply = try await self.call(
      TelecomContract.importSims, ImportSimsRequest(csv: lines.joined(separator: "\n"), apn: ""), token: token)
    #expect(reply.errors.isEmpty && reply.imported == UInt32(serials.count), "\(reply)")
    return serials.map(Self.iccid)
  }

  /// Puts `iccids` on account `account` of Identity organization `organization`.
  func assign(_ iccids: [String], account: String, organization: String, token: String) async throws {
    let reply = try await self.call(
      TelecomContract.assignSims,
      AssignSimsRequest(
        iccids: iccids, accountNumber: account, customerName: "ООО «\(account)»", organizationID: organization),
      token: token)
    #expect(reply.sims.map(\.state) == Array(repeating: .active, count: iccids.count))
  }
}
