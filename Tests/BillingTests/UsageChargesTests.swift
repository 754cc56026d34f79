import BillingAPI
import GRPCCore
import Logging
import PostgresNIO
import RPC
import Storage
import TestSupport
import Testing
import WireCodec

@Suite(
  "Usage charges from other services",
  .enabled(if: TestDatabase.isAvailable, "needs the test PostgreSQL (scripts/test.sh starts it)"))
struct UsageChargesTests {
  let logger = Logger(label: "test")

  func usage(_ id: String, _ account: Account, _ amount: String) -> UsageCharge {
    UsageCharge(
      usageID: id, accountNumber: account.number, amount: money(amount), serviceCode: "telephony", comment: "call \(id)"
    )
  }

  func entries(_ bed: BillingTestbed) async throws -> Int64 {
    try await bed.sql { connection in
      try await connection.query("SELECT count(*) FROM ledger_entries WHERE kind = 'charge'", logger: self.logger)
        .decode(Int64.self).collect()[0]
    }
  }

  @Test(
    "a batch charges each usage once across retries; other content under a usage id, or a bad charge, changes nothing")
  func batchIdempotentPerUsage() async throws {
    try await BillingTestbed.with { bed in
      let first = try await bed.fundedAccount()
      let second = try await bed.account(for: try await bed.customer("ООО Второй", contract: "Д-200"))
      let service = try await BillingTestbed.staffToken([BillingPermission.chargesPost, BillingPermission.accountsRead])
      let batch = PostChargesRequest(charges: [
        self.usage("cdr-1", second, "1.25"), self.usage("cdr-2", first, "0.40"), self.usage("cdr-3", second, "2.00"),
      ])
      let posted = try await bed.call(BillingContract.postCharges, batch, token: service)
      #expect(posted.postings.map(\.replayed) == [false, false, false])
      #expect(posted.postings.map(\.entry.amount) == [money("-1.25"), money("-0.40"), money("-2.00")])
      // The same batch again (a retry after a timeout): nothing new.
      let retried = try await bed.call(BillingContract.postCharges, batch, token: service)
      #expect(retried.postings.map(\.replayed) == [true, true, true])
      #expect(retried.postings.map(\.entry.id) == posted.postings.map(\.entry.id))
      #expect(try await self.entries(bed) == 3)
      let balance = try await bed.call(
        BillingContract.getAccount, GetAccountRequest(number: second.number), token: service
      ).balance
      #expect(balance == money("-3.25"))

      // A new usage next to a repeated usage id with another amount: the whole batch is refused.
      let conflicting = await bed.refusal {
        _ = try await bed.call(
          BillingContract.postCharges,
          PostChargesRequest(charges: [
            self.usage("cdr-4", first, "5.00"), self.usage("cdr-1", second, "9.99"),
          ]), token: service)
      }
      #expect(conflicting?.code == .failedPrecondition)
      let invalid = await bed.refusal {
        _ = try await bed.call(
          BillingContract.postCharges,
          PostChargesRequest(charges: [
            self.usage("cdr-5", first, "1.00"), self.usage("cdr-5", first, "1.00"), self.usage("", first, "1.00"),
          ]), token: service)
      }
      #expect(invalid?.violations == ["charges[1].usageID": "USAGE_REPEATED", "charges[2].usageID": "REQUIRED"])
      #expect(try await self.entries(bed) == 3)
      let denied = await bed.refusal {
        _ = try await bed.call(
          BillingContract.postCharges, batch,
          token: try await BillingTestbed.staffToken([BillingPermission.accountsRead]))
      }
      #expect(denied?.code == .permissionDenied)
    }
  }
}
