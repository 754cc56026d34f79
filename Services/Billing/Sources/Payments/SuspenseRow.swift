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

/// A suspense_payments row with the account its assignment credited.
struct SuspenseRow {
  static let columns = """
    s.id, s.idempotency_key, s.bank_reference, s.value_date, s.amount_minor, s.currency, s.payer, s.payer_tax_id, s.purpose, s.entry_id, a.number
    """
  typealias Row = (Int64, String, String, CalendarDate, Int64, String, String, String, String, Int64?, String?)

  let row: Row
  var key: String { self.row.1 }

  init(_ row: Row) { self.row = row }

  func item(history: [SuspenseEvent]) -> SuspenseItem {
    let (id, _, reference, date, amount, currency, payer, payerTaxID, purpose, entry, number) = self.row
    return SuspenseItem(
      id: id,
      line: BankPaymentLine(
        bankReference: reference, date: date, amount: Money.decimal(amount, currency: currency), currency: currency,
        payer: payer,
        payerTaxID: payerTaxID, purpose: purpose),
      assigned: entry != nil, accountNumber: number ?? "", entryID: entry ?? 0, history: history)
  }
}
