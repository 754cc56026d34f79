import BillingAPI
import PostgresNIO
import Storage

/// Debt: Billing's `billing.account.blocked` puts the account in `debt_blocked_accounts`, which
/// the RADIUS views read — the account's logins are refused (or put in the walled-garden group)
/// at their next request; `billing.account.unblocked` takes it out. Applied in the feed
/// consumer's transaction, with the plans' history.
extension ISP {
  func debtBlock(_ event: AccountBlockEvent, on connection: PostgresConnection) async throws {
    let inserted = try await connection.query(
      """
      INSERT INTO debt_blocked_accounts (account_number, reason, since) VALUES (\(event.number), \(event.reason), \(self.now))
      ON CONFLICT (account_number) DO NOTHING RETURNING account_number
      """, logger: self.logger
    ).decode(String.self).collect()
    if !inserted.isEmpty { try await self.recordDebt(event, action: "debt_blocked", on: connection) }
  }

  func debtUnblock(_ event: AccountBlockEvent, on connection: PostgresConnection) async throws {
    let removed = try await connection.query(
      "DELETE FROM debt_blocked_accounts WHERE account_number = \(event.number) RETURNING account_number",
      logger: self.logger
    ).decode(String.self).collect()
    if !removed.isEmpty { try await self.recordDebt(event, action: "debt_unblocked", on: connection) }
  }

  private func recordDebt(_ event: AccountBlockEvent, action: String, on connection: PostgresConnection) async throws {
    try await connection.query(
      """
      INSERT INTO plan_history (plan_id, at, actor, action, after, reason)
      SELECT id, \(self.now), 'billing', \(action), \(event.number), \(String(event.reason.prefix(500))) FROM plans
      WHERE account_number = \(event.number) AND deleted_at IS NULL
      """, logger: self.logger)
  }

  /// Writes the RADIUS policy of the settings where the views read it.
  func applyRadiusOptions() async throws {
    _ = try await self.database.withConnection { connection in
      try await connection.query(
        """
        UPDATE radius_options SET debt_action = \(self.settings.debtAction),
          walled_garden_group = \(self.settings.walledGardenGroup)
        """, logger: self.logger)
    }
  }
}
