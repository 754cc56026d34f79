import Storage

extension IdentityMigrations {
  static let v101CodesAndSessions = Migration(
    101, "codes and sessions",
    """
    CREATE TABLE user_codes (
      id bigserial PRIMARY KEY,
      user_id uuid NOT NULL REFERENCES users,
      purpose text NOT NULL CHECK (purpose IN ('confirm', 'email_change', 'recovery', 'invitation')),
      code_hash bytea NOT NULL,
      new_email text,
      created_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL,
      attempts integer NOT NULL DEFAULT 0,
      used_at timestamptz
    )
    """,
    "CREATE INDEX user_codes_user ON user_codes (user_id, purpose, id)",
    """
    CREATE TABLE sessions (
      id uuid PRIMARY KEY,
      user_id uuid NOT NULL REFERENCES users,
      device text NOT NULL,
      remember boolean NOT NULL,
      created_at timestamptz NOT NULL,
      last_used_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL,
      revoked_at timestamptz,
      revoked_reason text
    )
    """,
    "CREATE INDEX sessions_user ON sessions (user_id, created_at DESC)",
    """
    CREATE TABLE refresh_tokens (
      token_hash bytea PRIMARY KEY,
      session_id uuid NOT NULL REFERENCES sessions,
      created_at timestamptz NOT NULL,
      used_at timestamptz
    )
    """,
    "CREATE INDEX refresh_tokens_session ON refresh_tokens (session_id)"
  )
}
