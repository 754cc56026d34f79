import BillingAPI
import Logging
import PostgresNIO
import Storage
import TestSupport
import Testing
import WireCodec

/// `payments_to_credit` (migration 118) is what collections read instead of every payment an
/// account ever made, so it must always be exactly the payments with something left to
/// credit: posted and not reversed, allocated less than their amount. Checked against that
/// definition, computed from the ledger, after each step of a month with partial, exact and
/// over-payments and reversals before and after crediting.
@Suite(
  "Payments left to credit",
  .enabled(
    if: TestDatabase.isAvailable && SMTPSink.isAvailable,
    "needs the test PostgreSQL and aiosmtpd (scripts/test.sh provides both)"))
struct PaymentsToCreditTests {
  /// The table's entries, and the same set worked out from the ledger and the allocations.
  func tracked(_ bed: BillingTestbed) async throws -> (table: [Int64], ledger: [Int64]) {
    try await bed.sql { connection in
      let logger = Logger(label: "test")
      let table = try await connection.query("SELECT entry_id FROM payments_to_credit ORDER BY 1", logger: logger)
        .decode(Int64.self).collect()
      let ledger = try await connection.query(
        """
        SELECT e.id FROM ledger_entries e
        WHERE e.kind = 'payment' AND NOT EXISTS (SELECT 1 FROM ledger_entries r WHERE r.reverses_entry_id = e.id)
          AND e.amount_minor > COALESCE((SELECT sum(a.amount_minor) FROM invoice_allocations a WHERE a.entry_id = e.id), 0)
        ORDER BY 1
        """, logger: logger
      ).decode(Int64.self).collect()
      return (table, ledger)
    }
  }

  func pay(_ bed: BillingTestbed, _ account: Account, _ amount: String, key: String) async throws -> Int64 {
    try await bed.call(
      BillingContract.postPayment,
      PostPaymentRequest(
        idempotencyKey: key, accountNumber: account.number, amount: money(amount), date: .day(2026, 5, 4),
        payer: "ООО «Остаток»", bankReference: key, purpose: "Оплата по договору О-1"),
      token: try await BillingTestbed.staffToken()
    ).entry.id
  }

  func reverse(_ bed: BillingTestbed, _ entry: Int64, key: String) async throws {
    _ = try await bed.call(
      BillingContract.reverseEntry, ReverseEntryRequest(idempotencyKey: key, entryID: entry, comment: "ошибочный"),
      token: try await BillingTestbed.staffToken())
  }

  @Test("after payments, reversals and crediting the table holds exactly the payments with a rest")
  func matchesTheLedger() async throws {
    try await BillingTestbed.with(clockAt: .at(2026, 4, 20, 9)) { bed in
      let token = try await BillingTestbed.staffToken()
      _ = try await bed.call(
        BillingContract.createService, CreateServiceRequest(code: "telephony", name: "Телефония", description: ""),
        token: token)
      let customer = try await bed.customer("ООО «Остаток»", contract: "О-1", email: "o@example.ru")
      let account = try await bed.account(for: customer)
      try await bed.charge(account, "100.00", key: "april")
      try await bed.live(.day(2026, 5, 1))
      #expect(try await self.tracked(bed) == ([], []))

      bed.clock?.set(.at(2026, 5, 4, 9))
      let partial = try await self.pay(bed, account, "30.00", key: "partial")
      let over = try await self.pay(bed, account, "200.00", key: "over")
      let mistaken = try await self.pay(bed, account, "10.00", key: "mistaken")
      var tracked = try await self.tracked(bed)
      #expect(tracked.table == [partial, over, mistaken] && tracked.table == tracked.ledger)
      try await self.reverse(bed, mistaken, key: "reverse-mistaken")
      tracked = try await self.tracked(bed)
      #expect(tracked.table == [partial, over] && tracked.table == tracked.ledger)

      // The payments count from the next business day (5 May): the invoice's 100.00 takes
      // all of the first and 70.00 of the second, which keeps 130.00 to credit.
      try await bed.live(.day(2026, 5, 6))
      tracked = try await self.tracked(bed)
      #expect(tracked.table == [over] && tracked.table == tracked.ledger)

      // Reversing a partly credited payment leaves nothing of it to credit.
      try await self.reverse(bed, over, key: "reverse-over")
      try await bed.live(.day(2026, 5, 7))
      tracked = try await self.tracked(bed)
      #expect(tracked.table.isEmpty && tracked.ledger.isEmpty)
    }
  }
}
