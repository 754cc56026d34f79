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

/// An invoices row as selected by ``columns`` (aliases `i` and `a`).
struct InvoiceRow: Sendable {
  static let columns = """
    i.id, i.number, a.number, i.amount_minor, i.issued_on, i.kind, i.period_start, i.period_end,
    CASE WHEN i.currency = '' THEN a.currency ELSE i.currency END, i.local_currency, i.rate_units, i.rate_scale, i.rate_date,
    i.local_amount_minor, i.due_on, i.paid_minor, i.paid_on, i.account_id
    """
  typealias Row = (
    Int64, String, String, Int64, CalendarDate, OpenInvoice.Kind, CalendarDate?, CalendarDate?, String, String, Int64?,
    Int16?,
    CalendarDate?,
    Int64?, CalendarDate?, Int64, CalendarDate?, UUID
  )

  let id: Int64
  let accountID: UUID
  var message: Invoice

  init(_ row: Row) {
    let (
      id, number, account, amount, issued, kind, start, end, currency, local, rateUnits, rateScale, rateDate,
      localAmount, due, paid, paidOn, accountID
    ) = row
    self.id = id
    self.accountID = accountID
    self.message = Invoice(
      number: number, accountNumber: account, amount: Money.decimal(amount, currency: currency), date: issued,
      monthly: kind == .monthly,
      periodStart: start, periodEnd: end, currency: currency, localCurrency: local,
      rate: rateUnits.map { ExactDecimal(units: $0, scale: UInt8(clamping: rateScale ?? 0)) } ?? .zero,
      rateDate: rateDate,
      localAmount: localAmount.map { Money.decimal($0, currency: local) } ?? .zero, dueOn: due,
      paid: Money.decimal(paid, currency: currency),
      paidOn: paidOn, lines: [], kind: kind.message)
  }
}
