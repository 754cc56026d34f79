import Storage

extension TelecomMigrations {
  /// The Billing accounts blocked for debt, as Billing's feed told Telecom: SIMs are not
  /// assigned to them while they are (docs/telecom.md, "Debt").
  static let v102DebtBlocks = Migration(
    102,
    "Billing accounts blocked for debt",
    """
    CREATE TABLE debt_blocked_accounts (
      account_number text PRIMARY KEY,
      reason text NOT NULL,
      since timestamptz NOT NULL
    )
    """
  )
}
