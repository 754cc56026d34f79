import Storage

/// Billing's schema. Versions from 100 (below are the platform's tables). Money columns are
/// bigint minor units of the row's currency.
enum BillingMigrations {
  static let all = [
    Migration(
      100, "customers",
      """
      CREATE TABLE customers (
        id uuid PRIMARY KEY,
        seq bigserial UNIQUE,
        kind text NOT NULL CHECK (kind IN ('individual', 'legal_entity')),
        name text NOT NULL,
        tax_id text,
        contract_number text NOT NULL,
        country text NOT NULL CHECK (country IN ('RU', 'KZ', 'other')),
        region text NOT NULL DEFAULT '',
        region_is_test boolean NOT NULL DEFAULT false,
        agent text NOT NULL DEFAULT '',
        manager text NOT NULL DEFAULT '',
        tags text[] NOT NULL DEFAULT '{}',
        email text NOT NULL DEFAULT '',
        phone text NOT NULL DEFAULT '',
        excluded_from_mailings boolean NOT NULL DEFAULT false,
        mailing_comment text NOT NULL DEFAULT '',
        organization_id uuid,
        created_at timestamptz NOT NULL
      )
      """,
      "CREATE UNIQUE INDEX customers_contract ON customers (contract_number)",
      "CREATE INDEX customers_tax_id ON customers (tax_id)",
      "CREATE INDEX customers_organization ON customers (organization_id, seq)"
    ),
    Migration(
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
    ),
    Migration(
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
    ),
    Migration(
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
    ),
    Migration(
      104, "services catalogue, tariffs and subscriptions",
      """
      CREATE TABLE catalogue_services (
        code text PRIMARY KEY,
        seq bigserial UNIQUE,
        name text NOT NULL,
        description text NOT NULL DEFAULT '',
        created_at timestamptz NOT NULL
      )
      """,
      """
      CREATE TABLE tariffs (
        id uuid PRIMARY KEY,
        service_code text NOT NULL REFERENCES catalogue_services,
        name text NOT NULL,
        country text NOT NULL CHECK (country IN ('RU', 'KZ', 'other')),
        currency text NOT NULL,
        price_minor bigint NOT NULL CHECK (price_minor > 0),
        period text NOT NULL CHECK (period IN ('monthly', 'one_time')),
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL,
        UNIQUE (service_code, country, name)
      )
      """,
      """
      CREATE TABLE subscriptions (
        id uuid PRIMARY KEY,
        seq bigserial UNIQUE,
        account_id uuid NOT NULL REFERENCES accounts,
        tariff_id uuid NOT NULL REFERENCES tariffs,
        status text NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'active', 'suspended', 'closed')),
        planned_activation date,
        funds_short_on date,
        activated_at timestamptz,
        closed_at timestamptz,
        created_at timestamptz NOT NULL,
        CHECK (planned_activation IS NULL OR status = 'new')
      )
      """,
      "CREATE INDEX subscriptions_account ON subscriptions (account_id, seq)",
      "CREATE INDEX subscriptions_planned ON subscriptions (planned_activation) WHERE status = 'new' AND planned_activation IS NOT NULL",
      "CREATE INDEX subscriptions_active ON subscriptions (seq) WHERE status = 'active'",
      """
      CREATE TABLE subscription_history (
        id bigserial PRIMARY KEY,
        subscription_id uuid NOT NULL REFERENCES subscriptions,
        status text NOT NULL,
        actor text NOT NULL,
        reason text NOT NULL DEFAULT '',
        at timestamptz NOT NULL
      )
      """
    ),
    Migration(
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
    ),
    Migration(
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
    ),
    Migration(
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
    ),
    Migration(
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
    ),
    Migration(
      109, "partner commissions: agents, progressive scales and their bindings by month",
      "CREATE TABLE agents (code text PRIMARY KEY, name text NOT NULL, created_at timestamptz NOT NULL)",
      """
      CREATE TABLE commission_scales (
        id bigserial PRIMARY KEY,
        description text NOT NULL,
        algorithm text NOT NULL,
        commission_type text NOT NULL,
        currency text NOT NULL,
        created_at timestamptz NOT NULL
      )
      """,
      """
      CREATE TABLE commission_bands (
        scale_id bigint NOT NULL REFERENCES commission_scales,
        from_minor bigint NOT NULL CHECK (from_minor >= 0),
        percent_units bigint NOT NULL CHECK (percent_units >= 0),
        percent_scale smallint NOT NULL CHECK (percent_scale BETWEEN 0 AND 2),
        PRIMARY KEY (scale_id, from_minor)
      )
      """,
      """
      CREATE TABLE agent_scale_bindings (
        agent_code text NOT NULL REFERENCES agents,
        from_month date NOT NULL CHECK (extract(day FROM from_month) = 1),
        scale_id bigint NOT NULL REFERENCES commission_scales,
        bound_by text NOT NULL,
        bound_at timestamptz NOT NULL,
        PRIMARY KEY (agent_code, from_month)
      )
      """,
      "CREATE INDEX customers_agent ON customers (agent)"
    ),
    Migration(
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
    ),
    idempotencyScopes, cycleFailures, contactPhones,
  ]
}
