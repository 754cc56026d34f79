import WireCodec

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// The mobile network as Telecom uses it: the subscriber register (osmo-hlr, real) for which
/// SIMs exist and whether they may use the network, and the network services (the simulator
/// here) for resets, limits, packages, presence and usage. Operations on SIMs go through
/// ``perform(_:imsi:msisdn:operation:)`` only, outside any database transaction.
struct MobileNetwork: Sendable {
  let registry: any SubscriberRegistry
  let services: any NetworkServices
  /// Tells the services of a SIM entering or leaving the network (the simulator keeps its own
  /// list of subscribers; a real core learns of them from the register).
  let joined: @Sendable (String) -> Void
  let left: @Sendable (String) -> Void

  /// What a network call needs besides the action: the values it sets.
  struct Values: Sendable {
    var limit = SimLimit(dataBytes: nil, spendMinor: nil)
    var package: String?
  }

  /// Provisions a stock SIM: in the register with its access off (it gets access when assigned).
  func provision(imsi: String, msisdn: String) async throws(NetworkError) {
    try await self.registry.provision(imsi: imsi, msisdn: msisdn)
    try await self.registry.setAccess(imsi: imsi, enabled: false)
    self.joined(imsi)
  }

  /// Carries out `action` for the SIM; a repeated `operation` id is applied once by the
  /// services, and the register's calls set absolute values, so a retry is harmless.
  func perform(_ action: NetworkStep, imsi: String, values: Values, operation: UUID) async throws(NetworkError)
    -> NetworkPresence?
  {
    switch action {
    case .none:
      return nil
    case .access(let enabled):
      try await self.registry.setAccess(imsi: imsi, enabled: enabled)
      return nil
    case .reset:
      try await self.services.reset(imsi: imsi, operation: operation)
      return try await self.services.presence(imsi: imsi)
    case .limit:
      try await self.services.setLimit(imsi: imsi, limit: values.limit, operation: operation)
      return nil
    case .package:
      try await self.services.setPackage(imsi: imsi, package: values.package, operation: operation)
      return nil
    case .status:
      // The register says whether the SIM is known; the services where it is.
      _ = try await self.registry.subscriber(imsi: imsi)
      return try await self.services.presence(imsi: imsi)
    case .remove:
      try await self.registry.remove(imsi: imsi)
      self.left(imsi)
      return nil
    }
  }
}

/// ``TelecomRules/NetworkAction`` as stored with an operation (`network_action`).
enum NetworkStep: Sendable, Equatable {
  case none, reset, limit, package, status, remove
  case access(enabled: Bool)

  var column: String {
    switch self {
    case .none: "none"
    case .access(let enabled): enabled ? "access_on" : "access_off"
    case .reset: "reset"
    case .limit: "limit"
    case .package: "package"
    case .status: "status"
    case .remove: "remove"
    }
  }

  init?(column: String) {
    switch column {
    case "none": self = .none
    case "access_on": self = .access(enabled: true)
    case "access_off": self = .access(enabled: false)
    case "reset": self = .reset
    case "limit": self = .limit
    case "package": self = .package
    case "status": self = .status
    case "remove": self = .remove
    default: return nil
    }
  }
}
