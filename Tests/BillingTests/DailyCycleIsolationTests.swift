import BillingAPI
import GRPCCore
import Logging
import PostgresNIO
import RPC
import Storage
import TestSupport
import Testing
import WireCodec

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// One bad account never stops the daily cycle: the others are processed, the failure is
/// recorded with its reason, shown by ListCycleFailures and /metrics, and retried later.
@Suite(
  "The daily cycle isolates accounts",
  .enabled(
    if: TestDatabase.isAvailable && SMTPSink.isAvailable,
    "needs the test PostgreSQL and aiosmtpd (scripts/test.sh provides both)"))
struct DailyCycleIsolationTests {
  let logger = Logger(label: "test")

  /// Makes every insert into `table` for rows that `condition` (SQL on NEW) picks fail, as a
  /// broken row or a bug would: the account is "poisoned" for that step.
  func poison(_ bed: BillingTestbed, _ name: String, table: String, condition: String) async throws {
    try await bed.sql { connection in
      try await connection.query(
        PostgresQuery(
          unsafeSQL: """
            CREATE FUNCTION \(name)() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN IF \(condition) THEN RAISE EXCEPTION 'poisoned by the test'; END IF; RETURN NEW; END $$
            """), logger: self.logger)
      try await connection.query(
        PostgresQuery(
          unsafeSQL: """
            CREATE TRIGGER \(name) BEFORE INSERT ON \(table) FOR EACH ROW EXECUTE FUNCTION \(name)()
            """), logger: self.logger)
    }
  }

  func cure(_ bed: BillingTestbed, _ name: String, table: String) async throws {
    try await bed.sql { connection in
      _ = try await connection.query(PostgresQuery(unsafeSQL: "DROP TRIGGER \(name) ON \(table)"), logger: self.logger)
    }
  }

  @Test(
    "invoicing and reminders with one poisoned account and one whose charges overflow a bigint: the others are processed, both reported, the cured one retried"
  )
  func poisonedAccounts() async throws {
    try await BillingTestbed.with(clockAt: .at(2026, 3, 10, 9)) { bed in
      let token = try await BillingTestbed.staffToken()
      var accounts: [Account] = []
      for index in 0..<4 {
        let customer = try await bed.customer(
          "ООО Цикл \(index)", contract: "C-\(index)", email: "c\(index)@example.ru")
        let account = try await bed.account(for: customer)
        try await bed.charge(account, "100.00", key: "march-\(index)")
        accounts.append(account)
      }
      let (good, poisoned, overflowing, other) = (accounts[0], accounts[1], accounts[2], accounts[3])
      // Charges written before amounts were bounded: two that together overflow a bigint.
      try await bed.sql { connection in
        for (index, amount) in [Int64(-6_000_000_000_000_000_000), -6_000_000_000_000_000_000].enumerated() {
          try await connection.query(
            """
            INSERT INTO ledger_entries (account_id, kind, amount_minor, balance_after_minor, currency, value_date, source,
                                        idempotency_scope, idempotency_key, fingerprint, actor, posted_at)
            VALUES (\(UUID(uuidString: overflowing.id)!), 'charge', \(amount), 0, 'RUB', '2026-03-05', 'legacy', 'legacy', \("legacy-\(index)"), '',
                    'import', now())
            """, logger: self.logger)
        }
      }
      try await self.poison(bed, "poison_invoice", table: "invoices", condition: "NEW.account_id = '\(poisoned.id)'")

      // 1 April: three of four are due an invoice; two cannot have one.
      try await bed.live(.day(2026, 4, 1))
      let invoices = try await bed.sql { connection in
        try await connection.query(
          "SELECT a.number FROM invoices i JOIN accounts a ON a.id = i.account_id ORDER BY a.number",
          logger: self.logger
        )
        .decode(String.self).collect()
      }
      #expect(invoices == [good.number, other.number].sorted())
      var open = try await bed.call(BillingContract.listCycleFailures, ListCycleFailuresRequest(), token: token)
      #expect(open.failures.map(\.accountNumber).sorted() == [poisoned.number, overflowing.number].sorted())
      let byAccount = Dictionary(uniqueKeysWithValues: open.failures.map { ($0.accountNumber, $0) })
      #expect(byAccount[poisoned.number]?.reason == "DATABASE_ERROR")
      #expect(byAccount[poisoned.number]?.message.contains("P0001") == true)
      #expect(byAccount[poisoned.number]?.message.contains("INSERT") == false)
      #expect(byAccount[overflowing.number]?.reason == "TOTAL_OUT_OF_RANGE")
      #expect(
        open.failures.allSatisfy { $0.step == "invoicing" && $0.date == .day(2026, 4, 1) && $0.resolvedAt == nil })
      let metrics = try await ExternalReader.metrics(adminPort: try #require(bed.adminPort))
      #expect(metrics.contains(#"abonent_billing_cycle_item_failures_total{step="invoicing"} 2"#), "\(metrics)")

      // Ops cure one; the next night retries both: the cured one is invoiced for March, issued today.
      try await self.cure(bed, "poison_invoice", table: "invoices")
      try await bed.live(.day(2026, 4, 2))
      let retried = try await bed.call(
        BillingContract.listInvoices, ListInvoicesRequest(accountNumber: poisoned.number), token: token)
      #expect(retried.invoices.count == 1)
      #expect(
        retried.invoices.first?.periodStart == .day(2026, 3, 1) && retried.invoices.first?.date == .day(2026, 4, 2))
      open = try await bed.call(BillingContract.listCycleFailures, ListCycleFailuresRequest(), token: token)
      #expect(open.failures.map(\.accountNumber) == [overflowing.number])
      #expect(open.failures.first?.attempts == 2)
      let all = try await bed.call(
        BillingContract.listCycleFailures, ListCycleFailuresRequest(includeResolved: true, step: "invoicing"),
        token: token)
      #expect(all.failures.count == 2)
      #expect(all.failures.first { $0.accountNumber == poisoned.number }?.resolvedAt != nil)

      // Business day 3 (Monday 6 April): reminders. The good account's fails, the others go out.
      try await self.poison(
        bed, "poison_reminder", table: "collection_steps",
        condition: "(SELECT account_id FROM invoices WHERE id = NEW.invoice_id) = '\(good.id)'")
      try await bed.live(.day(2026, 4, 3))
      try await bed.live(.day(2026, 4, 6))
      _ = try await bed.mail(to: "c3@example.ru", subject: "Напоминание")
      open = try await bed.call(
        BillingContract.listCycleFailures, ListCycleFailuresRequest(step: "collections"), token: token)
      #expect(open.failures.map(\.accountNumber) == [good.number])
      #expect(
        try await bed.sql { connection in
          try await connection.query(
            "SELECT count(*) FROM mail_outbox WHERE 'c0@example.ru' = ANY(recipients) AND subject LIKE 'Напоминание%'",
            logger: self.logger
          )
          .decode(Int64.self).collect()[0]
        } == 0)
      let refused = await bed.refusal {
        _ = try await bed.call(
          BillingContract.listCycleFailures, ListCycleFailuresRequest(step: "dancing"), token: token)
      }
      #expect(refused?.violations == ["step": "STEP_UNKNOWN"])
    }
  }

  @Test(
    "a day before the latest one run is refused and changes nothing; random walks keep the blocks the latest day's rules give"
  )
  func earlierDays() async throws {
    try await BillingTestbed.with(clockAt: .at(2026, 3, 10, 9)) { bed in
      var random = SeededRandom.forTest("daily cycle days in random order")
      let token = try await BillingTestbed.staffToken()
      let customer = try await bed.customer("ООО Порядок", contract: "D-1", email: "order@example.ru")
      let account = try await bed.account(for: customer)
      try await bed.charge(account, "500.00", key: "march")
      try await bed.live(.day(2026, 4, 1))
      // Business day 6 after 1 April (no holidays in a Russian April): Thursday 9 April.
      let blockDay = CalendarDate.day(2026, 4, 9)
      var latest = CalendarDate.day(2026, 4, 1)
      var paidOn: CalendarDate?
      var today = latest
      for _ in 0..<14 {
        switch Int.random(in: 0..<4, using: &random) {
        case 0 where today < .day(2026, 4, 24):
          // The clock moves on; the nightly job runs for the new day.
          today = CalendarDate(daysSinceEpoch: today.daysSinceEpoch + Int32.random(in: 1...3, using: &random))
          try await bed.live(today)
          latest = today
        case 1 where paidOn == nil && today >= .day(2026, 4, 7):
          try await bed.pay(account, "500.00", key: "pay", on: today)
          paidOn = today
        default:
          let day = CalendarDate(
            daysSinceEpoch: Int32.random(
              in: CalendarDate.day(2026, 4, 1).daysSinceEpoch...today.daysSinceEpoch, using: &random))
          let outcome = await AmountRangeTests.attempt {
            try await bed.call(BillingContract.runDailyCycle, RunDailyCycleRequest(date: day), token: token)
          }
          switch outcome {
          case .success:
            #expect(day >= latest, "\(day) ran after \(latest)")
            latest = max(latest, day)
          case .failure(let error):
            #expect(day < latest, "\(day) refused with latest \(latest): \(error)")
            #expect(error.code == .failedPrecondition && error.reason == "CYCLE_DAY_PASSED")
            #expect(error.message.contains(latest.description))
          }
        }
        // The rules as of the latest day: blocked from business day 6 until the day after payment.
        let credited = paidOn.map { Self.nextWeekday(after: $0) }
        let shouldBlock = latest >= blockDay && !(credited.map { latest >= $0 } ?? false)
        let status = try await bed.call(
          BillingContract.getAccount, GetAccountRequest(number: account.number), token: token
        ).status
        #expect((status == .blocked) == shouldBlock, "latest \(latest), paid \(paidOn?.description ?? "—"): \(status)")
      }
    }
  }

  /// The next business day in a Russian April 2026 (no holidays): the next weekday.
  static func nextWeekday(after date: CalendarDate) -> CalendarDate {
    var next = CalendarDate(daysSinceEpoch: date.daysSinceEpoch + 1)
    // 1970-01-01 was a Thursday: days 2 and 3 after it (mod 7) are Saturday and Sunday.
    while [2, 3].contains(((Int(next.daysSinceEpoch) % 7) + 7) % 7) {
      next = CalendarDate(daysSinceEpoch: next.daysSinceEpoch + 1)
    }
    return next
  }
}
