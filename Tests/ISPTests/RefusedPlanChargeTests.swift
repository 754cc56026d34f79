import BillingAPI
import Foundation
import ISPAPI
import PostgresNIO
import RPC
import Storage
import TestSupport
import Testing
import WireCodec

/// Plan charges Billing refused are staff's to see and send again (docs/isp.md, "Charges Billing
/// refused"): the platform's three methods against a real Billing.
@Suite("ISP: plan charges Billing refused", .enabled(if: TestDatabase.isAvailable, "needs the test PostgreSQL"))
struct RefusedPlanChargeTests {
  /// Sets account `number`'s status in Billing's own tables (no method of Billing's closes one).
  func setStatus(_ status: String, of number: String, in isp: ISPTestbed) async throws {
    _ = try await TestDatabase.running(isp.billing.database) { database in
      try await database.withConnection { connection in
        try await connection.query(
          "UPDATE accounts SET status = \(status) WHERE number = \(number)", logger: database.logger)
      }
    }
  }

  func refused(_ isp: ISPTestbed, account: String = "") async throws -> [RefusedCharge] {
    try await isp.staff(
      ISPContract.listRefusedCharges,
      ListRefusedChargesRequest(accountNumber: account, page: PageRequest(size: 0, token: ""))
    ).charges
  }

  func repost(_ isp: ISPTestbed, _ ids: [String], note: String, token: String? = nil) async throws
    -> RepostChargesReply
  {
    let staff = try await ISPTestbed.staffToken()
    let token = token ?? staff
    return try await isp.call(
      ISPContract.repostCharges, RepostChargesRequest(usageIDs: ids, accountNumber: "", note: note), token: token)
  }

  @Test("a closed account's plan charge waits as refused; sent again once it is open, it is charged once")
  func closedAccount() async throws {
    try await ISPTestbed.with { isp in
      try await isp.planType()
      let open = try await isp.customer("Vera Lima", contract: "ISP-51", account: "70000051")
      let closed = try await isp.customer("Wagner Reis", contract: "ISP-52", account: "70000052")
      _ = try await isp.plan(open, account: "70000051")
      let plan = try await isp.plan(closed, account: "70000052")
      try await self.setStatus("closed", of: "70000052", in: isp)

      let reply = try await isp.staff(ISPContract.chargePlans, ChargePlansRequest())
      #expect(reply.recorded == 2 && reply.posted == 1 && reply.refused == 1, "\(reply)")
      let refused = try await self.refused(isp)
      #expect(refused.count == 1)
      let charge = try #require(refused.first)
      #expect(charge.usageID.hasPrefix("isp-plan:\(plan.id):") && charge.usageID.hasSuffix(":70000052"))
      #expect(charge.accountNumber == "70000052" && charge.amount == ExactDecimal("99.90") && charge.currency == "EUR")
      #expect(charge.reason.contains("closed") && charge.attempts == 1, "\(charge)")
      #expect(try await self.refused(isp, account: "70000051").isEmpty)
      let metrics = try await ExternalReader.metrics(adminPort: isp.adminPort)
      #expect(ExternalReader.sample("abonent_charges_refused_total", in: metrics) == 1)

      let reader = try await ISPTestbed.staffToken([ISPPermission.plansRead])
      let customer = try await TestTokens.make(
        audience: "abonent-isp", permissions: ISPTestbed.staffPermissions, userID: "user-1",
        organizationID: UUID().uuidString, kind: .customer)
      let refusals: [(String, @Sendable () async throws -> Void)] = [
        ("PERMISSION_DENIED", { _ = try await self.repost(isp, [charge.usageID], note: "x", token: reader) }),
        ("OUTSIDE_ORGANIZATION", { _ = try await self.repost(isp, [charge.usageID], note: "x", token: customer) }),
        ("VALIDATION_FAILED", { _ = try await self.repost(isp, [charge.usageID, charge.usageID], note: "x") }),
        ("CHARGES_NOT_REFUSED", { _ = try await self.repost(isp, [charge.usageID, "isp-plan:none"], note: "x") }),
      ]
      for (reason, body) in refusals {
        let refusal = await isp.refusal(body)
        #expect(refusal?.reason == reason, "\(String(describing: refusal))")
      }
      #expect(try await self.refused(isp).map(\.usageID) == [charge.usageID])

      try await self.setStatus("active", of: "70000052", in: isp)
      #expect(try await self.repost(isp, [charge.usageID], note: "conta reaberta").reposted == 1)
      // The poster's next round (every 200 ms here) sends it.
      var balance = ExactDecimal.zero
      for _ in 0..<300 where balance == .zero {
        try await Task.sleep(for: .milliseconds(100))
        balance = try await PlanLifeTests().balance(isp, "70000052")
      }
      #expect(balance == ExactDecimal("-99.90"))
      #expect(try await self.refused(isp).isEmpty)
      let history = try await isp.call(
        ISPContract.listChargeReposts,
        ListChargeRepostsRequest(usageID: charge.usageID, accountNumber: "", page: PageRequest(size: 0, token: "")),
        token: reader)
      #expect(history.reposts.map(\.note) == ["conta reaberta"])
      #expect(history.reposts.allSatisfy { $0.actor == "staff:staff-1" && $0.refusal == charge.reason })
    }
  }

  @Test("page sizes, page tokens, texts and id lists from across their wire ranges: a success or a reasoned refusal")
  func wholeRanges() async throws {
    try await ISPTestbed.with { bed in
      await RefusedChargeRanges.judge(
        bed, token: try await ISPTestbed.staffToken(), rounds: 40, seed: "refused charges",
        list: ISPContract.listRefusedCharges, repost: ISPContract.repostCharges, reposts: ISPContract.listChargeReposts)
      // Still answering.
      _ = try await bed.call(
        ISPContract.listRefusedCharges,
        ListRefusedChargesRequest(accountNumber: "", page: PageRequest(size: 0, token: "")),
        token: try await ISPTestbed.staffToken())
    }
  }
}
