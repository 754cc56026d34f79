import GRPCCore
import Logging
import Prometheus
import RPC
import Storage
import UtilitiesAPI
import WireCodec

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// Utilities' domain: every concern is an extension in `<Area>/Utilities+<Topic>.swift`.
/// Handlers in UtilitiesHandlers.swift only translate.
final class Utilities: Sendable {
  let database: Database
  let clock: any WallClock
  let logger: Logger
  let settings: UtilitiesSettings
  /// Billing's client: accounts, VAT rates, charges, statements; nil when not configured.
  let billing: ServiceClient?
  /// The fonts breakdowns and statements are set in, loaded at start.
  let documents: DocumentRenderer
  /// Month charges Billing refused since start (`abonent_charges_refused_total`).
  let refusedCounter: Counter

  /// Every list: 100 by default, at most 1,000, always LIMITed.
  static let pages = PageRules(defaultSize: 100, maximumSize: 1000)

  init(
    database: Database, clock: any WallClock, logger: Logger, settings: UtilitiesSettings, billing: ServiceClient?,
    documents: DocumentRenderer, metrics: PrometheusCollectorRegistry = PrometheusCollectorRegistry()
  ) {
    self.refusedCounter = RefusedCharges.refusedCounter(in: metrics)
    self.database = database
    self.clock = clock
    self.logger = logger
    self.settings = settings
    self.billing = billing
    self.documents = documents
  }

  var now: UTCTimestamp { self.clock.now() }

  /// The current day at the utility (`utcOffsetMinutes`): the day readings are dated by.
  var today: CalendarDate { self.now.calendarDay(utcOffsetSeconds: self.settings.utcOffsetMinutes * 60) }

  /// The Billing client, or BILLING_UNAVAILABLE when Utilities has none.
  func requireBilling() throws -> ServiceClient {
    guard let billing = self.billing else { throw UtilitiesError.billingUnavailable }
    return billing
  }

  /// `call` to Billing, its failures as Utilities' refusals: NOT_FOUND passes as nil.
  func askBilling<Reply: Sendable>(_ call: (ServiceClient) async throws -> Reply) async throws -> Reply? {
    let billing = try self.requireBilling()
    do {
      return try await call(billing)
    } catch let error as RPCError where error.code == .notFound {
      return nil
    } catch let error as RPCError where error.code == .permissionDenied || error.code == .unauthenticated {
      throw UtilitiesError.billingRefused
    } catch let error as RPCError where error.code == .invalidArgument || error.code == .failedPrecondition {
      throw UtilitiesError(code: error.code, reason: error.reason ?? "BILLING_REFUSED", message: error.message)
    } catch {
      throw UtilitiesError.billingUnavailable
    }
  }
}
