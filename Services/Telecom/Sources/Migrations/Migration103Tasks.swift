import Storage

extension TelecomMigrations {
  /// The cabinet header's widgets: a user's tasks (bulk operations, exports) with their
  /// progress, and the user's notifications (docs/telecom.md, "Tasks and notifications").
  static let v103Tasks = Migration(
    103,
    "Tasks and notifications",
    """
    CREATE TABLE tasks (
      id uuid PRIMARY KEY,
      seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
      user_id text NOT NULL,
      organization_id uuid,
      kind text NOT NULL CHECK (kind IN ('bulk', 'export')),
      title text NOT NULL,
      state text NOT NULL CHECK (state IN ('queued', 'running', 'cancelling', 'cancelled', 'finished', 'failed')),
      total bigint NOT NULL DEFAULT 0 CHECK (total >= 0),
      done bigint NOT NULL DEFAULT 0 CHECK (done >= 0),
      failed bigint NOT NULL DEFAULT 0 CHECK (failed >= 0),
      result text NOT NULL DEFAULT '',
      message text NOT NULL DEFAULT '',
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      finished_at timestamptz
    )
    """,
    """
    CREATE INDEX tasks_by_user ON tasks (user_id, seq DESC)
    """,
    """
    CREATE TABLE notifications (
      id uuid PRIMARY KEY,
      seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
      user_id text NOT NULL,
      kind text NOT NULL,
      title text NOT NULL,
      body text NOT NULL,
      task_id uuid REFERENCES tasks (id),
      created_at timestamptz NOT NULL,
      read_at timestamptz
    )
    """,
    """
    CREATE INDEX notifications_by_user ON notifications (user_id, seq DESC)
    """,
    """
    CREATE INDEX notifications_unread ON notifications (user_id) WHERE read_at IS NULL
    """
  )
}
