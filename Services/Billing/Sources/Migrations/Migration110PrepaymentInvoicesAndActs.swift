import Storage

extension BillingMigrations {
  static let v110PrepaymentInvoicesAndActs = Migration(
    110, "on-demand prepayment invoices and acts of services rendered",
    "ALTER TABLE invoices DROP CONSTRAINT invoices_kind_check",
    "ALTER TABLE invoices ADD CONSTRAINT invoices_kind_check CHECK (kind IN ('manual', 'monthly', 'prepayment'))",
    "ALTER TABLE invoices ADD COLUMN request_key text UNIQUE",
    """
    CREATE TABLE acts (
      id bigserial PRIMARY KEY,
      number text NOT NULL UNIQUE,
      account_id uuid NOT NULL REFERENCES accounts,
      invoice_id bigint NOT NULL REFERENCES invoices,
      entry_id bigint NOT NULL REFERENCES ledger_entries,
      amount_minor bigint NOT NULL CHECK (amount_minor > 0),
      issued_on date NOT NULL,
      UNIQUE (invoice_id, entry_id)
    )
    """,
    "CREATE INDEX acts_account ON acts (account_id, issued_on, id)"
  )
}
