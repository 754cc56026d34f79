import Storage

extension TelecomMigrations {
  /// SIM cards (docs/telecom.md, "SIM cards"): identities, profile, the account they are on,
  /// the customer's own name and groups for them, TC caps and TD package, state, and what the
  /// network last said of them. Filters of the SIM list each have an index to start from.
  static let v100Sims = Migration(
    100,
    "SIM cards and the SIM list's saved columns",
    """
    CREATE TABLE sims (
      iccid text PRIMARY KEY,
      msisdn text NOT NULL,
      imsi text NOT NULL,
      external_number text NOT NULL DEFAULT '',
      profile text NOT NULL CHECK (profile IN ('TC', 'TD')),
      account_number text NOT NULL DEFAULT '',
      customer_name text NOT NULL DEFAULT '',
      organization_id uuid,
      name text NOT NULL DEFAULT '',
      groups text[] NOT NULL DEFAULT '{}',
      limit_data_mb bigint NOT NULL DEFAULT 0 CHECK (limit_data_mb >= 0),
      limit_spend numeric(24, 4) NOT NULL DEFAULT 0 CHECK (limit_spend >= 0),
      package text NOT NULL DEFAULT '',
      apn text NOT NULL,
      state text NOT NULL CHECK (state IN ('ready', 'active', 'blocked', 'debt_blocked', 'retired')),
      before_debt text CHECK (before_debt IN ('active', 'blocked')),
      connection text NOT NULL DEFAULT 'unknown' CHECK (connection IN ('unknown', 'online', 'attached', 'offline')),
      last_seen timestamptz,
      network_operator text NOT NULL DEFAULT '',
      country text NOT NULL DEFAULT '',
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL
    )
    """,
    "CREATE UNIQUE INDEX sims_msisdn ON sims (msisdn)",
    "CREATE UNIQUE INDEX sims_imsi ON sims (imsi)",
    "CREATE INDEX sims_account ON sims (account_number, iccid)",
    "CREATE INDEX sims_organization ON sims (organization_id, iccid)",
    "CREATE INDEX sims_groups ON sims USING gin (groups)",
    "CREATE INDEX sims_state ON sims (state, iccid)",
    """
    CREATE TABLE sim_columns (
      user_id text PRIMARY KEY,
      columns text[] NOT NULL,
      updated_at timestamptz NOT NULL
    )
    """
  )
}
