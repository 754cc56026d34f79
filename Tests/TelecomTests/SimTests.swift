import Foundation
import GRPCCore
import RPC
import TelecomAPI
import TelecomRules
import TestSupport
import Testing
import WireCodec

@testable import TelecomService

/// SIM cards over real RPC, with osmo-hlr as the register: import, assignment, the cabinet's
/// operations and what the register holds after each, refusals, lists and who sees what.
@Suite(
  "SIM cards",
  .enabled(
    if: TestDatabase.isAvailable && PrivateOsmoHLR.canStart,
    "needs the test PostgreSQL and osmo-hlr (scripts/test.sh provides both)"))
struct SimTests {
  @Test(
    "import: valid lines provisioned with access off, each bad line refused with its reason, a re-import changes nothing"
  )
  func importFile() async throws {
    try await TelecomTestbed.with { bed in
      let token = try await TelecomTestbed.staffToken()
      let good = TelecomTestbed.iccid(1)
      var corrupted = Array(TelecomTestbed.iccid(2))
      corrupted[10] = corrupted[10] == "5" ? "6" : "5"
      let csv = [
        "ICCID;MSISDN;IMSI;Profile",
        "\(good);+\(TelecomTestbed.msisdn(1));\(TelecomTestbed.imsi(1));tc",
        "\(String(corrupted));\(TelecomTestbed.msisdn(2));\(TelecomTestbed.imsi(2));TC",
        "\(TelecomTestbed.iccid(3));\(TelecomTestbed.msisdn(3));\(TelecomTestbed.imsi(3));TX",
        "\(TelecomTestbed.iccid(4));\(TelecomTestbed.msisdn(1));\(TelecomTestbed.imsi(4));TD",
        "",
        "\(good);\(TelecomTestbed.msisdn(1));\(TelecomTestbed.imsi(1));TC",
        "\(TelecomTestbed.iccid(5));\(TelecomTestbed.msisdn(5))",
      ].joined(separator: "\n")
      let reply = try await bed.call(
        TelecomContract.importSims, ImportSimsRequest(csv: csv, apn: "m2m.test"), token: token)
      #expect(reply.imported == 1 && reply.unchanged == 0)
      #expect(
        reply.errors.map { "\($0.line) \($0.reason)" }
          == ["3 ICCID_CHECK_DIGIT", "4 PROFILE_UNKNOWN", "5 MSISDN_TAKEN", "7 ICCID_REPEATED", "8 LINE_FORMAT"])
      let sim = try await bed.call(TelecomContract.getSim, GetSimRequest(iccid: good), token: token)
      #expect(
        sim.state == .ready && sim.profile == .tc && sim.apn == "m2m.test" && sim.msisdn == TelecomTestbed.msisdn(1))
      // In the register, with access off until the SIM is on an account.
      let stored = try #require(try await bed.hlr.storedSubscriber(imsi: TelecomTestbed.imsi(1)))
      #expect(stored.msisdn == TelecomTestbed.msisdn(1) && !stored.namCS && !stored.namPS)
      #expect(try await bed.hlr.storedSubscriber(imsi: TelecomTestbed.imsi(2)) == nil)

      let again = try await bed.call(
        TelecomContract.importSims,
        ImportSimsRequest(csv: "\(good),\(TelecomTestbed.msisdn(1)),\(TelecomTestbed.imsi(1)),TC", apn: ""),
        token: token)
      #expect(again.imported == 0 && again.unchanged == 1 && again.errors.isEmpty)
      let conflict = try await bed.call(
        TelecomContract.importSims,
        ImportSimsRequest(csv: "\(good),\(TelecomTestbed.msisdn(9)),\(TelecomTestbed.imsi(1)),TC", apn: ""),
        token: token)
      #expect(conflict.errors.map(\.reason) == ["ICCID_CONFLICT"])
    }
  }

  @Test("assign, block, unblock: the register's own record follows; limits only for TC, packages only for TD")
  func operations() async throws {
    try await TelecomTestbed.with { bed in
      let token = try await TelecomTestbed.staffToken()
      let iccids = try await bed.importSims(10...11)
      let organization = UUID().uuidString.lowercased()
      try await bed.assign(iccids, account: "AC-100", organization: organization)
      let tc = try await bed.call(TelecomContract.getSim, GetSimRequest(iccid: iccids[0]), token: token)
      #expect(tc.state == .active && tc.accountNumber == "AC-100" && tc.organizationID == organization)
      #expect(try await bed.hlr.storedSubscriber(imsi: TelecomTestbed.imsi(10))?.namPS == true)

      let blocked = try await bed.call(
        TelecomContract.blockSim, SimActionRequest(iccid: iccids[0], comment: "утерян"), token: token)
      #expect(blocked.sim.state == .blocked && blocked.operation.status == .done && blocked.operation.attempts == 1)
      let off = try #require(try await bed.hlr.storedSubscriber(imsi: TelecomTestbed.imsi(10)))
      #expect(!off.namCS && !off.namPS)
      _ = try await bed.call(TelecomContract.unblockSim, SimActionRequest(iccid: iccids[0], comment: ""), token: token)
      let on = try #require(try await bed.hlr.storedSubscriber(imsi: TelecomTestbed.imsi(10)))
      #expect(on.namCS && on.namPS)

      let limited = try await bed.call(
        TelecomContract.setSimLimits,
        SetSimLimitsRequest(
          iccid: iccids[0], limits: SimLimits(dataMegabytes: 500, spend: ExactDecimal("150.5")!), comment: ""),
        token: token)
      #expect(limited.sim.limits.dataMegabytes == 500 && limited.sim.limits.spend == ExactDecimal("150.5")!)
      let tdLimit = await bed.refusal {
        _ = try await bed.call(
          TelecomContract.setSimLimits,
          SetSimLimitsRequest(iccid: iccids[1], limits: SimLimits(dataMegabytes: 1, spend: .zero), comment: ""),
          token: token)
      }
      #expect(tdLimit?.code == .failedPrecondition && tdLimit?.reason == "LIMITS_NEED_TC_PROFILE")
      let tcPackage = await bed.refusal {
        _ = try await bed.call(
          TelecomContract.setSimPackage, SetSimPackageRequest(iccid: iccids[0], package: "1GB", comment: ""),
          token: token)
      }
      #expect(tcPackage?.reason == "PACKAGES_NEED_TD_PROFILE")
      let packaged = try await bed.call(
        TelecomContract.setSimPackage, SetSimPackageRequest(iccid: iccids[1], package: "1GB", comment: ""), token: token
      )
      #expect(packaged.sim.package == "1GB")

      let rebooted = try await bed.call(
        TelecomContract.rebootSim, SimActionRequest(iccid: iccids[1], comment: ""), token: token)
      #expect(rebooted.sim.connection == .attached && rebooted.sim.lastSeen != nil)

      let history = try await bed.call(
        TelecomContract.listSimOperations,
        ListSimOperationsRequest(iccid: iccids[0], page: PageRequest(size: 2, token: "")),
        token: token)
      #expect(history.operations.map(\.kind) == [.setLimit, .unblock] && !history.nextPageToken.isEmpty)
      let rest = try await bed.call(
        TelecomContract.listSimOperations,
        ListSimOperationsRequest(iccid: iccids[0], page: PageRequest(size: 2, token: history.nextPageToken)),
        token: token)
      #expect(rest.operations.map(\.kind) == [.block, .assign] && rest.nextPageToken.isEmpty)
      #expect(rest.operations[0].comment == "утерян" && rest.operations[0].actor == "staff:staff-1")
    }
  }

  @Test("every refused transition of the state table comes back over RPC with the table's reason, and changes nothing")
  func refusedTransitions() async throws {
    try await TelecomTestbed.with { bed in
      let token = try await TelecomTestbed.staffToken()
      // One SIM per reachable state and profile: ready, active, blocked, retired.
      let iccids = try await bed.importSims(20...27)
      let organization = UUID().uuidString.lowercased()
      try await bed.assign(Array(iccids[2...7]), account: "AC-200", organization: organization)
      for iccid in [iccids[4], iccids[5]] {
        _ = try await bed.call(TelecomContract.blockSim, SimActionRequest(iccid: iccid, comment: ""), token: token)
      }
      for iccid in [iccids[6], iccids[7]] {
        _ = try await bed.call(TelecomContract.retireSim, SimActionRequest(iccid: iccid, comment: ""), token: token)
      }
      var checked = 0
      for iccid in iccids {
        let before = try await bed.call(TelecomContract.getSim, GetSimRequest(iccid: iccid), token: token)
        let status = SimStatus(
          state: SimState(wire: before.state)!, profile: before.profile == .tc ? .tc : .td)
        for operation in SimOperation.allCases where ![.debtBlock, .debtUnblock].contains(operation) {
          guard case .failure(let refusal) = SimLifecycle.apply(operation, to: status) else { continue }
          let error = await bed.refusal { try await self.attempt(operation, iccid: iccid, bed: bed, token: token) }
          #expect(
            error?.code == .failedPrecondition && error?.reason == refusal.reason, "\(operation) on \(before.state)")
          let after = try await bed.call(TelecomContract.getSim, GetSimRequest(iccid: iccid), token: token)
          #expect(after == before)
          checked += 1
        }
      }
      #expect(checked > 40)
    }
  }

  func attempt(_ operation: SimOperation, iccid: String, bed: TelecomTestbed, token: String) async throws {
    let action = SimActionRequest(iccid: iccid, comment: "")
    switch operation {
    case .assign:
      _ = try await bed.call(
        TelecomContract.assignSims,
        AssignSimsRequest(iccids: [iccid], accountNumber: "AC-9", customerName: "x", organizationID: UUID().uuidString),
        token: token)
    case .block: _ = try await bed.call(TelecomContract.blockSim, action, token: token)
    case .unblock: _ = try await bed.call(TelecomContract.unblockSim, action, token: token)
    case .reboot: _ = try await bed.call(TelecomContract.rebootSim, action, token: token)
    case .refresh: _ = try await bed.call(TelecomContract.refreshSim, action, token: token)
    case .retire: _ = try await bed.call(TelecomContract.retireSim, action, token: token)
    case .edit:
      _ = try await bed.call(
        TelecomContract.editSim, EditSimRequest(iccid: iccid, name: "n", groups: [], comment: ""), token: token)
    case .setLimit:
      _ = try await bed.call(
        TelecomContract.setSimLimits,
        SetSimLimitsRequest(iccid: iccid, limits: SimLimits(dataMegabytes: 1, spend: .zero), comment: ""),
        token: token)
    case .setPackage:
      _ = try await bed.call(
        TelecomContract.setSimPackage, SetSimPackageRequest(iccid: iccid, package: "p", comment: ""), token: token)
    case .debtBlock, .debtUnblock:
      Issue.record("not an RPC")
    }
  }

  @Test("while osmo-hlr is down a block fails as NETWORK_UNAVAILABLE, is recorded failed, and the SIM stays active")
  func networkDown() async throws {
    try await TelecomTestbed.with { bed in
      let token = try await TelecomTestbed.staffToken()
      let iccids = try await bed.importSims(30...30)
      try await bed.assign(iccids, account: "AC-300", organization: UUID().uuidString)
      try await bed.hlr.stop()
      let error = await bed.refusal {
        _ = try await bed.call(TelecomContract.blockSim, SimActionRequest(iccid: iccids[0], comment: ""), token: token)
      }
      #expect(error?.code == .unavailable && error?.reason == "NETWORK_UNAVAILABLE")
      let sim = try await bed.call(TelecomContract.getSim, GetSimRequest(iccid: iccids[0]), token: token)
      #expect(sim.state == .active)
      let history = try await bed.call(
        TelecomContract.listSimOperations, ListSimOperationsRequest(iccid: iccids[0], page: PageRequest()), token: token
      )
      #expect(history.operations.first?.status == .failed && history.operations.first?.reason == "NETWORK_UNAVAILABLE")
      try await bed.hlr.start()
      let blocked = try await bed.call(
        TelecomContract.blockSim, SimActionRequest(iccid: iccids[0], comment: ""), token: token)
      #expect(blocked.sim.state == .blocked)
    }
  }
}
