import PostgresNIO
import WireCodec

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// The queries the daily cycle runs once per account, as values: the cycle runs them and
/// `Tests/BillingTests/QueryPlanTests.swift` asks PostgreSQL for their plans, so a change that
/// makes one read a whole table (cost growing with every invoice or entry ever written) fails a
/// test instead of slowing month-end a little more every month (migration 116's indexes).
enum PerAccountQueries {
  /// An account's unpaid monthly and prepayment invoices, oldest first, each with what is due
  /// after its live corrections: `(id, number, due, paid, issued_on, due_on, kind)`.
  static func openInvoices(of account: UUID) -> PostgresQuery {
    """
    SELECT i.id, i.number,
           -- What is due: the amount as issued, changed by the invoice's live corrections.
           i.amount_minor + COALESCE((
             SELECT sum(l.after_minor - l.before_minor) FROM correction_lines l JOIN corrections k ON k.id = l.correction_id
             WHERE k.invoice_id = i.id AND k.status <> 'deleted'), 0)::bigint,
           i.paid_minor, i.issued_on, i.due_on, i.kind
    FROM invoices i
    WHERE i.account_id = \(account) AND i.kind IN ('monthly', 'prepayment') AND i.paid_on IS NULL ORDER BY i.issued_on, i.id
    """
  }

  /// An account's real payments (not reversed ones) with something left to credit, oldest
  /// first, with what is left of each after its allocations to invoices:
  /// `(id, value_date, unallocated)`. Read through `payments_to_credit` (migration 118), so an
  /// account's used-up payments of past months are not read at all.
  static func payments(of account: UUID) -> PostgresQuery {
    """
    SELECT e.id, e.value_date, e.amount_minor - COALESCE((SELECT sum(a.amount_minor) FROM invoice_allocations a WHERE a.entry_id = e.id), 0)::bigint
    FROM payments_to_credit p JOIN ledger_entries e ON e.id = p.entry_id
    WHERE p.account_id = \(account)
    ORDER BY e.id
    """
  }

  /// Whether the account already has its monthly invoice for the period starting `start`.
  static func monthlyInvoice(of account: UUID, periodStart start: CalendarDate) -> PostgresQuery {
    "SELECT 1 FROM invoices WHERE account_id = \(account) AND kind = 'monthly' AND period_start = \(start)"
  }

  /// What the account owes for the period, per service: charges, discounts and correction
  /// write-offs valued in it, and reversals of them: `(service_code, service name, sum as text)`.
  static func periodLines(of account: UUID, from start: CalendarDate, through end: CalendarDate) -> PostgresQuery {
    """
    SELECT e.service_code, COALESCE(max(s.name), ''), (-sum(e.amount_minor))::text
    FROM ledger_entries e
    LEFT JOIN ledger_entries o ON o.id = e.reverses_entry_id
    LEFT JOIN catalogue_services s ON s.code = e.service_code
    WHERE e.account_id = \(account) AND e.value_date BETWEEN \(start) AND \(end)
      AND \(unescaped: Billing.realizedEntry)
    GROUP BY e.service_code ORDER BY e.service_code
    """
  }

  /// The same for a batch of accounts: `(account, service_code, service name, sum as text)`.
  /// Each account's month is read by its own range scan of the (account, value date) index, so
  /// the cost is the month's entries whatever the history: with `account_id = ANY(…)` the
  /// planner may take another index of the account and filter every month it ever had.
  static func periodLines(ofAny accounts: [UUID], from start: CalendarDate, through end: CalendarDate) -> PostgresQuery
  {
    """
    SELECT b.account_id, m.service_code, COALESCE(max(s.name), ''), (-sum(m.amount_minor))::text
    FROM unnest(\(accounts)::uuid[]) AS b(account_id)
    JOIN LATERAL (
      SELECT e.service_code, e.amount_minor FROM ledger_entries e
      WHERE e.account_id = b.account_id AND e.value_date BETWEEN \(start) AND \(end)
        AND \(unescaped: Billing.realizedEntryByLookup)) m ON true
    LEFT JOIN catalogue_services s ON s.code = m.service_code
    GROUP BY b.account_id, m.service_code ORDER BY b.account_id, m.service_code
    """
  }

  /// Month-end's next batch: up to `limit` open accounts with `seq` in `(after, upper]` without
  /// their invoice for the period, in `seq` order, with their customer's country: `(id, seq,
  /// number, currency, customer_id, country)`. Locked for the batch's transaction unless
  /// `claim` is `nil`.
  static func invoicingBatch(
    after seq: Int64, through upper: Int64, periodStart start: CalendarDate, limit: Int, claim: BatchClaim?
  ) -> PostgresQuery {
    let lock =
      switch claim {
      case .skipLocked: "FOR UPDATE OF a SKIP LOCKED"
      case .waitForLocks: "FOR UPDATE OF a"
      case nil: ""
      }
    return """
      SELECT a.id, a.seq, a.number, a.currency, a.customer_id, c.country
      FROM accounts a JOIN customers c ON c.id = a.customer_id
      WHERE a.seq > \(seq) AND a.seq <= \(upper) AND a.status <> 'closed'
        AND \(unescaped: Self.withoutMonthlyInvoice(periodStart: start))
      ORDER BY a.seq LIMIT \(limit)
      \(unescaped: lock)
      """
  }

  /// How many open accounts with `seq` in `(after, upper]` have no invoice for the period yet,
  /// locked or not: more than a batch claimed means it skipped some.
  static func uninvoiced(after seq: Int64, through upper: Int64, periodStart start: CalendarDate) -> PostgresQuery {
    """
    SELECT count(*) FROM accounts a
    WHERE a.seq > \(seq) AND a.seq <= \(upper) AND a.status <> 'closed'
      AND \(unescaped: Self.withoutMonthlyInvoice(periodStart: start))
    """
  }

  /// SQL condition on `accounts a`: no monthly invoice for the period starting `start`. A
  /// scalar subquery, looked up per account in the (account, period) unique index: written as
  /// NOT EXISTS the planner joins it against the period's invoices, which it believes to be
  /// none (they are all written during the run, after the statistics were taken), and each
  /// batch's claim then rescanned every invoice issued so far — quadratic over the run.
  static func withoutMonthlyInvoice(periodStart start: CalendarDate) -> String {
    "(SELECT i.id FROM invoices i WHERE i.account_id = a.id AND i.kind = 'monthly' AND i.period_start = '\(start)'::date) IS NULL"
  }
}
