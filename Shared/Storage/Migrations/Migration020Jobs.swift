extension JobQueue {
  static let v20Jobs = Migration(
    20, "platform: jobs",
    """
    CREATE TABLE jobs (
      id bigserial PRIMARY KEY,
      kind text NOT NULL,
      key text NOT NULL,
      payload bytea NOT NULL,
      run_at timestamptz NOT NULL,
      state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'running', 'done', 'failed')),
      attempts integer NOT NULL DEFAULT 0,
      lease_owner text,
      lease_expires_at timestamptz,
      last_error text,
      created_at timestamptz NOT NULL DEFAULT now(),
      finished_at timestamptz,
      UNIQUE (kind, key)
    )
    """,
    "CREATE INDEX jobs_due ON jobs (run_at) WHERE state IN ('pending', 'running')"
  )
}
