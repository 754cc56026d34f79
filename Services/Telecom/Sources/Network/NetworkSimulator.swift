import Synchronization
import WireCodec

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// The mobile network's services that no real system here provides (resets, limits, packages,
/// presence, usage records: osmo-hlr is a register only), simulated behind ``NetworkServices``
/// as the project allows for exactly that case (docs/telecom.md, "The simulator").
///
/// Everything it does follows from its seed and the order of the calls made to it, so a test
/// that fails can be replayed. Latency, jitter, a failure rate and an outage switch can be
/// changed while it runs, so tests can make the network slow, flaky or absent.
///
/// Caller input is checked before it is used (``NetworkError/refused(_:)``); the network's own
/// answers come after the latency, in this order: outage, simulated failure, unknown subscriber.
final class NetworkSimulator: NetworkServices {
  /// The most latency or jitter a simulator accepts: more would only hang a test.
  static let maximumDelay: Duration = .seconds(60)
  /// Bounds on what the simulator remembers, so no caller can make it grow without end.
  static let maximumSubscribers = 100_000
  static let maximumOperations = 1_000_000

  /// What a simulated SIM holds beyond its existence.
  struct Subscriber: Sendable {
    var limit: SimLimit?
    var package: String?
    /// The changes applied to it, in order; a repeated operation id is not here twice.
    var applied: [AppliedOperation] = []
    /// When it was last reset: it is attached since then.
    var resetAt: UTCTimestamp?
  }

  struct Settings: Sendable {
    var latency: Duration = .zero
    var jitterNanoseconds: Int64 = 0
    /// The failure rate in millionths (0...1_000_000): integers keep the decision exact.
    var failuresPerMillion: UInt64 = 0
    var outage = false
  }

  struct State: Sendable {
    var settings = Settings()
    var subscribers: [String: Subscriber] = [:]
    /// Every applied operation by its id, to recognise a repeat whichever SIM it names.
    var operations: [UUID: AppliedOperation] = [:]
    /// All usage records in generation order: record n has the cursor "n".
    var records: [UsageRecord] = []
    var failures: SimulatorRandom
    var jitter: SimulatorRandom
    var usage: SimulatorRandom
  }

  let seed: UInt64
  /// Names this simulator among others: its usage lives in its memory only, so each process
  /// (and each restart) is a network of its own, with record ids and a usage feed of its own.
  let instance: String
  let tariff: SimulatorTariff
  /// The clock for presence and reset times, injected so tests control time.
  let now: @Sendable () -> UTCTimestamp
  let state: Mutex<State>

  init(
    seed: UInt64, instance: String = NetworkSimulator.newInstance(), tariff: SimulatorTariff = .standard,
    now: @escaping @Sendable () -> UTCTimestamp = { .now }
  ) {
    self.seed = seed
    self.instance = instance
    self.tariff = tariff
    self.now = now
    self.state = Mutex(
      State(
        failures: SimulatorRandom(seed: seed, stream: 1),
        jitter: SimulatorRandom(seed: seed, stream: 2),
        usage: SimulatorRandom(seed: seed, stream: 3)))
  }

  /// A fresh instance name: eight random hex digits.
  static func newInstance() -> String {
    let value = UInt32.random(in: 0...UInt32.max)
    let hex = String(value, radix: 16)
    return String(repeating: "0", count: 8 - hex.count) + hex
  }

  /// The usage feed Telecom keeps a cursor for: this instance's.
  var usageFeed: String { "simulator-\(self.instance)" }

  /// The id of the `number`th record this simulator made (1 is the first).
  func recordID(_ number: Int) -> String { "sim-\(self.seed)-\(self.instance)-\(number)" }

  /// Every network call waits `fixed` plus, when `jitter` is above zero, a seeded share of it.
  func setLatency(_ fixed: Duration, jitter: Duration = .zero) throws(NetworkError) {
    guard fixed >= .zero, fixed <= Self.maximumDelay, jitter >= .zero, jitter <= Self.maximumDelay else {
      throw .refused("latency and jitter are 0 to 60 seconds")
    }
    let (seconds, attoseconds) = jitter.components
    let nanoseconds = seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    self.state.withLock {
      $0.settings.latency = fixed
      $0.settings.jitterNanoseconds = nanoseconds
    }
  }

  /// That many network calls in a million (0...1,000,000) fail with "simulated failure": an
  /// integer share, so the seeded decision is exact and no floating point is involved.
  func setFailures(perMillion: Int) throws(NetworkError) {
    guard (0...1_000_000).contains(perMillion) else { throw .refused("failures per million are 0 to 1,000,000") }
    self.state.withLock { $0.settings.failuresPerMillion = UInt64(perMillion) }
  }

  /// While on, every network call fails with "simulated outage" (after the latency at most).
  func setOutage(_ on: Bool) {
    self.state.withLock { $0.settings.outage = on }
  }

  /// Makes the SIM known to the network; adding a known one changes nothing.
  func add(imsi: String) throws(NetworkError) {
    try SubscriberIdentity.checkIMSI(imsi)
    try self.state.withLock { state throws(NetworkError) in
      guard state.subscribers[imsi] == nil else { return }
      guard state.subscribers.count < Self.maximumSubscribers else {
        throw .refused("the simulator holds at most \(Self.maximumSubscribers) subscribers")
      }
      state.subscribers[imsi] = Subscriber()
    }
  }

  /// Forgets the SIM and what was applied to it; its usage records stay, as records are
  /// immutable. Removing an unknown one changes nothing.
  func remove(imsi: String) {
    _ = self.state.withLock { $0.subscribers.removeValue(forKey: imsi) }
  }

  /// The network's part of every call: the latency, then an outage or a seeded failure. The
  /// draws are taken when the call starts, so sequential calls see one sequence per seed.
  func transit() async throws(NetworkError) {
    let (delay, failure) = self.state.withLock { state -> (Duration, NetworkError?) in
      var delay = state.settings.latency
      if state.settings.jitterNanoseconds > 0 {
        delay += .nanoseconds(state.jitter.within(0...state.settings.jitterNanoseconds))
      }
      if state.settings.outage { return (delay, .unavailable("simulated outage")) }
      let failed = state.failures.below(1_000_000) < state.settings.failuresPerMillion
      return (delay, failed ? .unavailable("simulated failure") : nil)
    }
    if delay > .zero {
      do { try await Task.sleep(for: delay) } catch { throw .unavailable("the call was cancelled") }
    }
    // An outage that began while the call waited ends it too.
    if self.state.withLock({ $0.settings.outage }) { throw .unavailable("simulated outage") }
    if let failure { throw failure }
  }

  /// Runs `body` on the SIM's state, or throws ``NetworkError/unknownSubscriber``.
  func withSubscriber<Result: Sendable>(
    _ imsi: String, _ body: (inout Subscriber, inout State) throws(NetworkError) -> Result
  ) throws(NetworkError) -> Result {
    try self.state.withLock { state throws(NetworkError) in
      guard var subscriber = state.subscribers[imsi] else { throw .unknownSubscriber }
      let result = try body(&subscriber, &state)
      state.subscribers[imsi] = subscriber
      return result
    }
  }
}
