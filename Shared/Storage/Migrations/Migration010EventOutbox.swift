extension EventOutbox {
  static let v10EventOutbox = Migration(
    10, "platform: event outbox",
    """
    CREATE TABLE outbox_counter (
      singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
      last_position bigint NOT NULL
    )
    """,
    "INSERT INTO outbox_counter (last_position) VALUES (0)",
    """
    CREATE TABLE outbox_events (
      position bigint PRIMARY KEY,
      type text NOT NULL,
      key text NOT NULL,
      payload bytea NOT NULL,
      occurred_at timestamptz NOT NULL
    )
    """
  )
}
