import Storage

extension BillingMigrations {
  /// An autopayment is recorded in three steps (docs/billing.md, Autopayment): the attempt is
  /// written `pending` with the charge's idempotency key, amount and card before the gateway is
  /// asked, outside any transaction, and `recorded` with the answer afterwards. A pending
  /// attempt has no outcome yet; the job that finds one asks the gateway again with its key.
  static let v115AutopayAttemptState = Migration(
    115, "autopayment attempts recorded before the gateway is asked",
    "ALTER TABLE autopay_attempts ADD COLUMN state text NOT NULL DEFAULT 'recorded' CHECK (state IN ('pending', 'recorded'))",
    "ALTER TABLE autopay_attempts ADD COLUMN idempotency_key text NOT NULL DEFAULT ''",
    "ALTER TABLE autopay_attempts ADD COLUMN card_token text NOT NULL DEFAULT ''",
    "ALTER TABLE autopay_attempts ADD COLUMN recorded_at timestamptz",
    "UPDATE autopay_attempts SET idempotency_key = 'autopay:' || job_key, recorded_at = at",
    "ALTER TABLE autopay_attempts ALTER COLUMN outcome DROP NOT NULL",
    """
    ALTER TABLE autopay_attempts ADD CONSTRAINT autopay_attempts_answered
      CHECK ((state = 'pending') = (outcome IS NULL) AND (state = 'pending') = (recorded_at IS NULL))
    """,
    // Operations look for attempts left pending (a gateway that never answered).
    "CREATE INDEX autopay_attempts_pending ON autopay_attempts (at) WHERE state = 'pending'"
  )
}
