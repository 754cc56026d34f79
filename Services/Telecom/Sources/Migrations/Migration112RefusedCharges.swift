import Storage

extension TelecomMigrations {
  /// Charges Billing refused become staff's to see and send again (docs/telecom.md, "Charges
  /// Billing refused"): when each was refused, an index to list them by account, and the
  /// history of every repost.
  static let v112RefusedCharges = Migration(
    112,
    "Refused charges and their reposts",
    """
    ALTER TABLE usage_charges ADD COLUMN refused_at timestamptz
    """,
    """
    -- Refused before this version: the moment is not known; the row's creation is the nearest.
    UPDATE usage_charges SET refused_at = created_at WHERE status = 'refused'
    """,
    """
    CREATE INDEX usage_charges_refused ON usage_charges ((COALESCE(refused_at, created_at)), record_id)
      WHERE status = 'refused'
    """,
    """
    -- One row per charge sent again: who, when, why, the refusal it answered, and the account
    -- it went from and to. Kept when the charge is posted; the charge row is never deleted.
    CREATE TABLE usage_charge_reposts (
      seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      record_id text NOT NULL REFERENCES usage_charges (record_id),
      actor text NOT NULL,
      at timestamptz NOT NULL,
      note text NOT NULL,
      refusal text NOT NULL,
      from_account text NOT NULL,
      to_account text NOT NULL
    )
    """,
    """
    CREATE INDEX usage_charge_reposts_record ON usage_charge_reposts (record_id, seq)
    """
  )
}
