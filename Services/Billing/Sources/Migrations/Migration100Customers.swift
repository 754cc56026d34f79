import Storage

extension BillingMigrations {
  static let v100Customers = Migration(
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
  )
}
