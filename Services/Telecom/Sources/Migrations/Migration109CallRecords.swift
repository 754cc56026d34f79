import Storage

extension TelecomMigrations {
  /// Call detail records, partitioned by the month of the call's start, and the usage outbox
  /// opened to their charges (docs/telecom.md, "Call records").
  static let v109CallRecords = Migration(
    109,
    "Call detail records",
    """
    -- Partitions are made as months arrive (call_records_YYYY_MM). A record's identity is its
    -- call id with its start: a partitioned table's unique keys must hold the partition key.
    CREATE TABLE call_records (
      call_id text NOT NULL,
      started_at timestamptz NOT NULL,
      account_number text NOT NULL,
      caller text NOT NULL,
      dialed text NOT NULL,
      service text NOT NULL,
      place text NOT NULL,
      answered boolean NOT NULL,
      duration_seconds integer NOT NULL CHECK (duration_seconds >= 0),
      quantity bigint NOT NULL CHECK (quantity >= 0),
      status text NOT NULL CHECK (status IN ('rated', 'unrated')),
      reason text NOT NULL,
      lock_id uuid,
      provider text NOT NULL,
      retail_minor bigint,
      retail_currency text NOT NULL,
      wholesale_minor bigint,
      wholesale_currency text NOT NULL,
      source text NOT NULL CHECK (source IN ('stream', 'asterisk', 'freeswitch')),
      -- SMS only: the delivery status and the Billing subscription it was sent under.
      delivery_status text NOT NULL,
      subscription_id text NOT NULL,
      received_at timestamptz NOT NULL,
      PRIMARY KEY (call_id, started_at)
    ) PARTITION BY RANGE (started_at)
    """,
    """
    CREATE INDEX call_records_by_account ON call_records (account_number, service, started_at)
    """,
    """
    CREATE INDEX call_records_sms ON call_records (subscription_id, started_at) WHERE service = 'SMS'
    """,
    """
    -- The usage outbox takes call charges too: their record ids are 'call:<id>@<start>', with
    -- no row in usage_records, and each charge carries its service code and comment.
    ALTER TABLE usage_charges DROP CONSTRAINT usage_charges_record_id_fkey
    """,
    """
    ALTER TABLE usage_charges ADD COLUMN service_code text NOT NULL DEFAULT ''
    """,
    """
    ALTER TABLE usage_charges ADD COLUMN comment text NOT NULL DEFAULT ''
    """,
    """
    UPDATE usage_charges c
    SET comment = r.kind || ' ' || to_char(r.started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI') || ' UTC, SIM '
      || r.iccid
    FROM usage_records r WHERE r.id = c.record_id
    """
  )
}
