import Foundation
import GRPCCore
import RPC
import TelecomAPI
import TestSupport
import Testing
import WireCodec

/// The SIM list: a filter on each column, sorts, keyset pages that cover every match once
/// with the total count, saved columns, and customers confined to their own SIMs and buttons.
@Suite(
  "SIM list and who sees what",
  .enabled(
    if: TestDatabase.isAvailable && PrivateOsmoHLR.canStart,
    "needs the test PostgreSQL and osmo-hlr (scripts/test.sh provides both)"))
struct SimListTests {
  func list(
    _ bed: TelecomTestbed, _ filter: SimFilter, sort: SimSort = .iccid, descending: Bool = false, size: UInt32 = 0,
    token: String
  ) async throws -> [Sim] {
    var sims: [Sim] = []
    var page = ""
    var totals: Set<UInt64> = []
    repeat {
      let reply = try await bed.call(
        TelecomContract.listSims,
        ListSimsRequest(filter: filter, sort: sort, descending: descending, page: PageRequest(size: size, token: page)),
        token: token)
      sims += reply.sims
      totals.insert(reply.total)
      page = reply.nextPageToken
    } while !page.isEmpty
    #expect(totals == [UInt64(sims.count)], "every page reports the same total, the number listed")
    return sims
  }

  @Test("filters on every column, sorts both ways, pages of 3 cover every match once")
  func filtersAndPages() async throws {
    try await TelecomTestbed.with { bed in
      let token = try await TelecomTestbed.staffToken()
      let iccids = try await bed.importSims(40...51)
      let first = UUID().uuidString.lowercased()
      let second = UUID().uuidString.lowercased()
      try await bed.assign(Array(iccids[0...5]), account: "AC-1", organization: first)
      try await bed.assign(Array(iccids[6...8]), account: "AC-2", organization: second)
      for (index, iccid) in iccids[0...8].enumerated() {
        _ = try await bed.call(
          TelecomContract.editSim,
          EditSimRequest(
            iccid: iccid, name: "Насос_\(index % 3)", groups: index < 4 ? ["север", "насосы"] : ["юг"], comment: ""),
          token: token)
      }
      _ = try await bed.call(TelecomContract.blockSim, SimActionRequest(iccid: iccids[1], comment: ""), token: token)

      // Every SIM, in ICCID order either way, in pages of 3.
      let all = try await self.list(bed, SimFilter(), size: 3, token: token)
      #expect(all.map(\.iccid) == iccids.sorted())
      let backwards = try await self.list(bed, SimFilter(), descending: true, size: 3, token: token)
      #expect(backwards.map(\.iccid) == iccids.sorted().reversed())
      // By name (with "_" in it, which the page token must carry), then ICCID.
      let byName = try await self.list(bed, SimFilter(), sort: .name, size: 2, token: token)
      #expect(byName.map(\.iccid) == all.sorted { ($0.name, $0.iccid) < ($1.name, $1.iccid) }.map(\.iccid))

      func count(_ filter: SimFilter) async throws -> Int {
        try await self.list(bed, filter, size: 4, token: token).count
      }
      #expect(try await count(SimFilter(iccid: String(iccids[0].prefix(17)))) == 12)
      #expect(try await count(SimFilter(msisdn: TelecomTestbed.msisdn(40))) == 1)
      #expect(try await count(SimFilter(imsi: TelecomTestbed.imsi(41))) == 1)
      #expect(try await count(SimFilter(profile: .tc)) == 6)
      #expect(try await count(SimFilter(accountNumber: "AC-2")) == 3)
      #expect(try await count(SimFilter(customerName: "ac-1")) == 6)
      #expect(try await count(SimFilter(name: "насос_1")) == 3)
      // "_" is a literal underscore, not LIKE's any-character.
      #expect(try await count(SimFilter(name: "с_")) == 9)
      #expect(try await count(SimFilter(name: "%")) == 0)
      #expect(try await count(SimFilter(group: "насосы")) == 4)
      #expect(try await count(SimFilter(states: [.ready])) == 3)
      #expect(try await count(SimFilter(states: [.blocked, .ready])) == 4)
      #expect(try await count(SimFilter(apn: "iot.abonent")) == 12)
      #expect(try await count(SimFilter(accountNumber: "AC-1", group: "юг")) == 2)

      let bad = await bed.refusal {
        _ = try await bed.call(
          TelecomContract.listSims, ListSimsRequest(filter: SimFilter(), page: PageRequest(size: 0, token: "zz_x")),
          token: token)
      }
      #expect(bad?.code == .invalidArgument && bad?.reason == "PAGE_TOKEN_INVALID")
      let big = await bed.refusal {
        _ = try await bed.call(
          TelecomContract.listSims, ListSimsRequest(filter: SimFilter(), page: PageRequest(size: 1001, token: "")),
          token: token)
      }
      #expect(big?.reason == "PAGE_TOO_LARGE")
    }
  }

  @Test("a customer sees only its organization's SIMs and only the buttons its permissions give")
  func customerScope() async throws {
    try await TelecomTestbed.with { bed in
      let staff = try await TelecomTestbed.staffToken()
      let iccids = try await bed.importSims(60...63)
      let mine = UUID().uuidString.lowercased()
      let theirs = UUID().uuidString.lowercased()
      try await bed.assign(Array(iccids[0...1]), account: "AC-MINE", organization: mine)
      try await bed.assign(Array(iccids[2...3]), account: "AC-THEIRS", organization: theirs)
      let reader = try await TelecomTestbed.customerToken(organization: mine, permissions: [TelecomPermission.simsRead])
      let owner = try await TelecomTestbed.customerToken(
        organization: mine, permissions: [TelecomPermission.simsRead, TelecomPermission.simsBlock])

      let listed = try await self.list(bed, SimFilter(), token: reader)
      #expect(listed.map(\.iccid) == Array(iccids[0...1]).sorted())
      // Another organization's SIM does not exist for them, by Get or by filter.
      let hidden = await bed.refusal {
        _ = try await bed.call(TelecomContract.getSim, GetSimRequest(iccid: iccids[2]), token: reader)
      }
      #expect(hidden?.code == .notFound && hidden?.reason == "SIM_NOT_FOUND")
      #expect(try await self.list(bed, SimFilter(accountNumber: "AC-THEIRS"), token: reader).isEmpty)
      let notTheirs = await bed.refusal {
        _ = try await bed.call(TelecomContract.blockSim, SimActionRequest(iccid: iccids[2], comment: ""), token: owner)
      }
      #expect(notTheirs?.reason == "SIM_NOT_FOUND")
      let unblocked = try await bed.call(TelecomContract.getSim, GetSimRequest(iccid: iccids[2]), token: staff)
      #expect(unblocked.state == .active)

      // A reader may block nothing; an owner with sims.block may block its own.
      let denied = await bed.refusal {
        _ = try await bed.call(TelecomContract.blockSim, SimActionRequest(iccid: iccids[0], comment: ""), token: reader)
      }
      #expect(denied?.code == .permissionDenied)
      let blocked = try await bed.call(
        TelecomContract.blockSim, SimActionRequest(iccid: iccids[0], comment: ""), token: owner)
      #expect(blocked.sim.state == .blocked && blocked.operation.actor.hasPrefix("customer:"))

      // The buttons: none for a reader, block and unblock for the owner (with who each would
      // refuse), every one for staff; another organization's SIMs count as not found.
      let selection = AvailableSimOperationsRequest(iccids: iccids)
      #expect(try await bed.call(TelecomContract.availableSimOperations, selection, token: reader).operations.isEmpty)
      let ownerButtons = try await bed.call(TelecomContract.availableSimOperations, selection, token: owner).operations
      #expect(ownerButtons.map(\.kind) == [.block, .unblock])
      #expect(ownerButtons[0].allowed == 1 && ownerButtons[1].allowed == 1)
      #expect(
        Set(ownerButtons[0].refused.map { "\($0.iccid) \($0.reason)" })
          == ["\(iccids[0]) SIM_ALREADY_BLOCKED", "\(iccids[2]) SIM_NOT_FOUND", "\(iccids[3]) SIM_NOT_FOUND"])
      let staffButtons = try await bed.call(TelecomContract.availableSimOperations, selection, token: staff).operations
      #expect(
        staffButtons.map(\.kind) == [
          .block, .unblock, .reboot, .edit, .setLimit, .setPackage, .refresh, .assign, .retire,
        ])

      // Columns are the caller's own.
      #expect(
        try await bed.call(TelecomContract.getSimColumns, GetSimColumnsRequest(), token: reader).columns.count == 17)
      _ = try await bed.call(
        TelecomContract.setSimColumns, SimColumns(columns: ["iccid", "name", "state"]), token: reader)
      #expect(
        try await bed.call(TelecomContract.getSimColumns, GetSimColumnsRequest(), token: reader).columns == [
          "iccid", "name", "state",
        ])
      #expect(
        try await bed.call(TelecomContract.getSimColumns, GetSimColumnsRequest(), token: staff).columns.count == 17)
      let unknown = await bed.refusal {
        _ = try await bed.call(TelecomContract.setSimColumns, SimColumns(columns: ["iccid", "secret"]), token: reader)
      }
      #expect(unknown?.code == .invalidArgument)
    }
  }
}
