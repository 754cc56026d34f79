import Storage

extension BillingMigrations {
  static let v106RatesCalendarsMonthlyInvoices = Migration(
    106, "exchange rates, calendar overrides, monthly invoices and collections",
    """
    CREATE TABLE exchange_rates (
      quote_currency text NOT NULL,
      currency text NOT NULL,
      on_date date NOT NULL,
      rate_units bigint NOT NULL CHECK (rate_units > 0),
      rate_scale smallint NOT NULL,
      source text NOT NULL,
      set_at timestamptz NOT NULL,
      PRIMARY KEY (quote_currency, currency, on_date)
    )
    """,
    """
    CREATE TABLE calendar_overrides (
      country text NOT NULL,
      day date NOT NULL,
      working boolean NOT NULL,
      name text NOT NULL DEFAULT '',
      set_at timestamptz NOT NULL,
      PRIMARY KEY (country, day)
    )
    """,
    "CREATE TABLE invoice_counters (series text PRIMARY KEY, next bigint NOT NULL)",
    "ALTER TABLE accounts ADD COLUMN blocked_by text NOT NULL DEFAULT ''",
    """
    ALTER TABLE invoices
      ADD COLUMN kind text NOT NULL DEFAULT 'manual' CHECK (kind IN ('manual', 'monthly')),
      ADD COLUMN period_start date, ADD COLUMN period_end date,
      ADD COLUMN currency text NOT NULL DEFAULT '',
      ADD COLUMN local_currency text NOT NULL DEFAULT '',
      ADD COLUMN rate_units bigint, ADD COLUMN rate_scale smallint, ADD COLUMN rate_date date,
      ADD COLUMN local_amount_minor bigint,
      ADD COLUMN due_on date,
      ADD COLUMN paid_minor bigint NOT NULL DEFAULT 0,
      ADD COLUMN paid_on date
    """,
    // One monthly invoice per account and period, however many cycle runners race.
    "CREATE UNIQUE INDEX invoices_monthly ON invoices (account_id, period_start) WHERE kind = 'monthly'",
    "CREATE INDEX invoices_open ON invoices (account_id, id) WHERE kind = 'monthly' AND paid_on IS NULL",
    """
    CREATE TABLE invoice_lines (
      invoice_id bigint NOT NULL REFERENCES invoices,
      service_code text NOT NULL,
      description text NOT NULL,
      amount_minor bigint NOT NULL
    )
    """,
    """
    CREATE TABLE invoice_allocations (
      invoice_id bigint NOT NULL REFERENCES invoices,
      entry_id bigint NOT NULL REFERENCES ledger_entries,
      amount_minor bigint NOT NULL CHECK (amount_minor > 0),
      credited_on date NOT NULL,
      PRIMARY KEY (invoice_id, entry_id)
    )
    """,
    "CREATE INDEX invoice_allocations_entry ON invoice_allocations (entry_id)",
    """
    CREATE TABLE collection_steps (
      invoice_id bigint NOT NULL REFERENCES invoices,
      step text NOT NULL CHECK (step IN ('reminder-3', 'reminder-5', 'block')),
      on_date date NOT NULL,
      PRIMARY KEY (invoice_id, step)
    )
    """
  )
}
