import BillingAPI
import Foundation
import GRPCCore
import PostgresNIO
import RPC
import Storage
import TelecomAPI
import TestSupport
import Testing
import WireCodec

/// Charges Billing refused are staff's to see and send again (docs/telecom.md, "Charges Billing
/// refused"): listed by account and page, sent again all or none — to their account or to
/// another of their currency — and each repost kept with who, when and why.
@Suite(
  "Charges Billing refused: listed, sent again, kept in history",
  .enabled(
    if: TestDatabase.isAvailable && PrivateOsmoHLR.canStart,
    "needs the test PostgreSQL and osmo-hlr (scripts/test.sh provides both)"))
struct RefusedChargeTests {
  let usage = UsageChargeTests()

  /// Every refused charge `token` may list, `size` a page, checking no page repeats a charge.
  func refused(_ bed: TelecomTestbed, account: String = "", size: UInt32, token: String) async throws
    -> [RefusedCharge]
  {
    var charges: [RefusedCharge] = []
    var page = PageRequest(size: size, token: "")
    repeat {
      let reply = try await bed.call(
        TelecomContract.listRefusedCharges, ListRefusedChargesRequest(accountNumber: account, page: page),
        token: token)
      #expect(reply.charges.count <= Int(size))
      charges += reply.charges
      page.token = reply.nextPageToken
    } while !page.token.isEmpty
    return charges
  }

  func repost(_ bed: TelecomTestbed, _ ids: [String], to account: String = "", note: String, token: String)
    async throws -> RepostChargesReply
  {
    try await bed.call(
      TelecomContract.repostCharges, RepostChargesRequest(usageIDs: ids, accountNumber: account, note: note),
      token: token)
  }

  @Test("refused charges page by account; bad reposts change nothing; sent again they are charged once, with history")
  func refusedAndSentAgain() async throws {
    try await BillingForTelecom.with { billing in
      try await billing.running { remote in
        let account = try await billing.account(in: remote, contract: "R-1", credit: 1_000_000)
        let dollars = try await billing.account(in: remote, contract: "R-2", currency: "USD")
        try await TelecomTestbed.with(
          settings: billing.telecomSettings.merging(UsageChargeTests.usageSettings) { _, new in new }
        ) { bed in
          let sims = try await bed.importSims(230...230)
          try await bed.assign(sims, account: account.number, organization: UUID().uuidString)
          // As if Billing had renumbered the account since: every charge of the SIM is refused.
          _ = try await TestDatabase.running(bed.database) { database in
            try await database.withConnection { connection in
              try await connection.query(
                "UPDATE sims SET account_number = 'NO-SUCH-2' WHERE iccid = \(sims[0])", logger: database.logger)
            }
          }
          let records = try await self.usage.simulate(bed, sims[0], count: 40).filter { $0.costMinor > 0 }
          let owed = records.reduce(Int64(0)) { $0 + $1.costMinor }
          #expect(records.count > 20)
          try await eventually("every charge refused", limit: .seconds(120)) {
            try await self.usage.charges(bed)["refused"]?.count == Int64(records.count)
          }

          // Counted on /metrics, for an alert.
          let metrics = try await ExternalReader.metrics(adminPort: bed.adminPort)
          #expect(ExternalReader.sample("abonent_charges_refused_total", in: metrics) == Double(records.count))
          // Listed: each once over pages of 7, oldest refusal first, with Billing's reason.
          let staff = try await TelecomTestbed.staffToken()
          let listed = try await self.refused(bed, size: 7, token: staff)
          #expect(listed.map(\.usageID).sorted() == records.map(\.id).sorted())
          #expect(listed.allSatisfy { $0.accountNumber == "NO-SUCH-2" && $0.currency == "RUB" && !$0.reason.isEmpty })
          #expect(listed.allSatisfy { $0.attempts == 1 && $0.serviceCode == "iot-usage" })
          #expect(
            listed.map { PageKeyPair($0.refusedAt, $0.usageID).token }
              == listed.map {
                PageKeyPair($0.refusedAt, $0.usageID)
              }.sorted { ($0.first, $0.second) < ($1.first, $1.second) }.map(\.token))
          #expect(
            listed.reduce(Int64(0)) { $0 + $1.amount.units } == owed && listed.allSatisfy { $0.amount.scale == 2 })
          #expect(try await self.refused(bed, account: "NO-SUCH-2", size: 1000, token: staff).count == records.count)
          #expect(try await self.refused(bed, account: account.number, size: 10, token: staff).isEmpty)

          // Refused requests change nothing.
          let ids = listed.map(\.usageID)
          let reader = try await TelecomTestbed.staffToken([TelecomPermission.chargesRead])
          let noReader = try await TelecomTestbed.staffToken([TelecomPermission.chargesManage])
          let customer = try await TelecomTestbed.customerToken(
            organization: UUID().uuidString,
            permissions: [TelecomPermission.chargesRead, TelecomPermission.chargesManage])
          let refusals: [(String, @Sendable () async throws -> Void)] = [
            ("PERMISSION_DENIED", { _ = try await self.repost(bed, ids, note: "x", token: reader) }),
            ("PERMISSION_DENIED", { _ = try await self.refused(bed, size: 5, token: noReader) }),
            ("OUTSIDE_ORGANIZATION", { _ = try await self.refused(bed, size: 5, token: customer) }),
            ("OUTSIDE_ORGANIZATION", { _ = try await self.repost(bed, ids, note: "x", token: customer) }),
            ("VALIDATION_FAILED", { _ = try await self.repost(bed, [], note: "x", token: staff) }),
            ("VALIDATION_FAILED", { _ = try await self.repost(bed, ids, note: " ", token: staff) }),
            ("VALIDATION_FAILED", { _ = try await self.repost(bed, [ids[0], ids[0]], note: "x", token: staff) }),
            ("VALIDATION_FAILED", { _ = try await self.repost(bed, [ids[0], ""], note: "x", token: staff) }),
            (
              "VALIDATION_FAILED",
              {
                _ = try await self.repost(bed, (0...1000).map { "u\($0)" }, note: "x", token: staff)
              }
            ),
            ("PAGE_TOO_LARGE", { _ = try await self.refused(bed, size: 1001, token: staff) }),
            ("CHARGES_NOT_REFUSED", { _ = try await self.repost(bed, ids + ["sim-none"], note: "x", token: staff) }),
            ("ACCOUNT_NOT_FOUND", { _ = try await self.repost(bed, ids, to: "NO-SUCH-3", note: "x", token: staff) }),
            (
              "CHARGE_CURRENCY_MISMATCH",
              {
                _ = try await self.repost(bed, ids, to: dollars.number, note: "x", token: staff)
              }
            ),
          ]
          for (reason, body) in refusals {
            let refusal = await bed.refusal(body)
            #expect(refusal?.reason == reason, "\(String(describing: refusal))")
            #expect(refusal.map { !$0.message.contains("usage_charges") } ?? false)
          }
          #expect(try await self.usage.charges(bed)["refused"]?.count == Int64(records.count))
          #expect(try await self.usage.charges(bed)["pending"] == nil)

          // Five sent again as they are: Billing refuses them again.
          let firstFive = Array(ids.prefix(5))
          #expect(try await self.repost(bed, firstFive, note: "account reopened?", token: staff).reposted == 5)
          try await eventually("the five refused again", limit: .seconds(120)) {
            let again = try await self.refused(bed, size: 1000, token: staff).filter { firstFive.contains($0.usageID) }
            return again.count == 5 && again.allSatisfy { $0.attempts == 2 }
          }
          let counted = try await ExternalReader.metrics(adminPort: bed.adminPort)
          #expect(ExternalReader.sample("abonent_charges_refused_total", in: counted) == Double(records.count + 5))
          // All sent to the right account: each charged once, to the kopeck.
          let moved = try await self.repost(bed, ids, to: account.number, note: "renumbered: R-1", token: staff)
          #expect(moved.reposted == UInt32(ids.count))
          try await eventually("every charge posted", limit: .seconds(120)) {
            try await self.usage.charges(bed)["posted"]?.count == Int64(records.count)
          }
          #expect(try await self.usage.charges(bed)["refused"] == nil)
          #expect(
            try await billing.balance(of: account.number, in: remote)
              == ExactDecimal(units: 1_000_000 * 100 - owed, scale: 2))
          let late = await bed.refusal { _ = try await self.repost(bed, firstFive, note: "again", token: staff) }
          #expect(late?.reason == "CHARGES_NOT_REFUSED")

          // The history: who, when, why, from which account to which.
          let history = try await bed.call(
            TelecomContract.listChargeReposts,
            ListChargeRepostsRequest(usageID: firstFive[0], accountNumber: "", page: PageRequest(size: 0, token: "")),
            token: reader)
          #expect(history.reposts.map(\.toAccount) == ["NO-SUCH-2", account.number])
          #expect(history.reposts.allSatisfy { $0.actor == "staff:staff-1" && $0.fromAccount == "NO-SUCH-2" })
          #expect(history.reposts.map(\.note) == ["account reopened?", "renumbered: R-1"])
          #expect(history.reposts.allSatisfy { !$0.refusal.isEmpty })
          var reposts = 0
          var page = PageRequest(size: 4, token: "")
          repeat {
            let reply = try await bed.call(
              TelecomContract.listChargeReposts,
              ListChargeRepostsRequest(usageID: "", accountNumber: account.number, page: page), token: reader)
            reposts += reply.reposts.count
            page.token = reply.nextPageToken
          } while !page.token.isEmpty
          #expect(reposts == ids.count)
        }
      }
    }
  }

  @Test("page sizes, page tokens, texts and id lists from across their wire ranges: a success or a reasoned refusal")
  func wholeRanges() async throws {
    try await TelecomTestbed.with { bed in
      await RefusedChargeRanges.judge(
        bed, token: try await TelecomTestbed.staffToken(), rounds: 40, seed: "refused charges",
        list: TelecomContract.listRefusedCharges, repost: TelecomContract.repostCharges,
        reposts: TelecomContract.listChargeReposts)
      // Still answering.
      _ = try await bed.call(
        TelecomContract.listRefusedCharges,
        ListRefusedChargesRequest(accountNumber: "", page: PageRequest(size: 0, token: "")),
        token: try await TelecomTestbed.staffToken())
    }
  }
}
