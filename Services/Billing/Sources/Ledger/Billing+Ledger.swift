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
  func postPayment(_ request: PostPaymentRequest, caller: Caller) async throws -> PostingReply {
    var checks = FieldChecks()
    checks.valueDate(request.date, today: self.today, settings: self.settings)
    try checks.check()
    return try await self.post(
      NewEntry(
        idempotencyKey: request.idempotencyKey, idempotencyScope: self.idempotencyScope(of: caller),
        account: .number(request.accountNumber), kind: .payment, amount: request.amount,
        date: request.date, payer: request.payer, bankReference: request.bankReference, purpose: request.purpose,
        source: "bank", actor: caller.userID), permission: BillingPermission.paymentsPost, caller: caller)
  }

  func topUp(_ request: TopUpRequest, caller: Caller) async throws -> PostingReply {
    try await self.post(
      NewEntry(
        idempotencyKey: request.idempotencyKey, idempotencyScope: self.idempotencyScope(of: caller),
        account: .number(request.accountNumber), kind: .topUp, amount: request.amount,
        date: self.today, purpose: request.comment, source: self.source(of: caller), actor: caller.userID),
      permission: BillingPermission.topupsCreate, caller: caller)
  }

  func postCharge(_ request: PostChargeRequest, kind: EntryKind, caller: Caller) async throws -> PostingReply {
    var checks = FieldChecks()
    checks.text(request.serviceCode, field: "serviceCode", name: "The service code", maximum: 64)
    if let date = request.date { checks.valueDate(date, today: self.today, settings: self.settings) }
    try checks.check()
    return try await self.post(
      NewEntry(
        idempotencyKey: request.idempotencyKey, idempotencyScope: self.idempotencyScope(of: caller),
        account: .number(request.accountNumber), kind: kind, amount: request.amount,
        date: request.date ?? self.today, serviceCode: request.serviceCode, subscriptionID: request.subscriptionID,
        purpose: request.comment, debit: kind == .charge, source: self.source(of: caller), actor: caller.userID),
      permission: BillingPermission.chargesPost, caller: caller)
  }

  /// Reverses an entry with one of the opposite sign on the same account; the unique
  /// `reverses_entry_id` makes a second reversal impossible, whatever its key.
  func reverseEntry(_ request: ReverseEntryRequest, caller: Caller) async throws -> PostingReply {
    try await self.database.transaction { connection in
      let rows = try await connection.query(
        "SELECT \(unescaped: EntryRow.columns) FROM ledger_entries e WHERE e.id = \(request.entryID)",
        logger: self.logger
      ).decode(EntryRow.Row.self).collect()
      guard let row = rows.first else { throw BillingError.entryNotFound }
      let original = EntryRow(row)
      guard original.message.kind != .reversal else { throw BillingError.reversalOfReversal }
      let reversedBy = try await connection.query(
        "SELECT idempotency_scope, idempotency_key FROM ledger_entries WHERE reverses_entry_id = \(request.entryID)",
        logger: self.logger
      ).decode((String, String).self).collect().first
      if let reversedBy, reversedBy != (self.idempotencyScope(of: caller), request.idempotencyKey) {
        throw BillingError.alreadyReversed
      }
      let amount = original.message.amount
      return try await self.post(
        NewEntry(
          idempotencyKey: request.idempotencyKey, idempotencyScope: self.idempotencyScope(of: caller),
          account: .id(original.accountID), kind: .reversal,
          amount: ExactDecimal(units: abs(amount.units), scale: amount.scale),
          date: self.today, serviceCode: original.message.serviceCode, subscriptionID: original.message.subscriptionID,
          purpose: request.comment, reverses: original.message.id, debit: amount.units > 0,
          source: self.source(of: caller),
          actor: caller.userID), permission: BillingPermission.entriesReverse, caller: caller, on: connection)
    }
  }
}
