import Storage

extension TelecomMigrations {
  /// Usage records as the network produced them, the cursor Telecom has read them up to, and
  /// the outbox of their charges for Billing (docs/telecom.md, "Usage").
  static let v104Usage = Migration(
    104,
    "Usage records and their charges",
    """
    CREATE TABLE usage_records (
      id text PRIMARY KEY,
      iccid text NOT NULL,
      organization_id uuid,
      account_number text,
      kind text NOT NULL CHECK (kind IN ('data', 'call', 'sms')),
      started_at timestamptz NOT NULL,
      ended_at timestamptz NOT NULL,
      quantity bigint NOT NULL CHECK (quantity >= 0),
      cost_minor bigint NOT NULL CHECK (cost_minor >= 0),
      currency text NOT NULL,
      peer text NOT NULL,
      operator text NOT NULL,
      country text NOT NULL,
      received_at timestamptz NOT NULL
    )
    """,
    """
    CREATE INDEX usage_records_by_sim ON usage_records (iccid, started_at, id)
    """,
    """
    CREATE TABLE usage_cursor (
      name text PRIMARY KEY,
      cursor text,
      updated_at timestamptz NOT NULL
    )
    """,
    """
    -- The outbox: one row per charged record, posted to Billing in batches after the record
    -- is stored; a row leaves 'pending' only when Billing has answered for it.
    CREATE TABLE usage_charges (
      record_id text PRIMARY KEY REFERENCES usage_records (id),
      account_number text NOT NULL,
      amount_minor bigint NOT NULL CHECK (amount_minor > 0),
      currency text NOT NULL,
      status text NOT NULL CHECK (status IN ('pending', 'posted', 'refused')),
      attempts integer NOT NULL DEFAULT 0,
      claimed_until timestamptz,
      reason text NOT NULL DEFAULT '',
      created_at timestamptz NOT NULL,
      posted_at timestamptz
    )
    """,
    """
    CREATE INDEX usage_charges_pending ON usage_charges (created_at, record_id) WHERE status = 'pending'
    """
  )
}
