import Storage

extension BillingMigrations {
  static let v107PostpaidCreditAndNotices = Migration(
    107, "postpaid credit at month end and critical-balance notices",
    // `adjustment`: a debit Billing itself posts, such as «Закрытие кредита должнику».
    "ALTER TABLE ledger_entries DROP CONSTRAINT ledger_entries_kind_check, DROP CONSTRAINT ledger_entries_check",
    """
    ALTER TABLE ledger_entries
      ADD CONSTRAINT ledger_entries_kind_check CHECK (kind IN ('payment', 'topup', 'charge', 'discount', 'reversal', 'adjustment')),
      ADD CONSTRAINT ledger_entries_sign_check CHECK (
        (kind IN ('payment', 'topup', 'discount') AND amount_minor > 0) OR (kind IN ('charge', 'adjustment') AND amount_minor < 0)
        OR kind = 'reversal')
    """,
    // postpaid_since: the day the account last became postpaid (not checked at that month's end);
    // credit_closed_on: the month-end check that closed its credit, until real payments cover the debt.
    """
    ALTER TABLE accounts
      ADD COLUMN postpaid_since date,
      ADD COLUMN credit_closed_on date
    """,
    "UPDATE accounts SET postpaid_since = (created_at AT TIME ZONE 'UTC')::date WHERE payment_mode = 'postpaid'",
    """
    CREATE TABLE credit_checks (
      account_id uuid NOT NULL REFERENCES accounts,
      on_date date NOT NULL,
      outcome text NOT NULL CHECK (outcome IN ('renewed', 'closed', 'skipped-new-postpaid', 'restored')),
      debt_minor bigint NOT NULL,
      entry_id bigint REFERENCES ledger_entries,
      PRIMARY KEY (account_id, on_date, outcome)
    )
    """,
    """
    CREATE TABLE critical_balance_notices (
      account_id uuid NOT NULL REFERENCES accounts,
      on_date date NOT NULL,
      balance_minor bigint NOT NULL,
      invoice_id bigint REFERENCES invoices,
      PRIMARY KEY (account_id, on_date)
    )
    """
  )
}
