import Storage

extension BillingMigrations {
  /// Per-account work of the daily cycle reads only the rows it needs (docs/billing.md, Daily
  /// cycle at scale). Collections asked for an account's unpaid monthly *and prepayment*
  /// invoices, which the old partial index (monthly only) could not answer, so every account
  /// scanned the whole invoices table; ListInvoices had no index on the account at all; the
  /// monthly invoice read an account's entries of one month through (account, id), every month
  /// of its history.
  static let v116PerAccountIndexes = Migration(
    116, "indexes for per-account work: unpaid invoices, an account's invoices, entries by value date",
    "DROP INDEX invoices_open",
    """
    CREATE INDEX invoices_unpaid ON invoices (account_id, issued_on, id)
      WHERE paid_on IS NULL AND kind IN ('monthly', 'prepayment')
    """,
    "CREATE INDEX invoices_account ON invoices (account_id, issued_on, id)",
    "CREATE INDEX ledger_account_value_date ON ledger_entries (account_id, value_date)"
  )
}
