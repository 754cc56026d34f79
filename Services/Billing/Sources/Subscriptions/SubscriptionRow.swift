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

/// A subscription with its tariff, account and organization, as selected by ``columns`` ``from``.
struct SubscriptionRow: Sendable {
  static let columns = """
    s.id, a.number, s.status, s.planned_activation, s.activated_at, s.closed_at, s.created_at, s.funds_short_on,
    \(TariffRow.columns), a.id, c.organization_id, s.seq
    """
  static let from =
    "FROM subscriptions s JOIN tariffs t ON t.id = s.tariff_id JOIN accounts a ON a.id = s.account_id JOIN customers c ON c.id = a.customer_id"
  typealias Row = (
    UUID, String, Status, CalendarDate?, UTCTimestamp?, UTCTimestamp?, UTCTimestamp, CalendarDate?,
    UUID, String, String, String, String, Int64, TariffRow.Period, Bool, Bool, UUID, UUID?, Int64
  )

  let id: UUID
  let status: Status
  let accountID: UUID
  let organizationID: UUID?
  /// Creation order, for paging.
  let seq: Int64
  let tariff: TariffRow
  let message: Subscription

  init(_ row: Row) {
    let (
      id, number, status, planned, activated, closed, created, short, tID, tService, tName, tCountry, tCurrency, tPrice,
      tPeriod, tActive, tIncludesVat, accountID, organization, seq
    ) = row
    self.seq = seq
    self.id = id
    self.status = status
    self.accountID = accountID
    self.organizationID = organization
    self.tariff = TariffRow((tID, tService, tName, tCountry, tCurrency, tPrice, tPeriod, tActive, tIncludesVat))
    self.message = Subscription(
      id: id.uuidString.lowercased(), accountNumber: number, serviceCode: tService, tariff: self.tariff.message,
      status: status.message, plannedActivation: planned, activatedAt: activated, closedAt: closed, createdAt: created,
      fundsShortOn: short)
  }
}

extension SubscriptionRow {
  /// `subscriptions.status` as stored.
  enum Status: String, PostgresCodable, Sendable, CaseIterable {
    case new, active, suspended, closed

    var message: SubscriptionStatus {
      switch self {
      case .new: .new
      case .active: .active
      case .suspended: .suspended
      case .closed: .closed
      }
    }

    /// What the contract's status is stored as; `unspecified` has no stored form.
    init?(_ message: SubscriptionStatus) {
      guard let status = Self.allCases.first(where: { $0.message == message }) else { return nil }
      self = status
    }
  }
}
