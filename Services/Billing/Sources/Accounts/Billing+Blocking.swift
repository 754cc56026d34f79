import BillingAPI
import PostgresNIO
import RPC
import Storage
import WireCodec

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

extension Billing {
  /// Blocks or unblocks an account and publishes the change on the event feed in the same
  /// transaction, so Telecom and ISP learn of exactly the changes that committed.
  func setBlocked(_ blocked: Bool, _ request: SetAccountBlockedRequest, caller: Caller) async throws -> Account {
    let reason = request.reason.trimmingWhitespace
    var checks = FieldChecks()
    checks.text(reason, field: "reason", name: "The reason", maximum: 500, required: blocked)
    try checks.check()
    return try await self.database.transaction { connection in
      let account = try self.visible(
        try await self.account(.number(request.number), forUpdate: true, on: connection), to: caller,
        with: BillingPermission.accountsBlock)
      guard account.status != .closed else { throw BillingError.accountClosed }
      if blocked, account.status == .blocked { throw BillingError.alreadyBlocked }
      if !blocked, account.status != .blocked { throw BillingError.notBlocked }
      try await self.changeBlock(of: account, to: blocked, reason: reason, by: .staff, on: connection)
      guard let updated = try await self.account(.id(account.id), on: connection) else {
        throw BillingError.accountNotFound
      }
      return updated.message
    }
  }

  /// Sets the account's status and publishes the change on the event feed in the caller's
  /// transaction. `by` records who blocked: collections and postpaid lift only their own blocks.
  func changeBlock(
    of account: AccountRow, to blocked: Bool, reason: String, by: AccountRow.Blocker, on connection: PostgresConnection
  ) async throws {
    let now = self.now
    if blocked {
      try await connection.query(
        """
        UPDATE accounts SET status = \(AccountRow.Status.blocked), blocked_reason = \(reason), blocked_since = \(now), blocked_by = \(by)
        WHERE id = \(account.id)
        """, logger: self.logger)
    } else {
      try await connection.query(
        "UPDATE accounts SET status = 'active', blocked_reason = '', blocked_since = NULL, blocked_by = '' WHERE id = \(account.id)",
        logger: self.logger)
    }
    let event = AccountBlockEvent(
      accountID: account.id.uuidString.lowercased(), number: account.number,
      customerID: account.customerID.uuidString.lowercased(),
      reason: reason, at: now)
    try await EventOutbox.append(
      [
        OutboxEvent(
          blocked ? BillingEvents.accountBlocked : BillingEvents.accountUnblocked, key: account.number, message: event)
      ],
      on: connection, at: now, logger: self.logger)
  }
}
