import Storage

extension BillingMigrations {
  /// Collections visit only the accounts with something to do on the day (docs/billing.md,
  /// Collections visit only accounts with work): the query that finds them asks, per unpaid
  /// invoice, whether its account has a payment left to credit — an account's payments, not
  /// every entry of its history — and whether the invoice has a live correction. An invoice's
  /// lines had no index at all: GetInvoice, corrections and documents read every line of every
  /// invoice ever issued to find one invoice's.
  static let v117CollectionsDriver = Migration(
    117,
    "indexes for the collections driver and invoice lines: an account's payments, live corrections, an invoice's lines",
    "CREATE INDEX ledger_account_payments ON ledger_entries (account_id, value_date) WHERE kind = 'payment'",
    "CREATE INDEX corrections_live ON corrections (invoice_id) WHERE status <> 'deleted'",
    "CREATE INDEX invoice_lines_invoice ON invoice_lines (invoice_id)"
  )
}
