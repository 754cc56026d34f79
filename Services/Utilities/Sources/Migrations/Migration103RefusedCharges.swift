import Storage

extension UtilitiesMigrations {
  /// Month charges Billing refused become staff's to see and send again (docs/utilities.md,
  /// "Charges Billing refused"): when each was refused, and the history of every repost.
  static let v103RefusedCharges = Migration(
    103,
    "Refused month charges and their reposts",
    "ALTER TABLE month_charges ADD COLUMN refused_at timestamptz",
    // Refused before this version: the moment is not known; the migration's is the nearest.
    "UPDATE month_charges SET refused_at = now() WHERE posting = 'refused'",
    "CREATE INDEX month_charges_refused ON month_charges (account_number) WHERE posting = 'refused'",
    """
    -- One row per charge sent again: who, when, why and the refusal it answered. Kept when the
    -- charge is posted.
    CREATE TABLE month_charge_reposts (
      seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      account_number text NOT NULL,
      period date NOT NULL,
      service text NOT NULL,
      actor text NOT NULL,
      at timestamptz NOT NULL,
      note text NOT NULL,
      refusal text NOT NULL,
      -- Always the charge's own account here (no move); kept so every service's reposts read alike.
      from_account text NOT NULL,
      to_account text NOT NULL,
      FOREIGN KEY (account_number, period, service) REFERENCES month_charges
    )
    """,
    "CREATE INDEX month_charge_reposts_charge ON month_charge_reposts (account_number, period, service, seq)"
  )
}
