import BillingDocuments
import Logging
import Prometheus
import RPC
import Storage
import WireCodec

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// Billing's domain: every concern (customers, accounts, ledger, …) is an extension in
/// `Billing+<Concern>.swift`. Handlers in BillingHandlers.swift only translate.
final class Billing: Sendable {
  let database: Database
  let clock: any WallClock
  let logger: Logger
  /// Charges cards for autopayment; `nil` when none is configured (autopayment unavailable).
  let gateway: (any PaymentGateway)?
  let settings: BillingSettings
  /// The PDF fonts, read once at start; a failure is kept and reported by document calls.
  let fonts: Result<DocumentFonts, BillingDocumentError>
  /// Where Billing's own metrics go (the /metrics registry).
  let metrics: PrometheusCollectorRegistry

  /// Every list: 100 by default, at most 5,000, always LIMITed.
  static let pages = PageRules(defaultSize: 100, maximumSize: 5000)

  init(
    database: Database, clock: any WallClock, logger: Logger, settings: BillingSettings,
    gateway: (any PaymentGateway)? = nil,
    metrics: PrometheusCollectorRegistry = PrometheusCollectorRegistry()
  ) {
    self.database = database
    self.metrics = metrics
    self.settings = settings
    self.clock = clock
    self.logger = logger
    self.gateway = gateway
    self.fonts = Result { () throws(BillingDocumentError) in
      try DocumentFonts.load(regularPath: settings.fontRegular, boldPath: settings.fontBold)
    }
  }

  var now: UTCTimestamp { self.clock.now() }

  /// The current day in Billing's time zone (`cycleUTCOffsetMinutes`): the day dates of
  /// postings, planned activations and the nightly cycle are counted in.
  var today: CalendarDate {
    self.now.calendarDay(utcOffsetSeconds: self.settings.cycleUTCOffsetMinutes * 60)
  }
}

extension Billing {
  /// Refuses `caller` unless it may act on data of `organizationID` with `permission`: staff
  /// and services with the permission anywhere, customers only in their own organization.
  /// Lacking the permission is PERMISSION_DENIED naming it. A customer reaching into another
  /// organization gets `notFound` when the data was named by reference (so ids cannot be
  /// probed, and Get and List agree), else OUTSIDE_ORGANIZATION; never a claim that they lack
  /// a permission they have.
  func authorize(
    _ caller: Caller, organization organizationID: UUID?, with permission: Permission, notFound: BillingError? = nil
  ) throws {
    try caller.require(permission)
    let target = organizationID?.uuidString.lowercased() ?? ""
    guard caller.kind != .customer || (!target.isEmpty && caller.organizationID == target) else {
      throw notFound.map { $0 as any Error } ?? PlatformError.outsideOrganization
    }
  }

  /// The organization a customer caller is confined to; `nil` for staff and services.
  func scope(of caller: Caller) throws(PlatformError) -> UUID? {
    try caller.confinedOrganization()
  }

  /// The scope of keys Billing derives itself.
  static let systemScope = "system"

  /// Whose idempotency keys a caller's are: a customer's organization, a service account, or
  /// the operator's staff (one caller, as a payment API scopes keys per account). Two callers
  /// using the same key never see or block each other.
  func idempotencyScope(of caller: Caller) -> String {
    switch caller.kind {
    case .customer: "org:\(caller.organizationID ?? caller.userID)"
    case .service: "service:\(caller.userID)"
    case .staff: "staff"
    }
  }

  /// Who a posting is recorded as coming from: the bank for payments, `staff`, or the
  /// calling service's account.
  func source(of caller: Caller) -> String {
    switch caller.kind {
    case .service: "service:\(caller.userID)"
    case .staff: "staff"
    case .customer: "customer"
    }
  }
}

/// A UUID from a request; NOT_FOUND (as `notFound`) for anything that is not one, like an unknown id.
func parseID(_ text: String, notFound: BillingError) throws(BillingError) -> UUID {
  guard let id = UUID(uuidString: text) else { throw notFound }
  return id
}
