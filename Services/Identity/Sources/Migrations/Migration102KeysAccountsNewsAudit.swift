import Storage

extension IdentityMigrations {
  static let v102KeysAccountsNewsAudit = Migration(
    102, "keys, service accounts, news, audit",
    """
    CREATE TABLE signing_keys (
      kid text PRIMARY KEY,
      public_key bytea NOT NULL,
      sealed_private_key bytea NOT NULL,
      created_at timestamptz NOT NULL,
      retired_at timestamptz
    )
    """,
    """
    CREATE TABLE service_accounts (
      client_id text PRIMARY KEY,
      name text NOT NULL UNIQUE,
      secret_hash bytea NOT NULL,
      permissions text[] NOT NULL,
      created_at timestamptz NOT NULL
    )
    """,
    """
    CREATE TABLE news (
      id bigserial PRIMARY KEY,
      title text NOT NULL,
      body text NOT NULL,
      organization_id uuid REFERENCES organizations,
      published_at timestamptz NOT NULL,
      published_by text NOT NULL
    )
    """,
    """
    CREATE TABLE news_reads (
      news_id bigint NOT NULL REFERENCES news,
      user_id uuid NOT NULL REFERENCES users,
      read_at timestamptz NOT NULL,
      PRIMARY KEY (news_id, user_id)
    )
    """,
    """
    CREATE TABLE audit_events (
      id bigserial PRIMARY KEY,
      at timestamptz NOT NULL,
      kind text NOT NULL,
      user_id uuid,
      actor_id text NOT NULL DEFAULT '',
      detail text NOT NULL DEFAULT ''
    )
    """,
    "CREATE INDEX audit_events_user ON audit_events (user_id, id DESC)"
  )
}
