import GRPCCore
import ISPRules
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

/// ISP's domain: every concern is an extension in `<Area>/ISP+<Topic>.swift`. Handlers in
/// ISPHandlers.swift only translate.
final class ISP: Sendable {
  let database: Database
  let clock: any WallClock
  let logger: Logger
  let settings: ISPSettings
  /// Billing's client: customers, accounts, charges; nil when not configured.
  let billing: ServiceClient?

  /// Every list: 100 by default, at most 1,000, always LIMITed.
  static let pages = PageRules(defaultSize: 100, maximumSize: 1000)

  /// Plan charges Billing refused since start (`abonent_charges_refused_total`).
  let refusedCounter: Counter

  init(
    database: Database, clock: any WallClock, logger: Logger, settings: ISPSettings, billing: ServiceClient?,
    metrics: PrometheusCollectorRegistry = PrometheusCollectorRegistry()
  ) {
    self.refusedCounter = RefusedCharges.refusedCounter(in: metrics)
    self.database = database
    self.clock = clock
    self.logger = logger
    self.settings = settings
    self.billing = billing
  }

  var now: UTCTimestamp { self.clock.now() }

  /// The current day where the ISP works (`utcOffsetMinutes`).
  var today: CalendarDate { self.now.calendarDay(utcOffsetSeconds: self.settings.utcOffsetMinutes * 60) }

  var life: PlanLife {
    PlanLife(
      allowTemporarySuspension: self.settings.allowTemporarySuspension,
      noCancelWithEquipment: self.settings.noCancelWithEquipment)
  }

  /// `call` to Billing, its failures as ISP's refusals: NOT_FOUND passes as nil.
  func askBilling<Reply: Sendable>(_ call: (ServiceClient) async throws -> Reply) async throws -> Reply? {
    guard let billing = self.billing else { throw ISPError.billingUnavailable }
    do {
      return try await call(billing)
    } catch let error as RPCError where error.code == .notFound {
      return nil
    } catch let error as RPCError where error.code == .permissionDenied || error.code == .unauthenticated {
      throw ISPError.billingRefused
    } catch let error as RPCError where error.isRefusalOfContent {
      throw ISPError(code: error.code, reason: error.reason ?? "BILLING_REFUSED", message: error.message)
    } catch {
      throw ISPError.billingUnavailable
    }
  }

  static func uuid(_ text: String, field: String, missing: ISPError) throws -> UUID {
    guard !text.isEmpty else {
      throw ValidationFailure([FieldViolation(field, "REQUIRED", "Give the id.")])
    }
    guard let id = UUID(uuidString: text) else { throw missing }
    return id
  }
}
