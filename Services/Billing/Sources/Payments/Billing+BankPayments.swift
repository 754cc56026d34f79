import BillingAPI
import BillingRules
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
  func receive(_ line: BankPaymentLine, caller: Caller, fieldPrefix: String = "line.") async throws -> BankLineResult {
    @Sendable func field(_ name: String) -> String { fieldPrefix + name }
    var line = line
    line.currency = line.currency.isEmpty ? "RUB" : line.currency.uppercased()
    var checks = FieldChecks()
    checks.text(line.bankReference, field: field("bankReference"), name: "The bank reference", maximum: 64)
    checks.valueDate(line.date, today: self.today, settings: self.settings, field: field("date"))
    let currency = checks.currency(line.currency, field: field("currency"))
    let minor = checks.amount(
      line.amount, currency: currency, limits: self.settings.amountLimits, field: field("amount"))
    try checks.check()
    let key = Self.bankKey(line)
    let received = line
    return try await self.database.transaction { connection in
      let line = received
      var result = BankLineResult(bankReference: line.bankReference, amount: line.amount)
      if let earlier = try await self.entry(idempotencyKey: key, scope: Self.systemScope, on: connection) {
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
      let decision = try await PurposeMatcher(logger: self.logger).match(
        line.purpose, currency: line.currency, on: connection)
      result.note = decision.note
      guard case .credit(let hit) = decision else {
        result.outcome = .suspense
        result.suspenseID = try await self.putInSuspense(
          line, minor: minor, key: key, note: decision.note, caller: caller, on: connection)
        return result
      }
      var (amount, purpose) = (line.amount, line.purpose)
      if let invoice = hit.paidInLocalCurrency {
        // Credited in the contract currency: the invoice's own amount when the converted amount
        // was paid to the kopeck, else the payment at the invoice's rate, half-up.
        let credited = try Money.creditedForLocalPayment(
          minor, of: invoice, localCurrency: line.currency, contractCurrency: hit.currency)
        amount = Money.decimal(credited, currency: hit.currency)
        purpose +=
          " [\(line.amount) \(line.currency) at \(ExactDecimal(units: invoice.rateUnits, scale: UInt8(clamping: invoice.rateScale))) = \(amount) \(hit.currency), \(hit.reference)]"
        result.note += ", paid in \(line.currency) as converted on the invoice"
      }
      let posted = try await self.post(
        NewEntry(
          idempotencyKey: key, account: .number(hit.accountNumber), kind: .payment, amount: amount, date: line.date,
          payer: line.payer,
          bankReference: line.bankReference, purpose: purpose, source: "bank", actor: caller.userID,
          amountField: field("amount")),
        permission: BillingPermission.paymentsPost, caller: caller, on: connection)
      result.outcome = .credited
      result.accountNumber = posted.entry.accountNumber
      result.entryID = posted.entry.id
      return result
    }
  }

  /// A bank line is the same line when its date, reference and payer are: payment order
  /// numbers repeat across payers and years.
  static func bankKey(_ line: BankPaymentLine) -> String {
    "bank:\(line.date):\(line.bankReference):\(line.payerTaxID)"
  }
}
