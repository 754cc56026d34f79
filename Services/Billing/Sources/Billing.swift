import BillingDocuments
import Logging
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

  /// Every list: 100 by default, at most 5,000, always LIMITed.
  static let pages = PageRules(defaultSize: 100, maximumSize: 5000)

  init(database: Database, clock: any WallClock, logger: Logger, settings: BillingSettings, gateway: (any PaymentGateway)? = nil) {
    self.database = database
    self.settings = settings
    self.clock = clock
    self.logger = logger
    self.gateway = gateway
    self.fonts = Result { () throws(BillingDocumentError) in try DocumentFonts.load(regularPath: settings.fontRegular, boldPath: settings.fontBold) }
  }

  var now: UTCTimestamp { self.clock.now() }

  /// The current day in Billing's time zone (`cycleUTCOffsetMinutes`): the day dates of
  /// postings, planned activations and the nightly cycle are counted in.
  var today: CalendarDate {
    let day: Int64 = 86_400_000_000
    let micros = self.now.microsecondsSinceEpoch + Int64(self.settings.cycleUTCOffsetMinutes) * 60_000_000
    return CalendarDate(daysSinceEpoch: Int32((micros - ((micros % day) + day) % day) / day))
  }
}

extension Billing {
  /// Refuses `caller` unless it may act on data of `organizationID` with `permission`:
  /// staff and services with the permission anywhere, customers only in their own
  /// organization. A customer is refused the same way whether the record exists or not.
  func authorize(_ caller: Caller, organization organizationID: UUID?, with permission: String) throws(PlatformError) {
    let target = organizationID?.uuidString.lowercased() ?? ""
    guard caller.has(permission), caller.kind != .customer || (!target.isEmpty && caller.mayAct(on: target, with: permission)) else {
      throw PlatformError.permissionDenied(permission)
    }
  }

  /// The organization a customer caller is confined to; `nil` for staff and services.
  func scope(of caller: Caller) throws(PlatformError) -> UUID? {
    guard caller.kind == .customer else { return nil }
    guard let organization = caller.organizationID.flatMap({ UUID(uuidString: $0) }) else {
      throw PlatformError.permissionDenied("billing.customers.read")
    }
    return organization
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
