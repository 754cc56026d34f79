import Storage

extension TelecomMigrations {
  /// The DID number pool, its history, non-target call statistics and release requests
  /// (docs/telecom.md, "The DID number pool").
  static let v110NumberPool = Migration(
    110,
    "DID number pool",
    """
    CREATE TABLE did_numbers (
      number text PRIMARY KEY,
      region text NOT NULL,
      provider text NOT NULL,
      place text NOT NULL,
      fmtn boolean NOT NULL,
      status text NOT NULL CHECK (status IN ('free', 'reserved', 'in_work', 'archive')),
      status_changed_at timestamptz NOT NULL,
      -- Reserved and in work: the Billing subscription (product) and its account.
      subscription_id uuid,
      account_number text NOT NULL DEFAULT '',
      reserved_on date,
      pay_by date,
      -- Non-target statistics count from this day: the last move to Archive or the addition.
      ncv_since date NOT NULL,
      -- The first day on or after ncv_since with statistics for any number (ncv_days).
      first_stats_day date,
      -- The last day since ncv_since with a non-target call to this number.
      last_call_day date,
      forced_at timestamptz,
      forced_by text NOT NULL DEFAULT '',
      forced_reason text NOT NULL DEFAULT '',
      added_at timestamptz NOT NULL,
      CHECK ((status IN ('reserved', 'in_work')) = (subscription_id IS NOT NULL))
    )
    """,
    """
    -- One number per product.
    CREATE UNIQUE INDEX did_numbers_one_per_subscription ON did_numbers (subscription_id)
    WHERE subscription_id IS NOT NULL
    """,
    """
    CREATE INDEX did_numbers_unpaid ON did_numbers (pay_by) WHERE status = 'reserved'
    """,
    """
    CREATE INDEX did_numbers_account ON did_numbers (account_number) WHERE account_number <> ''
    """,
    """
    CREATE TABLE did_number_history (
      seq bigserial PRIMARY KEY,
      number text NOT NULL REFERENCES did_numbers,
      event text NOT NULL,
      from_status text NOT NULL,
      to_status text NOT NULL,
      actor text NOT NULL,
      at timestamptz NOT NULL,
      note text NOT NULL
    )
    """,
    """
    CREATE INDEX did_number_history_by_number ON did_number_history (number, seq)
    """,
    """
    -- Non-target calls per number and day (the report time zone's days), from CDRs or imported.
    CREATE TABLE ncv_daily (
      number text NOT NULL,
      day date NOT NULL,
      calls integer NOT NULL CHECK (calls >= 0),
      unique_callers integer NOT NULL CHECK (unique_callers >= 0),
      last_call_at timestamptz,
      source text NOT NULL CHECK (source IN ('cdr', 'import')),
      PRIMARY KEY (number, day)
    )
    """,
    """
    -- The days statistics were collected for: a day with a row of ncv_daily for any number.
    CREATE TABLE ncv_days (day date PRIMARY KEY)
    """,
    """
    CREATE TABLE did_release_requests (
      id uuid PRIMARY KEY,
      seq bigserial NOT NULL UNIQUE,
      number text NOT NULL REFERENCES did_numbers,
      state text NOT NULL CHECK (state IN ('awaiting_consent', 'awaiting_approval', 'approved', 'rejected')),
      unique_callers integer NOT NULL,
      requested_by text NOT NULL,
      reason text NOT NULL,
      consent_document text NOT NULL DEFAULT '',
      consent_by text NOT NULL DEFAULT '',
      decided_by text NOT NULL DEFAULT '',
      decision_note text NOT NULL DEFAULT '',
      created_at timestamptz NOT NULL,
      decided_at timestamptz
    )
    """,
    """
    CREATE UNIQUE INDEX did_release_requests_one_open ON did_release_requests (number)
    WHERE state IN ('awaiting_consent', 'awaiting_approval')
    """,
    """
    -- Non-target calls by number, for their statistics and unique callers.
    CREATE INDEX call_records_non_target ON call_records (dialed, started_at) WHERE reason = 'NON_TARGET'
    """
  )
}
