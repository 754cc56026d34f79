import Storage

extension UtilitiesMigrations {
  /// Contracts (Billing's customers), personal accounts, meters with their history, and readings
  /// (docs/utilities.md).
  static let v100Meters = Migration(
    100,
    "contracts, accounts, meters, readings",
    """
    CREATE TABLE utility_contracts (
      customer_id uuid PRIMARY KEY,
      number text NOT NULL UNIQUE,
      payer text NOT NULL,
      -- The customer's Identity organization: customers see only their own contract.
      organization_id uuid,
      notice_enabled boolean NOT NULL DEFAULT false,
      notice_email text NOT NULL DEFAULT '',
      notice_changed_by text NOT NULL DEFAULT '',
      notice_changed_at timestamptz,
      created_at timestamptz NOT NULL
    )
    """,
    "CREATE INDEX utility_contracts_organization ON utility_contracts (organization_id)",
    """
    CREATE TABLE utility_accounts (
      number text PRIMARY KEY,
      customer_id uuid NOT NULL REFERENCES utility_contracts,
      tariff_group integer NOT NULL CHECK (tariff_group BETWEEN 1 AND 999),
      water_recipient text NOT NULL,
      sewer_recipient text NOT NULL,
      created_by text NOT NULL,
      created_at timestamptz NOT NULL
    )
    """,
    "CREATE INDEX utility_accounts_contract ON utility_accounts (customer_id, number)",
    """
    CREATE TABLE meters (
      id uuid PRIMARY KEY,
      account_number text NOT NULL REFERENCES utility_accounts,
      water text NOT NULL CHECK (water IN ('cold', 'hot')),
      factory_number text NOT NULL DEFAULT '',
      verified_on date,
      installed_on date NOT NULL,
      removed_on date,
      state text NOT NULL CHECK (state IN ('installed', 'removed')),
      digits integer NOT NULL CHECK (digits BETWEEN 4 AND 10),
      decimals integer NOT NULL CHECK (decimals BETWEEN 0 AND 3),
      heat_meter boolean NOT NULL,
      -- The register at the last reading the bills caught up with, and what was billed since
      -- (estimates): MonthlyConsumption's state.
      anchor_units bigint,
      billed_since_anchor bigint NOT NULL DEFAULT 0,
      created_at timestamptz NOT NULL
    )
    """,
    "CREATE INDEX meters_account ON meters (account_number)",
    """
    CREATE TABLE meter_history (
      id bigserial PRIMARY KEY,
      meter_id uuid NOT NULL REFERENCES meters,
      action text NOT NULL,
      before text NOT NULL,
      after text NOT NULL,
      reason text NOT NULL,
      changed_by text NOT NULL,
      changed_at timestamptz NOT NULL
    )
    """,
    "CREATE INDEX meter_history_meter ON meter_history (meter_id, id)",
    """
    CREATE TABLE readings (
      id uuid PRIMARY KEY,
      meter_id uuid NOT NULL REFERENCES meters,
      account_number text NOT NULL,
      units bigint NOT NULL CHECK (units >= 0),
      read_on date NOT NULL,
      -- The first day of the month it belongs to.
      period date NOT NULL,
      source text NOT NULL,
      status text NOT NULL CHECK (status IN ('processing', 'held', 'billed', 'rejected')),
      reason text NOT NULL DEFAULT '',
      flags text[] NOT NULL DEFAULT '{}',
      consumption_units bigint,
      external_id text UNIQUE,
      submitted_by text NOT NULL,
      submitted_at timestamptz NOT NULL,
      review_comment text NOT NULL DEFAULT '',
      reviewed_by text NOT NULL DEFAULT '',
      reviewed_at timestamptz
    )
    """,
    // One live reading per meter and month: a new one replaces it (the cabinet's editable column).
    "CREATE UNIQUE INDEX readings_one_live ON readings (meter_id, period) WHERE status IN ('processing', 'held')",
    "CREATE INDEX readings_meter ON readings (meter_id, read_on DESC, submitted_at DESC)",
    "CREATE INDEX readings_account ON readings (account_number, submitted_at DESC, id)"
  )
}
