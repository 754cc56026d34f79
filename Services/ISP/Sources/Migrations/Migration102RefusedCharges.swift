import Storage

extension ISPMigrations {
  /// Plan charges Billing refused become staff's to see and send again (docs/isp.md, "Charges
  /// Billing refused"): when each was refused, how many rounds it was in, and every repost.
  static let v102RefusedCharges = Migration(
    102,
    "Refused plan charges and their reposts",
    "ALTER TABLE plan_charges ADD COLUMN refused_at timestamptz",
    "ALTER TABLE plan_charges ADD COLUMN attempts integer NOT NULL DEFAULT 0",
    // Refused before this version: the moment is not known; the charge's creation is the nearest.
    "UPDATE plan_charges SET refused_at = created_at, attempts = 1 WHERE posting = 'refused'",
    "CREATE INDEX plan_charges_refused ON plan_charges (account_number) WHERE posting = 'refused'",
    """
    -- One row per charge sent again: who, when, why and the refusal it answered. Kept when the
    -- charge is posted.
    CREATE TABLE plan_charge_reposts (
      seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      plan_id uuid NOT NULL,
      period date NOT NULL,
      account_number text NOT NULL,
      actor text NOT NULL,
      at timestamptz NOT NULL,
      note text NOT NULL,
      refusal text NOT NULL,
      -- Always the charge's own account here (no move); kept so every service's reposts read alike.
      from_account text NOT NULL,
      to_account text NOT NULL,
      FOREIGN KEY (plan_id, period, account_number) REFERENCES plan_charges
    )
    """,
    "CREATE INDEX plan_charge_reposts_charge ON plan_charge_reposts (plan_id, period, account_number, seq)"
  )
}
