import BillingAPI
import BillingReferenceData
import BillingRules
import Logging
import PostgresNIO
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

/// The daily cycle's per-account queries read an account's rows through indexes, not by
/// scanning invoices or ledger entries (docs/billing.md, Daily cycle at scale). 2,000 accounts
/// with two years of monthly invoices and a month of charges each — enough rows that a missing
/// index makes the planner scan — and each query of `PerAccountQueries` EXPLAINed for one
/// account.
@Suite(
  "Per-account queries use indexes",
  .enabled(
    if: TestDatabase.isAvailable && SMTPSink.isAvailable,
    "needs the test PostgreSQL and aiosmtpd (scripts/test.sh provides both)"))
struct QueryPlanTests {
  static let accounts = 2_000
  let logger = Logger(label: "test")

  /// Customers, accounts, 24 monthly invoices (the last unpaid) and 30 charges per account in
  /// May 2026, written by set-based SQL.
  func fill(_ connection: PostgresConnection) async throws {
    let statements = [
      """
      INSERT INTO customers (id, kind, name, contract_number, country, created_at)
      SELECT gen_random_uuid(), 'legal_entity', 'ООО «План ' || n || '»', 'PLAN-' || n, CASE WHEN n % 2 = 0 THEN 'RU' ELSE 'KZ' END, now()
      FROM generate_series(1, \(Self.accounts)) n
      """,
      """
      INSERT INTO accounts (id, number, customer_id, currency, payment_mode, created_at)
      SELECT gen_random_uuid(), 'P' || c.seq, c.id, 'RUB', 'prepaid', now() FROM customers c
      """,
      """
      INSERT INTO invoices (number, account_id, amount_minor, issued_on, created_at, kind, period_start, period_end, currency, paid_minor, paid_on)
      SELECT 'PLAN-' || a.seq || '-' || m, a.id, 100000, (date '2024-06-01' + make_interval(months => m))::date, now(), 'monthly',
             (date '2024-05-01' + make_interval(months => m))::date, (date '2024-06-01' + make_interval(months => m))::date - 1, 'RUB',
             CASE WHEN m < 23 THEN 100000 ELSE 0 END, CASE WHEN m < 23 THEN (date '2024-06-10' + make_interval(months => m))::date END
      FROM accounts a, generate_series(0, 23) m
      """,
      """
      INSERT INTO invoice_lines (invoice_id, service_code, description, amount_minor, vat_rate_hundredths)
      SELECT i.id, s, s, i.amount_minor / 2, 2000 FROM invoices i, unnest(ARRAY['telephony', 'internet']) s
      """,
      """
      INSERT INTO ledger_entries (account_id, kind, amount_minor, balance_after_minor, currency, value_date, service_code, source,
                                  idempotency_key, idempotency_scope, fingerprint, actor, posted_at)
      SELECT a.id, 'charge', -1000, 0, 'RUB', date '2026-05-01' + (k % 31), 'telephony', 'plan-test',
             'plan:' || a.seq || ':' || k, 'plan', '', 'plan-test', now()
      FROM accounts a, generate_series(1, 30) k
      """,
      // The 23 months before: five charges each, so that reading an account's every month
      // instead of May's is visible in the plan.
      """
      INSERT INTO ledger_entries (account_id, kind, amount_minor, balance_after_minor, currency, value_date, service_code, source,
                                  idempotency_key, idempotency_scope, fingerprint, actor, posted_at)
      SELECT a.id, 'charge', -1000, 0, 'RUB', (date '2026-05-01' - make_interval(months => m))::date + k, 'telephony',
             'plan-test', 'plan:' || a.seq || ':' || m || ':' || k, 'plan', '', 'plan-test', now()
      FROM accounts a, generate_series(1, 23) m, generate_series(1, 5) k
      """,
      "ANALYZE",
    ]
    for statement in statements {
      try await connection.query(PostgresQuery(unsafeSQL: statement), logger: self.logger)
    }
  }

  /// The plan of `query` as PostgreSQL's text EXPLAIN prints it.
  func plan(_ query: PostgresQuery, on connection: PostgresConnection) async throws -> String {
    let explained = PostgresQuery(unsafeSQL: "EXPLAIN " + query.sql, binds: query.binds)
    return try await connection.query(explained, logger: self.logger).decode(String.self).collect()
      .joined(separator: "\n")
  }

  @Test("open invoices, the monthly-invoice check and a month's lines read one account's rows by index")
  func perAccountPlans() async throws {
    try await BillingTestbed.with { bed in
      try await bed.sql { connection in
        try await self.fill(connection)
        let counts = try await connection.query(
          "SELECT (SELECT count(*) FROM invoices), (SELECT count(*) FROM ledger_entries)", logger: self.logger
        ).decode((Int64, Int64).self).collect()
        #expect(counts.first?.0 == Int64(Self.accounts * 24) && counts.first?.1 == Int64(Self.accounts * (30 + 23 * 5)))
        let account = try await connection.query(
          "SELECT id FROM accounts ORDER BY seq OFFSET \(Self.accounts / 2) LIMIT 1", logger: self.logger
        ).decode(UUID.self).collect()[0]

        // The check can fail: without a usable index the same table gives a sequential scan.
        let unindexed = try await self.plan(
          "SELECT id FROM invoices WHERE amount_minor = 100000 AND issued_on = \(CalendarDate.day(2026, 5, 1))",
          on: connection)
        #expect(unindexed.contains("Seq Scan on invoices"), "\(unindexed)")

        // A batch is a small share of the accounts (500 of 100,000 in the benchmark): 1 % here.
        let batch = Self.accounts / 100
        let middle = try await connection.query(
          "SELECT id, seq FROM accounts ORDER BY seq OFFSET \(Self.accounts / 2) LIMIT \(batch)", logger: self.logger
        ).decode((UUID, Int64).self).collect()
        let after = middle[0].1 - 1
        let collections = CollectionsDriver(
          on: .day(2026, 6, 9), schedule: .standard,
          calendars: [
            "RU": .success(try BusinessCalendar.shipped(country: "RU")),
            "KZ": .success(try BusinessCalendar.shipped(country: "KZ")),
          ])
        let queries: [(String, PostgresQuery)] = [
          ("open invoices", PerAccountQueries.openInvoices(of: account)),
          ("payments", PerAccountQueries.payments(of: account)),
          (
            "a batch's lines",
            PerAccountQueries.periodLines(ofAny: middle.map(\.0), from: .day(2026, 5, 1), through: .day(2026, 5, 31))
          ),
          (
            "a batch's claim",
            PerAccountQueries.invoicingBatch(
              after: after, through: .max, periodStart: .day(2026, 5, 1), limit: batch, claim: .skipLocked)
          ),
          (
            "a batch's skipped accounts",
            PerAccountQueries.uninvoiced(after: after, through: after + Int64(batch), periodStart: .day(2026, 5, 1))
          ),
          ("the accounts collections visit", collections.query),
          (
            "an invoice's lines",
            "SELECT service_code, amount_minor FROM invoice_lines WHERE invoice_id = (SELECT max(id) FROM invoices)"
          ),
          ("monthly invoice exists", PerAccountQueries.monthlyInvoice(of: account, periodStart: .day(2026, 5, 1))),
          (
            "a month's lines",
            PerAccountQueries.periodLines(of: account, from: .day(2026, 5, 1), through: .day(2026, 5, 31))
          ),
        ]
        for (name, query) in queries {
          let plan = try await self.plan(query, on: connection)
          #expect(!plan.contains("Seq Scan on invoices"), "\(name) scans invoices:\n\(plan)")
          #expect(!plan.contains("Seq Scan on ledger_entries"), "\(name) scans ledger entries:\n\(plan)")
          #expect(!plan.contains("Seq Scan on invoice_lines"), "\(name) scans invoice lines:\n\(plan)")
        }
        // A month comes from the (account, value date) index, a range per account: not every
        // entry the account ever had, filtered.
        for query in [
          PerAccountQueries.periodLines(ofAny: middle.map(\.0), from: .day(2026, 5, 1), through: .day(2026, 5, 31)),
          PerAccountQueries.periodLines(of: account, from: .day(2026, 5, 1), through: .day(2026, 5, 31)),
        ] {
          let lines = try await self.plan(query, on: connection)
          #expect(lines.contains("ledger_account_value_date"), "\(lines)")
        }
      }
    }
  }
}
