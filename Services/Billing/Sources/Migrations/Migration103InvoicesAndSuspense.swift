import Storage

extension BillingMigrations {
  static let v103InvoicesAndSuspense = Migration(
    103, "invoices (numbers for payment matching) and the suspense list",
    """
    CREATE TABLE invoices (
      id bigserial PRIMARY KEY,
      number text NOT NULL UNIQUE,
      account_id uuid NOT NULL REFERENCES accounts,
      amount_minor bigint NOT NULL CHECK (amount_minor > 0),
      issued_on date NOT NULL,
      created_at timestamptz NOT NULL
    )
    """,
    """
    CREATE TABLE suspense_payments (
      id bigserial PRIMARY KEY,
      idempotency_key text NOT NULL UNIQUE,
      bank_reference text NOT NULL,
      value_date date NOT NULL,
      amount_minor bigint NOT NULL CHECK (amount_minor > 0),
      currency text NOT NULL,
      payer text NOT NULL,
      payer_tax_id text NOT NULL,
      purpose text NOT NULL,
      entry_id bigint REFERENCES ledger_entries,
      received_at timestamptz NOT NULL
    )
    """,
    "CREATE INDEX suspense_open ON suspense_payments (id) WHERE entry_id IS NULL",
    """
    CREATE TABLE suspense_history (
      id bigserial PRIMARY KEY,
      suspense_id bigint NOT NULL REFERENCES suspense_payments,
      action text NOT NULL CHECK (action IN ('received', 'assigned')),
      actor text NOT NULL,
      at timestamptz NOT NULL,
      account_number text NOT NULL DEFAULT '',
      comment text NOT NULL DEFAULT ''
    )
    """
  )
}
