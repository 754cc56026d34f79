import Storage

extension ISPMigrations {
  /// Subscribers, plan types, plans and their items, access points with IP pools, Billing's
  /// debt blocks, plan history and monthly plan charges. The RADIUS views now follow the plans:
  /// a login is refused while its plan is not active or its account is blocked for debt (or put
  /// in the walled-garden group, per `radius_options`), and its address and speeds come from
  /// the plan's first primary IP address.
  static let v101Plans = Migration(
    101,
    "plans, IP pools, debt blocks and history",
    """
    CREATE TABLE isp_customers (
      customer_id uuid PRIMARY KEY,
      code integer NOT NULL UNIQUE CHECK (code BETWEEN 1 AND 999999),
      name text NOT NULL,
      organization_id uuid,
      city text NOT NULL DEFAULT '',
      addresses jsonb NOT NULL DEFAULT '[]',
      active boolean NOT NULL DEFAULT true,
      next_plan_number integer NOT NULL DEFAULT 1,
      created_at timestamptz NOT NULL
    )
    """,
    "CREATE SEQUENCE isp_customer_codes MINVALUE 1 MAXVALUE 999999 NO CYCLE",
    """
    CREATE TABLE plan_types (
      code text PRIMARY KEY,
      name text NOT NULL,
      value_minor bigint NOT NULL CHECK (value_minor >= 0),
      currency text NOT NULL,
      download_kbps integer NOT NULL CHECK (download_kbps > 0),
      upload_kbps integer NOT NULL CHECK (upload_kbps > 0),
      franchise_gb integer NOT NULL DEFAULT 0 CHECK (franchise_gb >= 0)
    )
    """,
    // Addresses NULL follow the customer's record («PADRÃO»).
    """
    CREATE TABLE plans (
      id uuid PRIMARY KEY,
      number integer NOT NULL CHECK (number BETWEEN 1 AND 999),
      customer_id uuid NOT NULL REFERENCES isp_customers,
      account_number text NOT NULL,
      plan_type text NOT NULL REFERENCES plan_types,
      value_minor bigint NOT NULL CHECK (value_minor >= 0),
      currency text NOT NULL,
      reference text NOT NULL DEFAULT '',
      installation_address jsonb,
      billing_address jsonb,
      fiscal_address jsonb,
      franchise_gb integer NOT NULL DEFAULT 0 CHECK (franchise_gb >= 0),
      first_activation_on date,
      contract_starts_on date,
      contract_ends_on date,
      contract_template text NOT NULL DEFAULT '',
      penalty_minor bigint NOT NULL DEFAULT 0 CHECK (penalty_minor >= 0),
      payment_method text NOT NULL DEFAULT '',
      due_day integer NOT NULL DEFAULT 10 CHECK (due_day BETWEEN 1 AND 28),
      last_closing_on date,
      adjustments jsonb NOT NULL DEFAULT '[]',
      status text NOT NULL CHECK (status IN ('active', 'suspended', 'temporarily_suspended', 'cancelled')),
      status_since date NOT NULL,
      circuit text,
      circuit_notes text NOT NULL DEFAULT '',
      replaces_plan_id uuid REFERENCES plans,
      created_at timestamptz NOT NULL,
      deleted_at timestamptz,
      CONSTRAINT plans_customer_number UNIQUE (customer_id, number)
    )
    """,
    "CREATE UNIQUE INDEX plans_circuit ON plans (upper(circuit)) WHERE circuit IS NOT NULL",
    "CREATE INDEX plans_customer ON plans (customer_id, created_at, id) WHERE deleted_at IS NULL",
    "CREATE INDEX plans_account ON plans (account_number) WHERE deleted_at IS NULL",
    """
    CREATE TABLE plan_equipment (
      plan_id uuid NOT NULL REFERENCES plans,
      serial text NOT NULL,
      linked_at timestamptz NOT NULL,
      PRIMARY KEY (plan_id, serial)
    )
    """,
    """
    CREATE TABLE access_points (
      id bigserial PRIMARY KEY,
      name text NOT NULL,
      network cidr NOT NULL CHECK (family(network) = 4 AND masklen(network) BETWEEN 8 AND 30),
      gateway inet NOT NULL CHECK (gateway << network),
      nas_address text NOT NULL DEFAULT '',
      nas_secret text NOT NULL DEFAULT '',
      created_at timestamptz NOT NULL
    )
    """,
    """
    CREATE TABLE plan_addresses (
      id bigserial PRIMARY KEY,
      plan_id uuid NOT NULL REFERENCES plans,
      access_point_id bigint NOT NULL REFERENCES access_points,
      address inet NOT NULL CHECK (masklen(address) = 32),
      secondary boolean NOT NULL,
      mac macaddr,
      download_kbps integer NOT NULL CHECK (download_kbps > 0),
      upload_kbps integer NOT NULL CHECK (upload_kbps > 0),
      options text[] NOT NULL DEFAULT '{}',
      wpa2_key text NOT NULL DEFAULT '',
      created_at timestamptz NOT NULL,
      CONSTRAINT plan_addresses_unique_in_pool UNIQUE (access_point_id, address)
    )
    """,
    "CREATE INDEX plan_addresses_plan ON plan_addresses (plan_id, id)",
    "ALTER TABLE radius_logins ADD COLUMN plan_id uuid REFERENCES plans",
    "CREATE INDEX radius_logins_plan ON radius_logins (plan_id)",
    """
    CREATE TABLE debt_blocked_accounts (
      account_number text PRIMARY KEY,
      reason text NOT NULL,
      since timestamptz NOT NULL
    )
    """,
    // One row, written by the service at start from its settings.
    """
    CREATE TABLE radius_options (
      id boolean PRIMARY KEY DEFAULT true CHECK (id),
      debt_action text NOT NULL DEFAULT 'reject' CHECK (debt_action IN ('reject', 'walled-garden')),
      walled_garden_group text NOT NULL DEFAULT 'walled-garden'
    )
    """,
    "INSERT INTO radius_options DEFAULT VALUES",
    """
    CREATE TABLE plan_history (
      id bigserial PRIMARY KEY,
      plan_id uuid NOT NULL,
      at timestamptz NOT NULL,
      actor text NOT NULL,
      action text NOT NULL,
      before text NOT NULL DEFAULT '',
      after text NOT NULL DEFAULT '',
      reason text NOT NULL DEFAULT ''
    )
    """,
    "CREATE INDEX plan_history_plan ON plan_history (plan_id, id DESC)",
    """
    CREATE TABLE plan_charges (
      plan_id uuid NOT NULL REFERENCES plans,
      period date NOT NULL,
      account_number text NOT NULL,
      amount_minor bigint NOT NULL CHECK (amount_minor >= 0),
      currency text NOT NULL,
      posting text NOT NULL DEFAULT 'pending'
        CHECK (posting IN ('pending', 'posted', 'refused', 'reversing', 'reversed')),
      entry_id bigint,
      posting_reason text NOT NULL DEFAULT '',
      claimed_until timestamptz,
      created_at timestamptz NOT NULL,
      PRIMARY KEY (plan_id, period, account_number)
    )
    """,
    "CREATE INDEX plan_charges_to_post ON plan_charges (period, plan_id) WHERE posting IN ('pending', 'reversing')",
    // What FreeRADIUS sees of each login: the plan's first primary address and its speeds (else
    // the login's own), whether the plan lets it in, and whether Billing has blocked its account.
    """
    CREATE VIEW radius_login_states AS
      SELECT l.id, l.login, l.password,
        coalesce(pa.address, l.framed_ip) AS framed_ip,
        coalesce(pa.download_kbps, l.download_kbps) AS download_kbps,
        coalesce(pa.upload_kbps, l.upload_kbps) AS upload_kbps,
        (l.state = 'active' AND (p.id IS NULL OR p.status = 'active')) AS plan_allows,
        (d.account_number IS NOT NULL) AS debt_blocked,
        o.debt_action, o.walled_garden_group
      FROM radius_logins l
      CROSS JOIN radius_options o
      LEFT JOIN plans p ON p.id = l.plan_id
      LEFT JOIN LATERAL (
        SELECT a.address, a.download_kbps, a.upload_kbps FROM plan_addresses a
        WHERE a.plan_id = l.plan_id AND NOT a.secondary ORDER BY a.id LIMIT 1
      ) pa ON true
      LEFT JOIN debt_blocked_accounts d ON d.account_number = p.account_number
    """,
    """
    CREATE OR REPLACE VIEW radcheck AS
      SELECT id, login AS username, 'Cleartext-Password'::text AS attribute, ':='::text AS op, password AS value
      FROM radius_login_states
      UNION ALL
      SELECT id + 4611686018427387904, login, 'Auth-Type', ':=', 'Reject' FROM radius_login_states
      WHERE NOT plan_allows OR (debt_blocked AND debt_action = 'reject')
    """,
    """
    CREATE OR REPLACE VIEW radreply AS
      SELECT id, login AS username, 'Framed-IP-Address'::text AS attribute, ':='::text AS op, host(framed_ip) AS value
      FROM radius_login_states WHERE framed_ip IS NOT NULL
      UNION ALL
      SELECT id + 4611686018427387904, login, 'Mikrotik-Rate-Limit', ':=', upload_kbps || 'k/' || download_kbps || 'k'
      FROM radius_login_states WHERE download_kbps IS NOT NULL AND upload_kbps IS NOT NULL
    """,
    """
    CREATE OR REPLACE VIEW radusergroup AS
      SELECT id, login AS username, walled_garden_group AS groupname, 0 AS priority FROM radius_login_states
      WHERE debt_blocked AND debt_action = 'walled-garden'
    """
  )
}
