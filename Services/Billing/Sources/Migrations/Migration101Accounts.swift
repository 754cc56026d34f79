import Storage

extension BillingMigrations {
  static let v101Accounts = Migration(
    101, "accounts",
    "CREATE SEQUENCE account_numbers START 100000001",
    """
    CREATE TABLE accounts (
      id uuid PRIMARY KEY,
      seq bigserial UNIQUE,
      number text NOT NULL,
      customer_id uuid NOT NULL REFERENCES customers,
      currency text NOT NULL,
      payment_mode text NOT NULL CHECK (payment_mode IN ('prepaid', 'postpaid')),
      credit_limit_minor bigint NOT NULL DEFAULT 0 CHECK (credit_limit_minor >= 0),
      critical_balance_minor bigint NOT NULL DEFAULT 0,
      status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'blocked', 'closed')),
      blocked_reason text NOT NULL DEFAULT '',
      blocked_since timestamptz,
      balance_minor bigint NOT NULL DEFAULT 0,
      created_at timestamptz NOT NULL
    )
    """,
    "CREATE UNIQUE INDEX accounts_number ON accounts (number)",
    "CREATE INDEX accounts_customer ON accounts (customer_id, seq)"
  )
}
