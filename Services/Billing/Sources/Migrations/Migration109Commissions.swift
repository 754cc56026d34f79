import Storage

extension BillingMigrations {
  static let v109Commissions = Migration(
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
  )
}
