import Storage

extension MailOutbox {
  static let v30MailOutbox = Migration(
    30, "create_mail_outbox",
    """
    CREATE TABLE mail_outbox (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      dedupe_key text UNIQUE,
      message_id uuid NOT NULL DEFAULT gen_random_uuid(),
      recipients text[] NOT NULL CHECK (cardinality(recipients) > 0),
      recipient_names text[] NOT NULL,
      subject text NOT NULL,
      body text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      attempts integer NOT NULL DEFAULT 0,
      next_attempt_at timestamptz NOT NULL DEFAULT now(),
      last_error text,
      sent_at timestamptz,
      failed_at timestamptz
    )
    """,
    "CREATE INDEX mail_outbox_due ON mail_outbox (next_attempt_at) WHERE sent_at IS NULL AND failed_at IS NULL"
  )
}
