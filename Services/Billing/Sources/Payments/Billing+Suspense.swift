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
  func putInSuspense(
    _ line: BankPaymentLine, minor: Int64, key: String, note: String, caller: Caller, on connection: PostgresConnection
  ) async throws -> Int64 {
    let now = self.now
    let ids = try await connection.query(
      """
      INSERT INTO suspense_payments (idempotency_key, bank_reference, value_date, amount_minor, currency, payer, payer_tax_id, purpose, received_at)
      VALUES (\(key), \(line.bankReference), \(line.date), \(minor), \(line.currency), \(line.payer), \(line.payerTaxID), \(line.purpose), \(now))
      RETURNING id
      """, logger: self.logger
    ).decode(Int64.self).collect()
    try await connection.query(
      """
      INSERT INTO suspense_history (suspense_id, action, actor, at, comment) VALUES (\(ids[0]), 'received', \(caller.userID), \(now), \(note))
      """, logger: self.logger)
    return ids[0]
  }

  func suspenseID(key: String, on connection: PostgresConnection) async throws -> Int64? {
    try await connection.query("SELECT id FROM suspense_payments WHERE idempotency_key = \(key)", logger: self.logger)
      .decode(Int64.self).collect().first
  }

  func listSuspense(_ request: ListSuspenseRequest) async throws -> ListSuspenseReply {
    let page = try Self.pages.page(of: request.page, by: Int64.self)
    let after = page.after ?? 0
    return try await self.database.withConnection { connection in
      let rows = try await connection.query(
        """
        SELECT \(unescaped: SuspenseRow.columns) FROM suspense_payments s LEFT JOIN ledger_entries e ON e.id = s.entry_id
        LEFT JOIN accounts a ON a.id = e.account_id
        WHERE s.id > \(after) AND (\(request.includeAssigned) OR s.entry_id IS NULL)
        ORDER BY s.id LIMIT \(page.limit)
        """, logger: self.logger
      ).decode(SuspenseRow.Row.self).collect()
      var items: [SuspenseItem] = []
      let (shown, next) = page.cut(rows) { $0.0 }
      for row in shown {
        items.append(SuspenseRow(row).item(history: try await self.suspenseHistory(row.0, on: connection)))
      }
      return ListSuspenseReply(items: items, nextPageToken: next)
    }
  }

  /// Credits a suspense item to the account staff chose, once: the item row is locked, and
  /// the posting's idempotency key is the bank line's, so a repeat answers the first result.
  func assignSuspense(_ request: AssignSuspenseRequest, caller: Caller) async throws -> PostingReply {
    try await self.database.transaction { connection in
      let rows = try await connection.query(
        "SELECT \(unescaped: SuspenseRow.columns) FROM suspense_payments s LEFT JOIN ledger_entries e ON e.id = s.entry_id LEFT JOIN accounts a ON a.id = e.account_id WHERE s.id = \(request.suspenseID) FOR UPDATE OF s",
        logger: self.logger
      ).decode(SuspenseRow.Row.self).collect()
      guard let row = rows.first else { throw BillingError.suspenseNotFound }
      let suspense = SuspenseRow(row)
      if let assignedTo = suspense.row.10, assignedTo != request.accountNumber {
        throw BillingError.suspenseAlreadyAssigned
      }
      let line = suspense.item(history: []).line
      let posted = try await self.post(
        NewEntry(
          idempotencyKey: suspense.key, account: .number(request.accountNumber), kind: .payment, amount: line.amount,
          date: line.date,
          payer: line.payer, bankReference: line.bankReference, purpose: line.purpose, source: "bank",
          actor: caller.userID),
        permission: BillingPermission.suspenseAssign, caller: caller, on: connection)
      if !posted.replayed {
        try await connection.query(
          "UPDATE suspense_payments SET entry_id = \(posted.entry.id) WHERE id = \(request.suspenseID)",
          logger: self.logger)
        try await connection.query(
          """
          INSERT INTO suspense_history (suspense_id, action, actor, at, account_number, comment)
          VALUES (\(request.suspenseID), 'assigned', \(caller.userID), \(self.now), \(posted.entry.accountNumber), \(request.comment))
          """, logger: self.logger)
      }
      return posted
    }
  }

  func suspenseHistory(_ id: Int64, on connection: PostgresConnection) async throws -> [SuspenseEvent] {
    try await connection.query(
      """
      SELECT action, actor, at, account_number, comment FROM suspense_history WHERE suspense_id = \(id) ORDER BY id
      """, logger: self.logger
    ).decode((String, String, UTCTimestamp, String, String).self).collect()
      .map { SuspenseEvent(action: $0.0, actor: $0.1, at: $0.2, accountNumber: $0.3, comment: $0.4) }
  }
}
