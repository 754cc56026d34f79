import Storage

extension BillingMigrations {
  static let v105Autopayment = Migration(
    105, "autopayment",
    """
    CREATE TABLE autopay (
      account_id uuid PRIMARY KEY REFERENCES accounts,
      enabled boolean NOT NULL,
      threshold_minor bigint NOT NULL,
      amount_minor bigint NOT NULL CHECK (amount_minor > 0),
      card_token text NOT NULL,
      disabled_reason text NOT NULL DEFAULT '',
      updated_at timestamptz NOT NULL
    )
    """,
    """
    CREATE TABLE autopay_attempts (
      id bigserial PRIMARY KEY,
      account_id uuid NOT NULL REFERENCES accounts,
      job_key text NOT NULL UNIQUE,
      amount_minor bigint NOT NULL,
      outcome text NOT NULL CHECK (outcome IN ('approved', 'declined', 'insufficient_funds', 'failed')),
      detail text NOT NULL DEFAULT '',
      entry_id bigint REFERENCES ledger_entries,
      at timestamptz NOT NULL
    )
    """,
    "CREATE INDEX autopay_attempts_account ON autopay_attempts (account_id, id)"
  )
}
