import BillingAPI
import Configuration
import Logging
import PostgresNIO
import Settings
import Storage
import TestSupport
import Testing
import WireCodec

@testable import BillingService

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// Month-end in batches writes exactly what invoicing one account at a time writes
/// (docs/billing.md, Month-end in batches): 2,000 accounts across Russia, Kazakhstan and
/// elsewhere, in RUB, KZT, EUR and USD, with the awkward ones among them — a closed account,
/// one whose month nets to less than nothing, one without an exchange rate, one whose total is
/// out of range, a number of the series taken by hand — invoiced for May 2026 both ways on the
/// same data, and every invoice, line, event and recorded failure compared.
@Suite(
  "Month-end batches equal one-by-one invoicing",
  .enabled(
    if: TestDatabase.isAvailable && SMTPSink.isAvailable,
    "needs the test PostgreSQL and aiosmtpd (scripts/test.sh provides both)"))
struct MonthEndEquivalenceTests {
  static let accounts = 2_000
  /// Small enough that the run spans several batches, and not a divisor of the account count.
  static let batchSize = 300
  let logger = Logger(label: "test")
  /// The testbed's own service must not run the night of 1 June beside the Billing under test.
  static let noNightlyCycle = ["abonent.billing.nightlyCycle": "false"]

  /// The data, written set-based: `Benchmarks/month-end/seed.sql`'s shape plus the awkward cases.
  static func fill(accounts: Int = Self.accounts) -> [String] {
    [
      """
      INSERT INTO catalogue_services (code, name, created_at) VALUES
        ('telephony', 'Телефония', now()), ('internet', 'Интернет', now())
      """,
      """
      INSERT INTO exchange_rates (quote_currency, currency, on_date, rate_units, rate_scale, source, set_at) VALUES
        ('RUB', 'EUR', date '2026-05-29', 9412345, 5, 'test', now()),
        ('RUB', 'KZT', date '2026-05-29', 165432, 6, 'test', now()),
        ('KZT', 'EUR', date '2026-05-29', 56789012, 5, 'test', now()),
        ('KZT', 'RUB', date '2026-05-20', 6044921, 6, 'test', now())
      """,
      // VAT rises in Kazakhstan on 1 June: May's supply keeps May's rate.
      """
      INSERT INTO vat_rates (country, effective_from, rate_hundredths, reason, set_by, set_at)
      VALUES ('KZ', '2026-06-01', 1800, 'test', 'test', now())
      """,
      """
      INSERT INTO customers (id, kind, name, contract_number, country, created_at)
      SELECT gen_random_uuid(), 'legal_entity', 'ООО «Сверка ' || n || '»', 'EQ-' || n,
             CASE WHEN n % 11 = 0 THEN 'other' WHEN n % 2 = 0 THEN 'RU' ELSE 'KZ' END, now()
      FROM generate_series(1, \(accounts)) n
      """,
      // USD has no rate into RUB or KZT: those accounts (outside "other") are skipped, counted without rate.
      """
      INSERT INTO accounts (id, number, customer_id, currency, payment_mode, created_at)
      SELECT gen_random_uuid(), 'EQ' || lpad(c.seq::text, 6, '0'), c.id,
             CASE WHEN c.seq % 97 = 0 THEN 'USD' WHEN c.seq % 5 = 0 THEN 'EUR'
                  WHEN c.seq % 7 = 0 THEN (CASE c.country WHEN 'RU' THEN 'KZT' ELSE 'RUB' END)
                  WHEN c.country = 'KZ' THEN 'KZT' ELSE 'RUB' END,
             'prepaid', now()
      FROM customers c
      """,
      """
      INSERT INTO ledger_entries (account_id, kind, amount_minor, balance_after_minor, currency, value_date, service_code,
                                  source, idempotency_key, idempotency_scope, fingerprint, actor, posted_at)
      SELECT a.id, CASE WHEN k = 7 THEN 'discount' ELSE 'charge' END,
             CASE WHEN k = 7 THEN 50 ELSE -(100 + (a.seq * 7 + k * 13) % 5000) END, 0, a.currency,
             date '2026-04-28' + (k % 36), (ARRAY['telephony', 'internet', 'unknown', ''])[1 + k % 4], 'test',
             'eq:' || a.seq || ':' || k, 'test', '', 'test', now()
      FROM accounts a, generate_series(1, 12) k
      """,
      // A reversal of one charge per tenth account.
      """
      INSERT INTO ledger_entries (account_id, kind, amount_minor, balance_after_minor, currency, value_date, service_code,
                                  source, idempotency_key, idempotency_scope, fingerprint, actor, posted_at, reverses_entry_id)
      SELECT e.account_id, 'reversal', -e.amount_minor, 0, e.currency, e.value_date, e.service_code, 'test',
             'eq-rev:' || e.id, 'test', '', 'test', now(), e.id
      FROM ledger_entries e JOIN accounts a ON a.id = e.account_id
      WHERE a.seq % 10 = 0 AND e.idempotency_key = 'eq:' || a.seq || ':5'
      """,
      // A month that nets to less than nothing: no invoice.
      """
      INSERT INTO ledger_entries (account_id, kind, amount_minor, balance_after_minor, currency, value_date, service_code,
                                  source, idempotency_key, idempotency_scope, fingerprint, actor, posted_at)
      SELECT a.id, 'discount', 10000000, 0, a.currency, date '2026-05-15', 'telephony', 'test', 'eq-big:' || a.seq,
             'test', '', 'test', now()
      FROM accounts a WHERE a.seq % 101 = 0
      """,
      // A total beyond the balance limit (two lines of 9·10^17 minor units): a recorded failure.
      """
      INSERT INTO ledger_entries (account_id, kind, amount_minor, balance_after_minor, currency, value_date, service_code,
                                  source, idempotency_key, idempotency_scope, fingerprint, actor, posted_at)
      SELECT a.id, 'charge', -900000000000000000, 0, a.currency, date '2026-05-10', s, 'test', 'eq-huge:' || a.seq || s,
             'test', '', 'test', now()
      FROM accounts a, unnest(ARRAY['telephony', 'internet']) s WHERE a.seq IN (777, 1501)
      """,
      "UPDATE accounts SET status = 'closed' WHERE seq % 211 = 0",
      // A number of the series taken by hand before the series rule: skipped by both.
      """
      INSERT INTO invoices (number, account_id, amount_minor, issued_on, created_at, kind, currency)
      SELECT 'NCR-0007', a.id, 100, date '2026-05-20', now(), 'manual', a.currency FROM accounts a WHERE a.seq = 1
      """,
      "ANALYZE",
    ]
  }

  /// Everything month-end wrote, in a form two runs can be compared by.
  struct Written: Equatable, CustomStringConvertible {
    var invoices: [String]
    var lines: [String]
    var events: [String]
    var failures: [String]
    var counter: Int64

    var description: String {
      "\(invoices.count) invoices, \(lines.count) lines, \(events.count) events, failures \(failures), counter \(counter)"
    }
  }

  func written(_ connection: PostgresConnection) async throws -> Written {
    let invoices = try await connection.query(
      """
      SELECT concat_ws('|', i.number, a.number, i.amount_minor, i.currency, i.issued_on, i.period_start, i.period_end,
                       i.local_currency, i.rate_units, i.rate_scale, i.rate_date, i.local_amount_minor, i.due_on, i.paid_minor)
      FROM invoices i JOIN accounts a ON a.id = i.account_id WHERE i.kind = 'monthly' ORDER BY i.number
      """, logger: self.logger
    ).decode(String.self).collect()
    let lines = try await connection.query(
      """
      SELECT concat_ws('|', i.number, l.service_code, l.description, l.amount_minor, l.vat_rate_hundredths)
      FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id WHERE i.kind = 'monthly' ORDER BY i.number, l.service_code
      """, logger: self.logger
    ).decode(String.self).collect()
    let events = try await connection.query(
      "SELECT type || '|' || key || '|' || encode(payload, 'hex') FROM outbox_events ORDER BY position",
      logger: self.logger
    ).decode(String.self).collect()
    let failures = try await connection.query(
      "SELECT step || '|' || account_number || '|' || reason FROM cycle_failures ORDER BY account_number",
      logger: self.logger
    ).decode(String.self).collect()
    let counter = try await connection.query(
      "SELECT COALESCE((SELECT next FROM invoice_counters WHERE series = 'NCR'), 0)", logger: self.logger
    ).decode(Int64.self).collect()[0]
    return Written(invoices: invoices, lines: lines, events: events, failures: failures, counter: counter)
  }

  /// Invoice rows without their numbers, in account order.
  func unnumbered(_ invoices: [String]) -> [String] {
    invoices.map { String($0.drop { $0 != "|" }) }.sorted()
  }

  /// Undoes month-end: what the other path then writes starts from the same state.
  func undo(_ connection: PostgresConnection) async throws {
    for statement in [
      "DELETE FROM invoice_lines WHERE invoice_id IN (SELECT id FROM invoices WHERE kind = 'monthly')",
      "DELETE FROM invoices WHERE kind = 'monthly'", "DELETE FROM outbox_events",
      "UPDATE outbox_counter SET last_position = 0", "DELETE FROM cycle_failures", "DELETE FROM invoice_counters",
    ] {
      try await connection.query(PostgresQuery(unsafeSQL: statement), logger: self.logger)
    }
  }

  /// Billing in this process, on the testbed's database and clock, invoicing `batchSize` accounts
  /// at a time with `workers` workers.
  func billing(_ database: Database, clock: SettableWallClock, workers: Int = 1) throws -> Billing {
    var config: [AbsoluteConfigKey: ConfigValue] = [:]
    config[AbsoluteConfigKey(["abonent", "billing", "invoicingBatchSize"])] = .init(
      .string("\(Self.batchSize)"), isSecret: false)
    config[AbsoluteConfigKey(["abonent", "billing", "invoicingWorkers"])] = .init(
      .string("\(workers)"), isSecret: false)
    let settings = try BillingSettings(SettingsReader(ConfigReader(provider: InMemoryProvider(values: config))))
    return Billing(database: database, clock: clock, logger: Logger(label: "month-end-test"), settings: settings)
  }

  @Test("batches and one-by-one write the same invoices, lines, events and failures")
  func equivalence() async throws {
    do { try await self.compare() } catch {
      print(String(reflecting: error))
      throw error
    }
  }

  func compare() async throws {
    // 1 June 2026, 01:00 UTC: the cycle of the 1st invoices May.
    try await BillingTestbed.with(
      clockAt: UTCTimestamp(microsecondsSinceEpoch: 1_780_275_600_000_000), settings: Self.noNightlyCycle
    ) { bed in
      let clock = try #require(bed.clock)
      try await bed.sql { connection in
        for statement in Self.fill() {
          do {
            try await connection.query(PostgresQuery(unsafeSQL: statement), logger: self.logger)
          } catch {
            print("FILL FAILED: \(statement.prefix(80)) \(String(reflecting: error))")
            throw error
          }
        }
      }
      try await TestDatabase.running(bed.database) { database in
        let billing = try self.billing(database, clock: clock)
        let day = CalendarDate.day(2026, 6, 1)

        let batchFailures = CycleCounter()
        let batchStart = ContinuousClock.now
        let batched = try await billing.issueMonthlyInvoices(on: day, failed: batchFailures)
        let batchTime = ContinuousClock.now - batchStart
        let inBatches = try await database.withConnection { try await self.written($0) }
        try await database.withConnection { try await self.undo($0) }

        // Today's one-by-one path, as the cycle ran it before batches: each open account
        // without its invoice, in account order, in a transaction of its own.
        let oneFailures = CycleCounter()
        let oneStart = ContinuousClock.now
        var one = (issued: Int64(0), withoutRate: Int64(0))
        let period = try #require(Billing.invoicedPeriod(on: day))
        let ids = try await database.withConnection { connection in
          try await connection.query(
            "SELECT id FROM accounts WHERE status <> 'closed' ORDER BY seq", logger: self.logger
          ).decode(UUID.self).collect()
        }
        for id in ids {
          switch try await billing.isolated(
            .invoicing, item: id, for: day, failed: oneFailures,
            { try await billing.issueMonthlyInvoice(account: id, period: period, on: day, on: $0) })
          {
          case .issued: one.issued += 1
          case .noRate: one.withoutRate += 1
          case .nothingToDo, nil: break
          }
        }
        let oneTime = ContinuousClock.now - oneStart
        let oneByOne = try await database.withConnection { try await self.written($0) }
        // Informative only (a debug build, the test database): the benchmark measures.
        print("month-end of \(Self.accounts) accounts: batches \(batchTime), one by one \(oneTime)")

        #expect(batched.issued == one.issued && batched.withoutRate == one.withoutRate)
        #expect(batchFailures.count == oneFailures.count)
        #expect(inBatches.invoices == oneByOne.invoices)
        #expect(inBatches.lines == oneByOne.lines)
        #expect(inBatches.events == oneByOne.events)
        #expect(inBatches.failures == oneByOne.failures)
        #expect(inBatches.counter == oneByOne.counter)

        // And the comparison compared something: most accounts invoiced, every awkward case present.
        let closed = Self.accounts / 211
        #expect(batched.issued > Int64(Self.accounts - 60) && batched.issued < Int64(Self.accounts - closed))
        let usdOutsideOther: [Int] = (1...Self.accounts).filter { n in n % 97 == 0 && n % 211 != 0 && n % 11 != 0 }
        #expect(batched.withoutRate == Int64(usdOutsideOther.count))
        #expect(inBatches.failures.count == 2 && inBatches.failures.allSatisfy { $0.hasSuffix("|TOTAL_OUT_OF_RANGE") })
        #expect(inBatches.events.count == Int(batched.issued))
        // Numbers without gaps, NCR-0007 skipped.
        let numbers = inBatches.invoices.map { String($0.prefix { $0 != "|" }) }
        let expected = (1...Int(batched.issued) + 1).filter { $0 != 7 }.map {
          AutomaticSeries.number(Int64($0), in: "NCR")
        }
        #expect(numbers == expected)
        #expect(inBatches.counter == batched.issued + 2)
        // May's VAT for May's supply: 16 % in Kazakhstan although 18 % applies from 1 June.
        #expect(
          inBatches.lines.contains { $0.hasSuffix("|1600") } && !inBatches.lines.contains { $0.hasSuffix("|1800") })
      }
    }
  }

  @Test("an account a posting holds during the run is invoiced once the posting commits")
  func heldAccount() async throws {
    try await BillingTestbed.with(
      clockAt: UTCTimestamp(microsecondsSinceEpoch: 1_780_275_600_000_000), settings: Self.noNightlyCycle
    ) { bed in
      let clock = try #require(bed.clock)
      try await bed.sql { connection in
        // The first six statements: customers, accounts and their charges, none of the awkward cases.
        for statement in Self.fill(accounts: 40).prefix(6) {
          try await connection.query(PostgresQuery(unsafeSQL: statement), logger: self.logger)
        }
      }
      try await TestDatabase.running(bed.database) { database in
        let billing = try self.billing(database, clock: clock)
        let held = try await database.withConnection { connection in
          try await connection.query("SELECT id FROM accounts WHERE seq = 5", logger: self.logger).decode(UUID.self)
            .collect()[0]
        }
        // A transaction holds the account's row, as a posting does, for the first two seconds of the run.
        let holder = Task {
          try await bed.sql { connection in
            try await connection.query("BEGIN", logger: self.logger)
            try await connection.query("SELECT 1 FROM accounts WHERE id = \(held) FOR UPDATE", logger: self.logger)
            try await Task.sleep(for: .seconds(2))
            try await connection.query("COMMIT", logger: self.logger)
          }
        }
        try await Task.sleep(for: .milliseconds(500))
        let outcome = try await billing.issueMonthlyInvoices(on: .day(2026, 6, 1), failed: CycleCounter())
        try await holder.value
        let invoiced = try await database.withConnection { connection in
          try await connection.query(
            "SELECT count(*), count(*) FILTER (WHERE account_id = \(held)) FROM invoices WHERE kind = 'monthly'",
            logger: self.logger
          ).decode((Int64, Int64).self).collect()[0]
        }
        #expect(outcome.issued == 40)
        #expect(invoiced.0 == outcome.issued && invoiced.1 == 1)
      }
    }
  }
}
