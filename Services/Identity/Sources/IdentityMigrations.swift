import Storage

/// Identity's schema. Versions from 100 (below are the platform's tables).
enum IdentityMigrations {
  static let all = [
    Migration(
      100, "organizations, users, roles",
      """
      CREATE TABLE organizations (
        id uuid PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('operator', 'company', 'individual')),
        name text NOT NULL,
        tax_id text,
        contract_number text UNIQUE,
        invoices_by_email boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL
      )
      """,
      "CREATE TABLE roles (name text PRIMARY KEY, audience text NOT NULL CHECK (audience IN ('staff', 'customer')), built_in boolean NOT NULL DEFAULT false)",
      "CREATE TABLE permissions (name text PRIMARY KEY, service text NOT NULL, doc text NOT NULL)",
      """
      CREATE TABLE role_permissions (
        role text NOT NULL REFERENCES roles ON DELETE CASCADE,
        permission text NOT NULL REFERENCES permissions,
        PRIMARY KEY (role, permission)
      )
      """,
      """
      CREATE TABLE users (
        id uuid PRIMARY KEY,
        organization_id uuid NOT NULL REFERENCES organizations,
        role text NOT NULL REFERENCES roles,
        login text NOT NULL,
        email text NOT NULL,
        full_name text NOT NULL DEFAULT '',
        language text NOT NULL DEFAULT 'ru' CHECK (language IN ('ru', 'en')),
        password_hash text,
        status text NOT NULL CHECK (status IN ('pending', 'active', 'invited', 'removed')),
        failed_attempts integer NOT NULL DEFAULT 0,
        locked_until timestamptz,
        created_at timestamptz NOT NULL,
        confirmed_at timestamptz
      )
      """,
      "CREATE UNIQUE INDEX users_login ON users (lower(login))",
      "CREATE UNIQUE INDEX users_email ON users (lower(email))",
      "CREATE INDEX users_organization ON users (organization_id, created_at, id)"
    ),
    Migration(
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
    ),
    Migration(
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
    ),
  ]
}
