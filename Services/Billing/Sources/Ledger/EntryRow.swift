import BillingAPI
import GRPCCore
import Logging
import PostgresNIO
import RPC
import Storage
import WireCodec

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// A ledger_entries row with its account number, as selected by ``columns`` (table alias `e`).
struct EntryRow: Sendable {
  static let columns = """
    e.id, e.kind, e.amount_minor, e.balance_after_minor, e.currency, e.value_date, e.service_code, e.subscription_id, e.source,
    e.payer, e.bank_reference, e.purpose, e.reverses_entry_id, e.idempotency_key, e.fingerprint, e.posted_at, e.account_id,
    (SELECT number FROM accounts WHERE id = e.account_id)
    """
  /// ``columns`` with the account number left empty, for a caller that knows it already: the
  /// subquery costs an index lookup per row, a thousand per PostCharges batch.
  static let columnsWithoutNumber = """
    e.id, e.kind, e.amount_minor, e.balance_after_minor, e.currency, e.value_date, e.service_code, e.subscription_id, e.source,
    e.payer, e.bank_reference, e.purpose, e.reverses_entry_id, e.idempotency_key, e.fingerprint, e.posted_at, e.account_id,
    ''::text
    """
  typealias Row = (
    Int64, String, Int64, Int64, String, CalendarDate, String, String, String, String, String, String, Int64?, String,
    String, UTCTimestamp, UUID, String
  )

  let message: LedgerEntry
  let accountID: UUID
  let fingerprint: String
  let balanceAfterMinor: Int64

  /// The row of an entry of `accountNumber`, selected by ``columnsWithoutNumber``.
  init(_ row: Row, accountNumber: String) {
    var row = row
    row.17 = accountNumber
    self.init(row)
  }

  init(_ row: Row) {
    let (
      id, kind, amount, balanceAfter, currency, date, service, subscription, source, payer, reference, purpose,
      reverses, key, fingerprint, posted, accountID, accountNumber
    ) = row
    self.accountID = accountID
    self.fingerprint = fingerprint
    self.balanceAfterMinor = balanceAfter
    self.message = LedgerEntry(
      id: id, accountNumber: accountNumber, kind: EntryKind(column: kind),
      amount: Money.decimal(amount, currency: currency),
      currency: currency, date: date, serviceCode: service, subscriptionID: subscription, source: source, payer: payer,
      bankReference: reference, purpose: purpose, reversesEntryID: reverses ?? 0, idempotencyKey: key, postedAt: posted)
  }
}
