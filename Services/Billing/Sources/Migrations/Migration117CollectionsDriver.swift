import Storage

extension BillingMigrations {
  /// Collections visit only the accounts with something to do on the day (docs/billing.md,
  /// Collections visit only accounts with work): the query that finds them asks, per unpaid
  /// invoice, whether its account has a payment left to credit — an account's payments, not
  /// every entry of its history — and whether the invoice has a live correction. Month-end's
  /// batches ask which accounts still lack the month's invoice: that month's invoices, not
  /// every invoice ever issued.
  static let v117CollectionsDriver = Migration(
    117, "indexes for the daily cycle's drivers: an account's payments, live corrections, a month's invoices",
    "CREATE INDEX ledger_account_payments ON ledger_entries (account_id, value_date) WHERE kind = 'payment'",
    "CREATE INDEX corrections_live ON corrections (invoice_id) WHERE status <> 'deleted'",
    "CREATE INDEX invoices_monthly_period ON invoices (period_start, account_id) WHERE kind = 'monthly'"
  )
}
