import BillingAPI
import Foundation
import PostgresNIO
import RPC
import Storage
import TestSupport
import Testing
import UtilitiesAPI
import WireCodec

/// Month charges Billing refused are staff's to see and send again (docs/utilities.md,
/// "Charges Billing refused"): the platform's three methods against a real Billing.
@Suite(
  "Utilities: month charges Billing refused, listed and sent again",
  .enabled(
    if: TestDatabase.isAvailable && SMTPSink.isAvailable,
    "needs the test PostgreSQL and aiosmtpd (scripts/test.sh provides both)"))
struct RefusedMonthChargeTests {
  let months = MonthCloseTests()

  /// Sets account `number`'s status in Billing's own tables (no method of Billing's closes an
  /// account, and collections' path there is long).
  func setStatus(_ status: String, of number: String, in bed: UtilitiesTestbed) async throws {
    _ = try await TestDatabase.running(bed.billing.database) { database in
      try await database.withConnection { connection in
        try await connection.query(
          "UPDATE accounts SET status = \(status) WHERE number = \(number)", logger: database.logger)
      }
    }
  }

  func refused(_ bed: UtilitiesTestbed, token: String, size: UInt32 = 0) async throws -> [RefusedCharge] {
    var charges: [RefusedCharge] = []
    var page = PageRequest(size: size, token: "")
    repeat {
      let reply = try await bed.call(
        UtilitiesContract.listRefusedCharges, ListRefusedChargesRequest(accountNumber: "", page: page), token: token)
      charges += reply.charges
      page.token = reply.nextPageToken
    } while !page.token.isEmpty
    return charges
  }

  func repost(_ bed: UtilitiesTestbed, _ ids: [String], account: String = "", note: String, token: String)
    async throws -> RepostChargesReply
  {
    try await bed.call(
      UtilitiesContract.repostCharges, RepostChargesRequest(usageIDs: ids, accountNumber: account, note: note),
      token: token)
  }

  @Test("a closed account's month charges wait as refused; sent again once it is open, each is charged once")
  func closedAccount() async throws {
    try await UtilitiesTestbed.with(clockAt: .almatyNoon(2025, 12, 10)) { bed in
      try await bed.seedTariffs()
      let organization = UUID().uuidString
      try await bed.contract(
        "2777", payer: "ТОО «Тюльпан»", accounts: ["00020001", "00020002"], organization: organization)
      let a = try await bed.meter("00020001", factory: "22000001", initial: "0")
      let b = try await bed.meter("00020002", factory: "22000002", initial: "0")
      _ = try await bed.submit("00020001", [(a, "10")])
      _ = try await bed.submit("00020002", [(b, "20")])
      try await self.setStatus("closed", of: "00020001", in: bed)

      bed.setDay(.day(2026, 1, 5))
      _ = try await self.months.close(bed.port, 2025, 12)
      let staff = try await UtilitiesTestbed.staffToken()
      try await eventually("the open account's charges posted and the closed one's refused") {
        let posted = try await self.months.charges(bed, "00020002").count
        let refused = try await self.refused(bed, token: staff).count
        return posted == 2 && refused == 2
      }
      #expect(try await self.months.charges(bed, "00020001").isEmpty)
      let refused = try await self.refused(bed, token: staff, size: 1)
      #expect(refused.map(\.usageID).sorted() == ["00020001:2025-12:sewer", "00020001:2025-12:water"])
      #expect(refused.allSatisfy { $0.accountNumber == "00020001" && $0.currency == "KZT" && $0.attempts == 1 })
      #expect(refused.allSatisfy { $0.reason.contains("closed") }, "\(refused.map(\.reason))")
      // The amounts are the breakdown's: 10 m³ at 197.02 and 204.5 with December's 12 % VAT.
      #expect(Set(refused.map(\.amount)) == Set(["2206.62", "2290.40"].map(tenge)), "\(refused.map(\.amount))")
      #expect(refused.allSatisfy { $0.comment.hasSuffix("за Декабрь 2025: 10 м³") }, "\(refused.map(\.comment))")

      // Refusals change nothing.
      let ids = refused.map(\.usageID)
      let reader = try await UtilitiesTestbed.staffToken([UtilitiesPermission.chargesRead])
      let customer = try await UtilitiesTestbed.customerToken(organization: organization)
      let refusals: [(String, @Sendable () async throws -> Void)] = [
        ("OUTSIDE_ORGANIZATION", { _ = try await self.refused(bed, token: customer) }),
        ("PERMISSION_DENIED", { _ = try await self.repost(bed, ids, note: "x", token: reader) }),
        ("VALIDATION_FAILED", { _ = try await self.repost(bed, ids, account: "00020002", note: "x", token: staff) }),
        ("VALIDATION_FAILED", { _ = try await self.repost(bed, ids, note: "", token: staff) }),
        (
          "CHARGES_NOT_REFUSED", { _ = try await self.repost(bed, ["00020002:2025-12:water"], note: "x", token: staff) }
        ),
      ]
      for (reason, body) in refusals {
        let refusal = await bed.refusal(body)
        #expect(refusal?.reason == reason, "\(String(describing: refusal))")
      }
      #expect(try await self.refused(bed, token: staff).count == 2)

      // Sent again while the account is still closed: refused again.
      #expect(try await self.repost(bed, ids, note: "перепроверка", token: staff).reposted == 2)
      try await eventually("refused again") {
        let again = try await self.refused(bed, token: staff)
        return again.count == 2 && again.allSatisfy { $0.attempts == 2 }
      }
      // Each refusal counted on /metrics, for an alert.
      let metrics = try await ExternalReader.metrics(adminPort: bed.adminPort)
      #expect(ExternalReader.sample("abonent_charges_refused_total", in: metrics) == 4)
      // Reopened, and sent again: charged once each.
      try await self.setStatus("active", of: "00020001", in: bed)
      #expect(try await self.repost(bed, ids, note: "счёт открыт", token: staff).reposted == 2)
      try await eventually("the charges posted") { try await self.months.charges(bed, "00020001").count == 2 }
      #expect(try await self.refused(bed, token: staff).isEmpty)
      #expect(
        Set(try await self.months.charges(bed, "00020001").map(\.amount)) == Set(["-2206.62", "-2290.40"].map(tenge)))

      let history = try await bed.call(
        UtilitiesContract.listChargeReposts,
        ListChargeRepostsRequest(
          usageID: "00020001:2025-12:water", accountNumber: "", page: PageRequest(size: 0, token: "")),
        token: reader)
      #expect(history.reposts.map(\.note) == ["перепроверка", "счёт открыт"])
      #expect(history.reposts.allSatisfy { $0.actor == "staff:staff-1" && $0.toAccount == "00020001" })
      #expect(history.reposts.allSatisfy { $0.refusal.contains("closed") })
      let byAccount = try await bed.call(
        UtilitiesContract.listChargeReposts,
        ListChargeRepostsRequest(usageID: "", accountNumber: "00020001", page: PageRequest(size: 1, token: "")),
        token: reader)
      #expect(byAccount.reposts.count == 1 && !byAccount.nextPageToken.isEmpty)
    }
  }

  @Test("page sizes, page tokens, texts and id lists from across their wire ranges: a success or a reasoned refusal")
  func wholeRanges() async throws {
    try await UtilitiesTestbed.with(clockAt: .almatyNoon(2026, 2, 10)) { bed in
      await RefusedChargeRanges.judge(
        bed, token: try await UtilitiesTestbed.staffToken(), rounds: 40, seed: "refused charges",
        list: UtilitiesContract.listRefusedCharges, repost: UtilitiesContract.repostCharges,
        reposts: UtilitiesContract.listChargeReposts)
      // Still answering.
      _ = try await bed.call(
        UtilitiesContract.listRefusedCharges,
        ListRefusedChargesRequest(accountNumber: "", page: PageRequest(size: 0, token: "")),
        token: try await UtilitiesTestbed.staffToken())
    }
  }
}
