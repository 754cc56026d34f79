import WireCodec

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// A change the simulated network applied to a SIM, once per operation id.
struct AppliedOperation: Sendable, Equatable {
  enum Change: Sendable, Equatable {
    case reset
    case limit(SimLimit)
    case package(String?)
  }
  var operation: UUID
  var imsi: String
  var change: Change
  /// The simulator's clock when it was applied.
  var at: UTCTimestamp
}

extension NetworkSimulator {
  /// The longest package code accepted.
  static let maximumPackageLength = 64

  func reset(imsi: String, operation: UUID) async throws(NetworkError) {
    try SubscriberIdentity.checkIMSI(imsi)
    try await self.transit()
    try self.apply(.reset, imsi: imsi, operation: operation)
  }

  func setLimit(imsi: String, limit: SimLimit, operation: UUID) async throws(NetworkError) {
    try SubscriberIdentity.checkIMSI(imsi)
    guard (limit.dataBytes ?? 0) >= 0, (limit.spendMinor ?? 0) >= 0 else {
      throw .refused("a limit is not negative")
    }
    try await self.transit()
    try self.apply(.limit(limit), imsi: imsi, operation: operation)
  }

  func setPackage(imsi: String, package: String?, operation: UUID) async throws(NetworkError) {
    try SubscriberIdentity.checkIMSI(imsi)
    if let package { try Self.checkPackage(package) }
    try await self.transit()
    try self.apply(.package(package), imsi: imsi, operation: operation)
  }

  /// The SIM's TC limit as last set; nil if none was.
  func limit(imsi: String) throws(NetworkError) -> SimLimit? {
    try self.withSubscriber(imsi) { subscriber, _ throws(NetworkError) in subscriber.limit }
  }

  /// The SIM's TD package code as last set; nil if none was, or it was removed.
  func package(imsi: String) throws(NetworkError) -> String? {
    try self.withSubscriber(imsi) { subscriber, _ throws(NetworkError) in subscriber.package }
  }

  /// What was applied to the SIM, in order: an operation id repeated is here once.
  func applied(imsi: String) throws(NetworkError) -> [AppliedOperation] {
    try self.withSubscriber(imsi) { subscriber, _ throws(NetworkError) in subscriber.applied }
  }

  /// A package code: 1 to 64 letters, digits, `-`, `_` or `.` (codes go into operators' systems,
  /// so nothing else is let through).
  static func checkPackage(_ package: String) throws(NetworkError) {
    let allowed = { (byte: UInt8) in
      switch byte {
      case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
        UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."):
        true
      default: false
      }
    }
    guard (1...Self.maximumPackageLength).contains(package.utf8.count), package.utf8.allSatisfy(allowed) else {
      throw .refused("a package code is 1 to 64 letters, digits, '-', '_' or '.'")
    }
  }

  /// Applies `change` unless `operation` was applied before: then the call is a retry and
  /// succeeds without applying again. An id reused for another change is refused, since
  /// applying or ignoring it would both be wrong.
  private func apply(_ change: AppliedOperation.Change, imsi: String, operation: UUID) throws(NetworkError) {
    let at = self.now()
    try self.withSubscriber(imsi) { subscriber, state throws(NetworkError) in
      if let earlier = state.operations[operation] {
        guard earlier.imsi == imsi, earlier.change == change else {
          throw .refused("operation \(operation) was used for another change")
        }
        return
      }
      guard state.operations.count < Self.maximumOperations else {
        throw .refused("the simulator remembers at most \(Self.maximumOperations) operations")
      }
      let applied = AppliedOperation(operation: operation, imsi: imsi, change: change, at: at)
      switch change {
      case .reset: subscriber.resetAt = at
      case .limit(let limit): subscriber.limit = limit
      case .package(let package): subscriber.package = package
      }
      subscriber.applied.append(applied)
      state.operations[operation] = applied
    }
  }
}
