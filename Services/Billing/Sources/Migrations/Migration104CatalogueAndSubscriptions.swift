import Storage

extension BillingMigrations {
  static let v104CatalogueAndSubscriptions = Migration(
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
  )
}
