import Storage

extension BillingMigrations {
  /// The payments that still have something to credit to invoices: a real payment, not
  /// reversed, whose allocations do not yet add up to it. Collections asked that of every
  /// payment an account ever made, summing each one's allocations, so the daily step grew
  /// with every month of history (docs/BENCHMARKS.md §6: ten times slower on 24 months than on
  /// one). A payment enters this table when it is posted and leaves it when crediting uses it
  /// up or a reversal cancels it, so the question reads one short index range per account.
  /// The backfill computes the same set from the ledger as it stands.
  static let v118PaymentsToCredit = Migration(
    118,
    "payments with something left to credit: the collections driver's and crediting's index",
    """
    CREATE TABLE payments_to_credit (
      entry_id bigint PRIMARY KEY REFERENCES ledger_entries (id),
      account_id uuid NOT NULL REFERENCES accounts (id),
      value_date date NOT NULL
    )
    """,
    "CREATE INDEX payments_to_credit_account ON payments_to_credit (account_id, value_date)",
    """
    INSERT INTO payments_to_credit (entry_id, account_id, value_date)
    SELECT e.id, e.account_id, e.value_date FROM ledger_entries e
    WHERE e.kind = 'payment'
      AND NOT EXISTS (SELECT 1 FROM ledger_entries r WHERE r.reverses_entry_id = e.id)
      AND e.amount_minor > COALESCE((SELECT sum(a.amount_minor) FROM invoice_allocations a WHERE a.entry_id = e.id), 0)
    """
  )
}
