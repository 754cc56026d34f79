import Storage

extension IdentityMigrations {
  static let v100OrganizationsUsersRoles = Migration(
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
  )
}
