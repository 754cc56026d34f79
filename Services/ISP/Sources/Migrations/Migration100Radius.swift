import Storage

extension ISPMigrations {
  /// RADIUS logins, and what FreeRADIUS's stock PostgreSQL queries read and write: `radcheck`,
  /// `radreply` and `radusergroup` as views over the logins (a login not active gets
  /// `Auth-Type := Reject`, so a suspension or a block for debt holds from the next request),
  /// the group tables, and FreeRADIUS's own `radacct` and `radpostauth` tables as its schema
  /// (mods-config/sql/main/postgresql/schema.sql, FreeRADIUS 3.2) defines them.
  static let v100Radius = Migration(
    100,
    "RADIUS logins and FreeRADIUS's tables",
    """
    CREATE TABLE radius_logins (
      id bigserial PRIMARY KEY,
      login text NOT NULL UNIQUE,
      password text NOT NULL,
      framed_ip inet,
      download_kbps integer CHECK (download_kbps > 0),
      upload_kbps integer CHECK (upload_kbps > 0),
      state text NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'suspended', 'blocked')),
      created_at timestamptz NOT NULL DEFAULT now()
    )
    """,
    // Check items: the password; Reject for a login not active (ids apart from the passwords').
    """
    CREATE VIEW radcheck AS
      SELECT id, login AS username, 'Cleartext-Password'::text AS attribute, ':='::text AS op, password AS value
      FROM radius_logins
      UNION ALL
      SELECT id + 4611686018427387904, login, 'Auth-Type', ':=', 'Reject' FROM radius_logins WHERE state <> 'active'
    """,
    // Reply items: the address, and the speeds as MikroTik takes them (rx/tx from the router's
    // side: what it receives is the subscriber's upload).
    """
    CREATE VIEW radreply AS
      SELECT id, login AS username, 'Framed-IP-Address'::text AS attribute, ':='::text AS op, host(framed_ip) AS value
      FROM radius_logins WHERE framed_ip IS NOT NULL
      UNION ALL
      SELECT id + 4611686018427387904, login, 'Mikrotik-Rate-Limit', ':=', upload_kbps || 'k/' || download_kbps || 'k'
      FROM radius_logins WHERE download_kbps IS NOT NULL AND upload_kbps IS NOT NULL
    """,
    """
    CREATE VIEW radusergroup AS
      SELECT id, login AS username, ''::text AS groupname, 0 AS priority FROM radius_logins WHERE false
    """,
    """
    CREATE TABLE radgroupcheck (
      id serial PRIMARY KEY, groupname text NOT NULL DEFAULT '', attribute text NOT NULL DEFAULT '',
      op varchar(2) NOT NULL DEFAULT '==', value text NOT NULL DEFAULT '')
    """,
    """
    CREATE TABLE radgroupreply (
      id serial PRIMARY KEY, groupname text NOT NULL DEFAULT '', attribute text NOT NULL DEFAULT '',
      op varchar(2) NOT NULL DEFAULT '=', value text NOT NULL DEFAULT '')
    """,
    """
    CREATE TABLE radacct (
      radacctid bigserial PRIMARY KEY,
      acctsessionid text NOT NULL,
      acctuniqueid text NOT NULL UNIQUE,
      username text,
      realm text,
      nasipaddress inet NOT NULL,
      nasportid text,
      nasporttype text,
      acctstarttime timestamptz,
      acctupdatetime timestamptz,
      acctstoptime timestamptz,
      acctinterval bigint,
      acctsessiontime bigint,
      acctauthentic text,
      connectinfo_start text,
      connectinfo_stop text,
      acctinputoctets bigint,
      acctoutputoctets bigint,
      calledstationid text,
      callingstationid text,
      acctterminatecause text,
      servicetype text,
      framedprotocol text,
      framedipaddress inet,
      framedipv6address inet,
      framedipv6prefix inet,
      framedinterfaceid text,
      delegatedipv6prefix inet,
      class text
    )
    """,
    "CREATE INDEX radacct_active_session_idx ON radacct (acctuniqueid) WHERE acctstoptime IS NULL",
    "CREATE INDEX radacct_bulk_close ON radacct (nasipaddress, acctstarttime) WHERE acctstoptime IS NULL",
    "CREATE INDEX radacct_start_user_idx ON radacct (acctstarttime, username)",
    """
    CREATE TABLE radpostauth (
      id bigserial PRIMARY KEY,
      username text NOT NULL,
      pass text,
      reply text,
      calledstationid text,
      callingstationid text,
      authdate timestamptz NOT NULL DEFAULT now(),
      class text
    )
    """
  )
}
