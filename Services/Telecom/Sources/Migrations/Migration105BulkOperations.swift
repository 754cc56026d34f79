import Storage

extension TelecomMigrations {
  /// Bulk operations (docs/telecom.md, "Bulk operations"): the operation and the values it sets,
  /// one row per task, and the SIMs it was frozen to when it started, one row each with where
  /// that SIM is. Each item carries the id its SIM operation gets (chosen when the item is
  /// written), so a run resumed after a crash records and sends the same operation: the network
  /// applies it once, and `sim_operations` has one row per (task, SIM).
  static let v105BulkOperations = Migration(
    105,
    "Bulk operations on SIMs and their per-SIM items",
    """
    CREATE TABLE bulk_operations (
      task_id uuid PRIMARY KEY REFERENCES tasks (id),
      operation text NOT NULL,
      comment text NOT NULL DEFAULT '',
      new_name text,
      new_groups text[],
      new_limit_data_mb bigint,
      new_limit_spend numeric(24, 4),
      new_package text,
      detail text NOT NULL DEFAULT '',
      actor text NOT NULL,
      user_id text NOT NULL,
      organization_id uuid,
      created_at timestamptz NOT NULL
    )
    """,
    """
    CREATE TABLE bulk_operation_items (
      task_id uuid NOT NULL REFERENCES bulk_operations (task_id),
      iccid text NOT NULL,
      status text NOT NULL CHECK (status IN ('pending', 'done', 'failed', 'refused', 'cancelled')),
      operation_id uuid NOT NULL UNIQUE,
      reason text NOT NULL DEFAULT '',
      message text NOT NULL DEFAULT '',
      -- Set when the item first waits for another operation on its SIM to end.
      waiting_since timestamptz,
      finished_at timestamptz,
      PRIMARY KEY (task_id, iccid)
    )
    """,
    // The runner's next pending items and the per-status lists, both in ICCID order.
    "CREATE INDEX bulk_operation_items_by_status ON bulk_operation_items (task_id, status, iccid)"
  )
}
