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

/// An accounts row with its customer's organization, as selected by ``columns``.
struct AccountRow: Sendable {
  static let columns = """
    a.id, a.number, a.customer_id, a.currency, a.payment_mode, a.credit_limit_minor, a.critical_balance_minor, a.status,
    a.blocked_reason, a.blocked_since, a.balance_minor, a.created_at, c.organization_id, a.seq, a.blocked_by, a.postpaid_since,
    a.credit_closed_on
    """
  typealias Row = (
    UUID, String, UUID, String, Mode, Int64, Int64, Status, String, UTCTimestamp?, Int64, UTCTimestamp, UUID?, Int64,
    Blocker,
    CalendarDate?, CalendarDate?
  )

  let id: UUID
  let number: String
  let customerID: UUID
  let currency: String
  let paymentMode: PaymentMode
  let creditLimitMinor: Int64
  let criticalBalanceMinor: Int64
  let status: Status
  /// Who blocked it: staff, collections, postpaid (its credit closed), or nobody.
  let blockedBy: Blocker
  /// The day it last became postpaid.
  let postpaidSince: CalendarDate?
  /// Set while its credit is closed for a debt at a month end.
  let creditClosedOn: CalendarDate?
  let balanceMinor: Int64
  let organizationID: UUID?
  let seq: Int64
  let message: Account

  /// Whether the credit limit counts: postpaid, and not closed for a debt.
  var hasOpenCredit: Bool { self.paymentMode == .postpaid && self.creditClosedOn == nil }

  /// What the account may still spend: its balance plus its credit limit while that is open.
  var spendableMinor: Int64 { self.balanceMinor + (self.hasOpenCredit ? self.creditLimitMinor : 0) }

  init(_ row: Row) {
    let (
      id, number, customerID, currency, mode, creditLimit, critical, status, reason, since, balance, created,
      organization, seq, blockedBy,
      postpaidSince, creditClosedOn
    ) = row
    self.seq = seq
    (self.blockedBy, self.postpaidSince, self.creditClosedOn) = (blockedBy, postpaidSince, creditClosedOn)
    (self.paymentMode, self.creditLimitMinor, self.criticalBalanceMinor) = (mode.message, creditLimit, critical)
    (self.id, self.number, self.customerID, self.currency, self.status, self.balanceMinor, self.organizationID) =
      (id, number, customerID, currency, status, balance, organization)
    self.message = Account(
      id: id.uuidString.lowercased(), number: number, customerID: customerID.uuidString.lowercased(),
      currency: currency,
      paymentMode: self.paymentMode, creditLimit: Money.decimal(creditLimit, currency: currency),
      criticalBalance: Money.decimal(critical, currency: currency), status: status.message, blockedReason: reason,
      blockedSince: since, balance: Money.decimal(balance, currency: currency), createdAt: created,
      postpaidSince: postpaidSince,
      creditClosedOn: creditClosedOn)
  }
}
