import BillingAPI
import BillingReferenceData
import BillingRules
import WireCodec

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// An account month-end claimed for a batch, with what invoicing needs of it and its customer.
struct ClaimedAccount: Sendable {
  let id: UUID
  let seq: Int64
  let number: String
  let currency: String
  let customerID: UUID
  /// The customer's country as stored (RU, KZ, other): VAT, local currency and calendar.
  let country: String

  /// As ``PerAccountQueries/invoicingBatch(after:through:periodStart:limit:claim:)`` selects it.
  typealias Row = (UUID, Int64, String, String, UUID, String)

  init(_ row: Row) {
    (self.id, self.seq, self.number, self.currency, self.customerID, self.country) = row
  }
}

/// One line of an account's month as the ledger sums it: `(service code, service name, amount as text)`.
typealias MonthLine = (code: String, name: String, amount: String)

/// A monthly invoice worked out before it is written: the same values whether it is issued
/// alone (``Billing/issueMonthlyInvoice(account:period:on:on:)``) or with its batch.
struct PlannedInvoice: Sendable {
  let account: ClaimedAccount
  let total: Int64
  /// Lines with a non-zero amount, in service-code order: `(code, description, amount)`.
  let lines: [(code: String, description: String, amount: Int64)]
  let vat: VatRate
  let conversion: Conversion?
  let dueOn: CalendarDate

  /// The invoice in the country's own currency, for a contract in another one.
  struct Conversion: Sendable {
    let currency: String
    /// The central bank's rate, rounded half-up to 4 decimals.
    let rate: ExactDecimal
    /// The day of the rate used: the issue day or the latest earlier one.
    let rateDate: CalendarDate
    let amountMinor: Int64
  }

  /// The description of a line: the service's name, else its code, else "other charges".
  static func description(code: String, name: String) -> String {
    name.isEmpty ? (code.isEmpty ? "Прочие начисления" : code) : name
  }
}

/// What deciding one account's invoice came to.
enum InvoicePlanning: Sendable {
  case issue(PlannedInvoice)
  /// Nothing was charged in the period (or it comes to zero or less).
  case nothingToDo
  /// A conversion is needed and no rate is stored for the day or before.
  case noRate
  /// The account cannot be invoiced (a total out of range, no VAT rate for its country): it is
  /// recorded as a failure of the cycle, and the others go on.
  case failed(any Error)
}

/// What a batch of month-end invoicing did; summed over the run.
struct InvoicingTally: Sendable {
  var issued: Int64 = 0
  var withoutRate: Int64 = 0

  static func += (left: inout InvoicingTally, right: InvoicingTally) {
    left.issued += right.issued
    left.withoutRate += right.withoutRate
  }
}
