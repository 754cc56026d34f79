import Storage

extension BillingMigrations {
  static let v108Corrections = Migration(
    108, "corrections (УКД) and their write-offs",
    "ALTER TABLE ledger_entries DROP CONSTRAINT ledger_entries_kind_check, DROP CONSTRAINT ledger_entries_sign_check",
    """
    ALTER TABLE ledger_entries
      ADD CONSTRAINT ledger_entries_kind_check
        CHECK (kind IN ('payment', 'topup', 'charge', 'discount', 'reversal', 'adjustment', 'correction')),
      ADD CONSTRAINT ledger_entries_sign_check CHECK (
        (kind IN ('payment', 'topup', 'discount') AND amount_minor > 0) OR (kind IN ('charge', 'adjustment') AND amount_minor < 0)
        OR (kind = 'correction' AND amount_minor <> 0) OR kind = 'reversal')
    """,
    """
    CREATE TABLE corrections (
      id bigserial PRIMARY KEY,
      number text NOT NULL UNIQUE,
      account_id uuid NOT NULL REFERENCES accounts,
      invoice_id bigint NOT NULL REFERENCES invoices,
      corrects_id bigint REFERENCES corrections,
      status text NOT NULL CHECK (status IN ('draft', 'sent', 'deleted')),
      manual_write_offs boolean NOT NULL,
      reason text NOT NULL,
      revision integer NOT NULL DEFAULT 1,
      issued_on date NOT NULL,
      created_by text NOT NULL,
      created_at timestamptz NOT NULL,
      sent_at timestamptz,
      deleted_at timestamptz
    )
    """,
    // A document is corrected at most once (deleted drafts aside): the chain stays a line.
    "CREATE UNIQUE INDEX corrections_of_invoice ON corrections (invoice_id) WHERE corrects_id IS NULL AND status <> 'deleted'",
    "CREATE UNIQUE INDEX corrections_of_correction ON corrections (corrects_id) WHERE status <> 'deleted'",
    "CREATE INDEX corrections_account ON corrections (account_id, issued_on, id)",
    """
    CREATE TABLE correction_lines (
      correction_id bigint NOT NULL REFERENCES corrections,
      service_code text NOT NULL,
      description text NOT NULL,
      before_minor bigint NOT NULL,
      after_minor bigint NOT NULL CHECK (after_minor >= 0),
      PRIMARY KEY (correction_id, service_code)
    )
    """,
    """
    CREATE TABLE correction_write_offs (
      correction_id bigint NOT NULL REFERENCES corrections,
      line_service_code text NOT NULL,
      entry_id bigint NOT NULL UNIQUE REFERENCES ledger_entries,
      PRIMARY KEY (correction_id, entry_id)
    )
    """
  )
}
