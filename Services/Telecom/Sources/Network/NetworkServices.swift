import WireCodec

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// What Telecom asks of the mobile network beyond its subscriber register: connectivity
/// resets, the TC limits and TD packages the network enforces, where a SIM is, and the usage
/// records it produced. No real system here does these (osmo-hlr is a register only), so the
/// shipped implementation is ``NetworkSimulator`` (docs/telecom.md, "The simulator"); an
/// operator's deployment puts its core's API behind this protocol.
///
/// Every changing call carries the operation id Telecom recorded before calling, so a call
/// retried after a crash is recognisable as the same one: the network applies it once.
protocol NetworkServices: Sendable {
  /// Detaches the SIM so that it attaches afresh (the seed's "reboot").
  func reset(imsi: String, operation: UUID) async throws(NetworkError)
  /// Sets the TC limit: the data (bytes) and spend (minor units of the SIM's tariff currency)
  /// caps a month may use; nil removes a cap.
  func setLimit(imsi: String, limit: SimLimit, operation: UUID) async throws(NetworkError)
  /// Sets the TD traffic package by its code; nil removes it.
  func setPackage(imsi: String, package: String?, operation: UUID) async throws(NetworkError)
  /// Where the SIM is now.
  func presence(imsi: String) async throws(NetworkError) -> NetworkPresence
  /// Usage records produced after `cursor` (nil: from the first), at most `limit`, oldest
  /// first, with the cursor to ask from next. Records are immutable and each has an id unique
  /// in the network, so a record read twice is recognised.
  func usage(after cursor: String?, limit: Int) async throws(NetworkError) -> UsageBatch
  /// The name of the usage feed `usage(after:limit:)` reads, under which Telecom keeps its
  /// cursor: a network whose feed restarts (the simulator) gives a new name each time.
  var usageFeed: String { get }
}

/// A TC SIM's caps for a period.
struct SimLimit: Sendable, Equatable {
  var dataBytes: Int64?
  var spendMinor: Int64?
}

/// Where a SIM is, as the network last saw it.
struct NetworkPresence: Sendable, Equatable {
  enum Connection: String, Sendable {
    /// In a data session now.
    case online
    /// Registered with a network, no session.
    case attached
    /// Not registered anywhere.
    case offline
  }
  var connection: Connection
  var lastSeen: UTCTimestamp?
  /// The visited network's name, e.g. "Russia MEGAFON"; empty when offline and never seen.
  var `operator`: String
  /// ISO 3166 alpha-2, e.g. "RU"; empty when unknown.
  var country: String
}

/// One usage record: a data session, a call or an SMS.
struct UsageRecord: Sendable, Equatable {
  enum Kind: String, Sendable { case data, call, sms }
  /// Unique in the network: Telecom's idempotency key for the record and its charge.
  var id: String
  var imsi: String
  var kind: Kind
  var start: UTCTimestamp
  var end: UTCTimestamp
  /// Bytes for data, seconds for calls, 1 per SMS.
  var quantity: Int64
  /// The cost in minor units of `currency` (exact; never a floating-point number).
  var costMinor: Int64
  var currency: String
  /// The other party for calls and SMS; empty for data.
  var peer: String
  var `operator`: String
  var country: String
}

struct UsageBatch: Sendable, Equatable {
  var records: [UsageRecord]
  /// Where the next call continues; equal to the cursor asked with when nothing is new.
  var cursor: String?
}
