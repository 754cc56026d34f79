import Storage

extension TelecomMigrations {
  /// Operations on SIMs, which are also their history (who, when, what, why). An operation is
  /// written `pending` with what it will change before the network is asked, and `done` or
  /// `failed` after (docs/telecom.md, "Operations and the network"): a crash in between leaves
  /// it pending, and the recovery job asks the network again with the same id.
  static let v101SimOperations = Migration(
    101,
    "operations on SIMs: pending, done or failed, with their history",
    """
    CREATE TABLE sim_operations (
      id uuid PRIMARY KEY,
      seq bigserial NOT NULL,
      iccid text NOT NULL REFERENCES sims,
      kind text NOT NULL,
      status text NOT NULL CHECK (status IN ('pending', 'done', 'failed')),
      -- What the SIM becomes when the network confirms: its state and the fields the
      -- operation sets, as the operation's own values (NULL: unchanged).
      after_state text NOT NULL,
      after_before_debt text,
      network_action text NOT NULL,
      new_name text,
      new_groups text[],
      new_limit_data_mb bigint,
      new_limit_spend numeric(24, 4),
      new_package text,
      new_account_number text,
      new_customer_name text,
      new_organization_id uuid,
      reason text NOT NULL DEFAULT '',
      message text NOT NULL DEFAULT '',
      actor text NOT NULL,
      comment text NOT NULL DEFAULT '',
      detail text NOT NULL DEFAULT '',
      attempts integer NOT NULL DEFAULT 0,
      created_at timestamptz NOT NULL,
      finished_at timestamptz
    )
    """,
    "CREATE INDEX sim_operations_sim ON sim_operations (iccid, seq)",
    // At most one operation of a SIM waits for the network at a time.
    "CREATE UNIQUE INDEX sim_operations_one_pending ON sim_operations (iccid) WHERE status = 'pending'"
  )
}
