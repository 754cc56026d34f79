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
}
