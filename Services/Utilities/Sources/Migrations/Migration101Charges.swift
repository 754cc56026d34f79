import Storage

extension UtilitiesMigrations {
  /// Tariffs with their changes, the months closed per account, each meter's month and the
  /// charges with their posting to Billing (docs/utilities.md, "Month close").
  static let v101Charges = Migration(
    101,
    "tariffs and charges",
    """
    CREATE TABLE tariffs (
      tariff_group integer NOT NULL CHECK (tariff_group BETWEEN 1 AND 999),
      service text NOT NULL CHECK (service IN ('water', 'sewer')),
      valid_from date NOT NULL,
      price_minor bigint NOT NULL CHECK (price_minor >= 0),
      reason text NOT NULL,
      set_by text NOT NULL,
      set_at timestamptz NOT NULL,
      PRIMARY KEY (tariff_group, service, valid_from)
    )
    """,
    """
    CREATE TABLE tariff_changes (
      id bigserial PRIMARY KEY,
      tariff_group integer NOT NULL,
      service text NOT NULL,
      valid_from date NOT NULL,
      old_price_minor bigint,
      new_price_minor bigint NOT NULL,
      reason text NOT NULL,
      changed_by text NOT NULL,
      changed_at timestamptz NOT NULL
    )
    """,
    """
    CREATE TABLE month_closes (
      account_number text NOT NULL REFERENCES utility_accounts,
      period date NOT NULL,
      closed_at timestamptz NOT NULL,
      PRIMARY KEY (account_number, period)
    )
    """,
    """
    CREATE TABLE meter_months (
      meter_id uuid NOT NULL REFERENCES meters,
      period date NOT NULL,
      units bigint NOT NULL,
      litres bigint NOT NULL,
      estimated boolean NOT NULL,
      reading_id uuid,
      PRIMARY KEY (meter_id, period)
    )
    """,
    """
    CREATE TABLE month_charges (
      account_number text NOT NULL REFERENCES utility_accounts,
      period date NOT NULL,
      service text NOT NULL CHECK (service IN ('water', 'sewer')),
      recipient text NOT NULL,
      tariff_group integer NOT NULL,
      litres bigint NOT NULL,
      price_minor bigint NOT NULL,
      vat_hundredths bigint NOT NULL,
      net_minor bigint NOT NULL,
      vat_minor bigint NOT NULL,
      gross_minor bigint NOT NULL,
      estimated boolean NOT NULL,
      -- The posting to Billing: pending until Billing took it (or refused it).
      posting text NOT NULL CHECK (posting IN ('pending', 'posted', 'refused', 'nothing')),
      posting_reason text NOT NULL DEFAULT '',
      claimed_until timestamptz,
      attempts integer NOT NULL DEFAULT 0,
      posted_at timestamptz,
      PRIMARY KEY (account_number, period, service)
    )
    """,
    "CREATE INDEX month_charges_pending ON month_charges (period, account_number) WHERE posting = 'pending'"
  )
}
