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
  func postBankPayment(_ request: PostBankPaymentRequest, caller: Caller) async throws -> BankLineResult {
    try await self.receive(request.line, caller: caller)
  }

  /// One bank line, in a transaction of its own: a repeat of a line received before changes
  /// nothing; a purpose naming an account (directly, by contract, or by invoice) credits it;
  /// anything else goes to the suspense list.
  func receive(_ line: BankPaymentLine, caller: Caller) async throws -> BankLineResult {
    var line = line
    line.currency = line.currency.isEmpty ? "RUB" : line.currency.uppercased()
    var checks = FieldChecks()
    checks.text(line.bankReference, field: "bank_reference", name: "The bank reference", maximum: 64)
    let minor = checks.amount(line.amount, currency: line.currency)
    try checks.check()
    let key = Self.bankKey(line)
    let received = line
    return try await self.database.transaction { connection in
      let line = received
      var result = BankLineResult(bankReference: line.bankReference, amount: line.amount)
      if let earlier = try await self.entry(idempotencyKey: key, on: connection) {
        result.outcome = .duplicate
        result.accountNumber = earlier.message.accountNumber
        result.entryID = earlier.message.id
        return result
      }
      if let suspense = try await self.suspenseID(key: key, on: connection) {
        result.outcome = .duplicate
        result.suspenseID = suspense
        return result
      }
      if let match = try await PurposeMatcher(logger: self.logger).match(line.purpose, currency: line.currency, on: connection) {
        let posted = try await self.post(NewEntry(
          idempotencyKey: key, account: .id(match.accountID), kind: .payment, amount: line.amount, date: line.date, payer: line.payer,
          bankReference: line.bankReference, purpose: line.purpose, source: "bank", actor: caller.userID),
          permission: "billing.payments.post", caller: caller, on: connection)
        result.outcome = .credited
        result.accountNumber = posted.entry.accountNumber
        result.entryID = posted.entry.id
        result.note = match.note
        return result
      }
      result.outcome = .suspense
      result.suspenseID = try await self.putInSuspense(line, minor: minor, key: key, caller: caller, on: connection)
      result.note = "no account, contract or invoice number found in the purpose"
      return result
    }
  }

  /// A bank line is the same line when its date, reference and payer are: payment order
  /// numbers repeat across payers and years.
  static func bankKey(_ line: BankPaymentLine) -> String {
    "bank:\(line.date):\(line.bankReference):\(line.payerTaxID)"
  }
}
