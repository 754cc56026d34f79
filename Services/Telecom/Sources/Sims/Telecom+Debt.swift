import BillingAPI
import PostgresNIO
import RPC
import Storage
import TelecomRules
import WireCodec

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// Debt (docs/telecom.md, "Debt"): Billing's `billing.account.blocked` blocks every SIM of the
/// account in the network and refuses operations on them; `billing.account.unblocked` gives
/// each back the state it had. Applied in the feed consumer's transaction, which also moves its
/// cursor: each event's operations are recorded exactly once whatever the restarts and
/// replicas. The network is asked afterwards, outside it, by the operation job (due at once).
extension Telecom {
  func debtBlock(_ event: AccountBlockEvent, on connection: PostgresConnection) async throws {
    try await connection.query(
      """
      INSERT INTO debt_blocked_accounts (account_number, reason, since) VALUES (\(event.number), \(event.reason), \(self.now))
      ON CONFLICT (account_number) DO NOTHING
      """, logger: self.logger)
    try await self.debtOperation(.debtBlock, account: event.number, reason: event.reason, on: connection)
  }

  func debtUnblock(_ event: AccountBlockEvent, on connection: PostgresConnection) async throws {
    try await connection.query(
      "DELETE FROM debt_blocked_accounts WHERE account_number = \(event.number)", logger: self.logger)
    try await self.debtOperation(.debtUnblock, account: event.number, reason: event.reason, on: connection)
  }

  /// Records `operation` for every SIM of the account the state machine allows it on (a SIM
  /// already held, or on no account, has nothing to do). A SIM with an operation of people's
  /// still waiting for the network makes the transaction fail on the one-pending index; the
  /// consumer then tries the event again after a pause, once that operation has ended.
  func debtOperation(_ operation: SimOperation, account: String, reason: String, on connection: PostgresConnection)
    async throws
  {
    let sims = try await connection.query(
      "SELECT \(unescaped: SimRow.columns) FROM sims s WHERE s.account_number = \(account) ORDER BY s.iccid FOR UPDATE",
      logger: self.logger
    ).decode(SimRow.Row.self).collect().map(SimRow.init)
    for sim in sims {
      // A SIM the state table does not allow it on has nothing to do: the refusal is dropped.
      _ = try await self.begin(
        UUID(), operation, on: sim, values: OperationValues(detail: reason), actor: "billing", comment: reason,
        networkCaller: .job, on: connection)
    }
  }

  /// Whether Billing has told Telecom the account is blocked for debt.
  func isDebtBlocked(_ account: String, on connection: PostgresConnection) async throws -> Bool {
    try await connection.query(
      "SELECT 1 FROM debt_blocked_accounts WHERE account_number = \(account)", logger: self.logger
    ).decode(Int32.self).collect().isEmpty == false
  }
}
