import Storage

extension TelecomMigrations {
  /// Quota thresholds on a SIM or a group of SIMs, and the months each SIM reached them in
  /// (docs/telecom.md, "Quota thresholds").
  static let v107Quotas = Migration(
    107,
    "Quota thresholds",
    """
    CREATE TABLE quotas (
      id uuid PRIMARY KEY,
      seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
      organization_id uuid,
      iccid text REFERENCES sims (iccid),
      sim_group text,
      metric text NOT NULL CHECK (metric IN ('data_bytes', 'call_seconds', 'sms_count', 'cost_minor')),
      threshold bigint NOT NULL CHECK (threshold > 0),
      action text NOT NULL CHECK (action IN ('notify', 'block')),
      created_by text NOT NULL,
      created_at timestamptz NOT NULL,
      CHECK ((iccid IS NULL) <> (sim_group IS NULL))
    )
    """,
    """
    CREATE INDEX quotas_by_sim ON quotas (iccid) WHERE iccid IS NOT NULL
    """,
    """
    CREATE INDEX quotas_by_group ON quotas (sim_group) WHERE sim_group IS NOT NULL
    """,
    """
    CREATE TABLE quota_hits (
      quota_id uuid NOT NULL REFERENCES quotas (id) ON DELETE CASCADE,
      iccid text NOT NULL,
      month date NOT NULL,
      used bigint NOT NULL,
      reached_at timestamptz NOT NULL,
      PRIMARY KEY (quota_id, iccid, month)
    )
    """
  )
}
