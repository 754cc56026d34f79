import Storage

extension BillingMigrations {
  /// The daily cycle's per-item failures, kept until a later run succeeds for the item.
  static let v112CycleFailures = Migration(
    112, "daily cycle failures and the latest day run",
    """
    CREATE TABLE cycle_failures (
      id bigserial PRIMARY KEY,
      step text NOT NULL,
      item_id uuid NOT NULL,
      account_number text NOT NULL DEFAULT '',
      for_date date NOT NULL,
      reason text NOT NULL,
      message text NOT NULL,
      attempts integer NOT NULL DEFAULT 1,
      first_failed_at timestamptz NOT NULL,
      last_failed_at timestamptz NOT NULL,
      resolved_at timestamptz
    )
    """,
    "CREATE UNIQUE INDEX cycle_failures_open ON cycle_failures (step, item_id) WHERE resolved_at IS NULL",
    "CREATE TABLE cycle_state (singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton), latest_day date NOT NULL)"
  )
}
