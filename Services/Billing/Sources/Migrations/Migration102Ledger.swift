import Storage

extension BillingMigrations {
  static let v102Ledger = Migration(
    102, "ledger",
    """
    CREATE TABLE ledger_entries (
      id bigserial PRIMARY KEY,
      account_id uuid NOT NULL REFERENCES accounts,
      kind text NOT NULL CHECK (kind IN ('payment', 'topup', 'charge', 'discount', 'reversal')),
      amount_minor bigint NOT NULL,
      balance_after_minor bigint NOT NULL,
      currency text NOT NULL,
      value_date date NOT NULL,
      service_code text NOT NULL DEFAULT '',
      subscription_id text NOT NULL DEFAULT '',
      source text NOT NULL,
      payer text NOT NULL DEFAULT '',
      bank_reference text NOT NULL DEFAULT '',
      purpose text NOT NULL DEFAULT '',
      reverses_entry_id bigint UNIQUE REFERENCES ledger_entries,
      idempotency_key text NOT NULL,
      fingerprint text NOT NULL,
      actor text NOT NULL,
      posted_at timestamptz NOT NULL,
      CHECK ((kind IN ('payment', 'topup', 'discount') AND amount_minor > 0) OR (kind = 'charge' AND amount_minor < 0) OR kind = 'reversal')
    )
    """,
    "CREATE UNIQUE INDEX ledger_idempotency ON ledger_entries (idempotency_key)",
    "CREATE INDEX ledger_account ON ledger_entries (account_id, id)",
    "CREATE INDEX ledger_account_service ON ledger_entries (account_id, service_code, id)",
    // Entries are facts: corrections are reversal entries, never edits. The trigger holds
    // for every role, the table owner included; docs/billing.md adds the REVOKE for the
    // application role where the schema owner is a separate role.
    """
    CREATE FUNCTION ledger_entries_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'ledger entries are immutable: post a reversal instead' USING ERRCODE = 'BL001';
    END
    $$
    """,
    """
    CREATE TRIGGER ledger_entries_no_update_or_delete BEFORE UPDATE OR DELETE ON ledger_entries
    FOR EACH ROW EXECUTE FUNCTION ledger_entries_immutable()
    """,
    """
    CREATE TRIGGER ledger_entries_no_truncate BEFORE TRUNCATE ON ledger_entries
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_entries_immutable()
    """
  )
}
