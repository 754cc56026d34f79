import BillingAPI
import BillingService
import Foundation
import GRPCCore
import RPC
import TelecomAPI
import TelecomService
import TestSupport
import Testing
import WireCodec

/// Debt (docs/telecom.md, "Debt"; issue 15, must show 3): a real Billing blocks an account, its
/// feed reaches Telecom, and every SIM of the account loses network access in osmo-hlr (read
/// from the HLR's own database) while operations on them are refused; unblocking gives each SIM
/// back its own state — one the customer had blocked stays blocked.
@Suite(
  "Debt blocks from Billing's feed",
  .enabled(
    if: TestDatabase.isAvailable && PrivateOsmoHLR.canStart,
    "needs the test PostgreSQL and osmo-hlr (scripts/test.sh provides both)"))
struct DebtTests {
  /// A real Billing of the test's own, Billing staff's token, and the settings that make a
  /// Telecom follow its feed.
  func withBilling(
    _ body: @Sendable (_ billing: TelecomTestbed.Remote, _ staff: String, _ feed: [String: String]) async throws -> Void
  ) async throws {
    try await BillingForTelecom.with { billing in
      try await billing.running { remote in try await body(remote, billing.staff, billing.telecomSettings) }
    }
  }

  func account(in billing: TelecomTestbed.Remote, staff: String, contract: String) async throws -> Account {
    try await BillingForTelecom.account(in: billing, staff: staff, contract: contract)
  }

  @Test("Billing blocks an account: its SIMs lose access in osmo-hlr and operations are refused; unblock restores each")
  func blockAndRestore() async throws {
    try await self.withBilling { billing, billingStaff, feed in
      try await TelecomTestbed.with(settings: feed) { bed in
        let account = try await self.account(in: billing, staff: billingStaff, contract: "D-1")

        let token = try await TelecomTestbed.staffToken()
        let iccids = try await bed.importSims(80...82)
        try await bed.assign(iccids, account: account.number, organization: UUID().uuidString)
        _ = try await bed.call(
          TelecomContract.blockSim, SimActionRequest(iccid: iccids[2], comment: ""), token: token)

        _ = try await billing.call(
          BillingContract.blockAccount, SetAccountBlockedRequest(number: account.number, reason: "Долг"),
          token: billingStaff)
        try await eventually("the SIMs held for debt") {
          var held = true
          for serial in 80...82 {
            let stored = try await bed.hlr.storedSubscriber(imsi: TelecomTestbed.imsi(serial))
            held = held && stored?.namCS == false && stored?.namPS == false
          }
          let states = try await bed.call(
            TelecomContract.listSims, ListSimsRequest(filter: SimFilter(accountNumber: account.number)), token: token
          ).sims.map(\.state)
          return held && states == [.debtBlocked, .debtBlocked, .debtBlocked]
        }
        let refused = await bed.refusal {
          _ = try await bed.call(
            TelecomContract.unblockSim, SimActionRequest(iccid: iccids[2], comment: ""), token: token)
        }
        #expect(refused?.code == .failedPrecondition && refused?.reason == "ACCOUNT_BLOCKED_FOR_DEBT")
        let more = try await bed.importSims(83...83)
        let assign = await bed.refusal {
          try await bed.assign(more, account: account.number, organization: UUID().uuidString)
        }
        #expect(assign?.reason == "ACCOUNT_BLOCKED_FOR_DEBT")

        _ = try await billing.call(
          BillingContract.unblockAccount, SetAccountBlockedRequest(number: account.number, reason: "Оплачено"),
          token: billingStaff)
        try await eventually("the SIMs restored") {
          let states = try await bed.call(
            TelecomContract.listSims, ListSimsRequest(filter: SimFilter(accountNumber: account.number)), token: token
          ).sims.map(\.state)
          return states == [.active, .active, .blocked]
        }
        for serial in 80...81 {
          let stored = try #require(try await bed.hlr.storedSubscriber(imsi: TelecomTestbed.imsi(serial)))
          #expect(stored.namCS && stored.namPS)
        }
        let customerBlocked = try #require(try await bed.hlr.storedSubscriber(imsi: TelecomTestbed.imsi(82)))
        #expect(!customerBlocked.namCS && !customerBlocked.namPS)
        // Each SIM went through the debt once each way, recorded as Billing's.
        let history = try await bed.call(
          TelecomContract.listSimOperations, ListSimOperationsRequest(iccid: iccids[0], page: PageRequest()),
          token: token)
        #expect(history.operations.prefix(2).map(\.kind) == [.debtUnblock, .debtBlock])
        #expect(history.operations.prefix(2).allSatisfy { $0.actor == "billing" && $0.status == .done })
      }
    }
  }

  @Test("two Telecom replicas following the feed at once: each SIM is held and restored exactly once")
  func twoReplicas() async throws {
    try await self.withBilling { billing, billingStaff, feed in
      try await TelecomTestbed.with(settings: feed) { bed in
        // The second replica: the same database, register and feed.
        var replica = TestDatabase.serverSettings(bed.database)
        replica["abonent.log.level"] = "error"
        replica["abonent.telecom.hlrHost"] = bed.hlr.host
        replica["abonent.telecom.simulatorLatency"] = "1ms"
        replica.merge(feed) { _, new in new }
        try await TestServer.with(TelecomService.definition, settings: replica) { _ in
          let account = try await self.account(in: billing, staff: billingStaff, contract: "R-1")
          let token = try await TelecomTestbed.staffToken()
          let iccids = try await bed.importSims(90...95)
          try await bed.assign(iccids, account: account.number, organization: UUID().uuidString)
          func states() async throws -> [SimStateKind] {
            try await bed.call(
              TelecomContract.listSims, ListSimsRequest(filter: SimFilter(accountNumber: account.number)),
              token: token
            ).sims.map(\.state)
          }
          for (method, reason, expected) in [
            (BillingContract.blockAccount, "Долг", SimStateKind.debtBlocked),
            (BillingContract.unblockAccount, "Оплачено", .active),
            (BillingContract.blockAccount, "Снова долг", .debtBlocked),
          ] {
            _ = try await billing.call(
              method, SetAccountBlockedRequest(number: account.number, reason: reason), token: billingStaff)
            try await eventually("the SIMs \(expected)") {
              try await states() == Array(repeating: expected, count: iccids.count)
            }
          }
          // Let a duplicate show up if there were one.
          try await Task.sleep(for: .milliseconds(500))
          for iccid in iccids {
            let kinds = try await bed.call(
              TelecomContract.listSimOperations, ListSimOperationsRequest(iccid: iccid, page: PageRequest()),
              token: token
            ).operations.map(\.kind)
            #expect(kinds == [.debtBlock, .debtUnblock, .debtBlock, .assign], "\(iccid)")
          }
          for serial in 90...95 {
            let stored = try #require(try await bed.hlr.storedSubscriber(imsi: TelecomTestbed.imsi(serial)))
            #expect(!stored.namCS && !stored.namPS)
          }
        }
      }
    }
  }
}
