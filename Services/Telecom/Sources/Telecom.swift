import Logging
import Prometheus
import RPC
import Storage
import TelecomAPI
import WireCodec

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// Telecom's domain: every concern (SIMs, operations, …) is an extension in
/// `Telecom+<Concern>.swift`. Handlers in TelecomHandlers.swift only translate.
final class Telecom: Sendable {
  let database: Database
  let clock: any WallClock
  let logger: Logger
  let settings: TelecomSettings
  let network: MobileNetwork
  /// Billing's accounts, for AssignSims; nil when Telecom does not reach Billing.
  let accounts: (any AccountDirectory)?
  /// Charges Billing refused since start (`abonent_charges_refused_total`).
  let refusedCounter: Counter
  /// Billing's client, for the DID pool's subscriptions, customers and calendars; nil when
  /// Telecom does not reach Billing.
  let billing: ServiceClient?
  /// The price tables and locks calls are decided from (``RatingBook``).
  let rating = RatingState()
  /// The months of call records this replica has made sure of.
  let callPartitions = CallPartitions()

  /// Every list: 100 by default, at most 1,000, always LIMITed.
  static let pages = PageRules(defaultSize: 100, maximumSize: 1000)
  /// The most SIMs one call may name (assignment, available operations).
  static let maximumSelection = 1000

  init(
    database: Database, clock: any WallClock, logger: Logger, settings: TelecomSettings, network: MobileNetwork,
    accounts: (any AccountDirectory)? = nil, billing: ServiceClient? = nil,
    metrics: PrometheusCollectorRegistry = PrometheusCollectorRegistry()
  ) {
    self.refusedCounter = RefusedCharges.refusedCounter(in: metrics)
    self.database = database
    self.clock = clock
    self.logger = logger
    self.settings = settings
    self.network = network
    self.accounts = accounts
    self.billing = billing
  }

  var now: UTCTimestamp { self.clock.now() }

  /// The organization a customer caller is confined to; `nil` for staff and services.
  func scope(of caller: Caller) throws(PlatformError) -> UUID? {
    try caller.confinedOrganization()
  }

  /// Refuses `caller` a SIM of another organization as if it did not exist (so ICCIDs cannot
  /// be probed), and a SIM without the permission.
  func authorize(_ caller: Caller, sim: SimRow, with permission: Permission) throws {
    try caller.require(permission)
    if let organization = try self.scope(of: caller), sim.organizationID != organization {
      throw TelecomError.simNotFound
    }
  }

}
