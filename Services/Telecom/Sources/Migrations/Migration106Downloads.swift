import Storage

extension TelecomMigrations {
  /// The Downloads list (docs/telecom.md, "Usage reports and downloads"): each user's exported
  /// files, kept until they expire, and the indexes usage reports read records by.
  static let v106Downloads = Migration(
    106,
    "Downloads, and usage records by organization and by start for reports",
    """
    CREATE TABLE downloads (
      id uuid PRIMARY KEY,
      seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
      user_id text NOT NULL,
      organization_id uuid,
      task_id uuid NOT NULL UNIQUE REFERENCES tasks (id),
      file_name text NOT NULL,
      content_type text NOT NULL,
      bytes bytea NOT NULL,
      size bigint NOT NULL CHECK (size >= 0),
      created_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL
    )
    """,
    // Files are fetched a piece at a time with substring(): kept uncompressed out of line (an
    // XLSX file is a ZIP already), so PostgreSQL reads only the piece's chunks, not the file.
    "ALTER TABLE downloads ALTER COLUMN bytes SET STORAGE EXTERNAL",
    "CREATE INDEX downloads_by_user ON downloads (user_id, seq DESC)",
    "CREATE INDEX downloads_expiry ON downloads (expires_at)",
    // A customer's report over all its SIMs, and staff's over every SIM, read records by start
    // within the days; usage_records_by_sim serves reports of named SIMs.
    "CREATE INDEX usage_records_by_organization ON usage_records (organization_id, started_at, id)",
    "CREATE INDEX usage_records_by_start ON usage_records (started_at, id)"
  )
}
