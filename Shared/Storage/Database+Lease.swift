import PostgresNIO
import RPC
import Synchronization

extension Database {
  /// Leases a connection, waiting at most ``leaseBound(acquireTimeout:deadline:now:)``: while
  /// the database is down the pool keeps queueing leases, and a caller must not wait for it
  /// past its own deadline. While the database is known to be unreachable it does not wait
  /// at all. Either way the caller gets UNAVAILABLE (reason DEPENDENCY_UNAVAILABLE).
  func leasing<Result: Sendable>(_ body: @Sendable @escaping (PostgresConnection) async throws -> Result) async throws
    -> Result
  {
    let statistics = self.statistics
    guard self.availability.isReachable else {
      statistics.add(.refused, 1)
      throw PlatformError.unavailable("The database")
    }
    let bound = Self.leaseBound(acquireTimeout: self.acquireTimeout, deadline: CallScope.current?.deadline, now: .now)
    guard bound > .zero else {
      statistics.add(.timedOut, 1)
      throw PlatformError.unavailable("The database")
    }
    // Settled once, by the lease or by giving up: the loser backs off (a connection that
    // arrives after the call gave up is handed straight back, its body never runs).
    let acquired = LeaseFlag()
    statistics.add(.waiting, 1)
    defer { if acquired.settle() { statistics.add(.waiting, -1) } }
    do {
      return try await withThrowingTaskGroup(of: Result?.self) { group in
        group.addTask {
          try await self.client.withConnection { connection -> Result? in
            guard acquired.settle() else { return nil }
            statistics.add(.waiting, -1)
            self.availability.connectionSucceeded()
            statistics.add(.leased, 1)
            defer { statistics.add(.leased, -1) }
            return try await self.unlessConnectionLost(connection, body)
          }
        }
        group.addTask {
          guard try await self.givesUp(after: bound, unless: acquired), acquired.settle() else { return nil }
          statistics.add(.waiting, -1)
          statistics.add(.timedOut, 1)
          throw PlatformError.unavailable("The database")
        }
        while let next = try await group.next() {
          if let result = next {
            group.cancelAll()
            return result
          }
        }
        throw CancellationError()
      }
    } catch {
      // A cancelled call's lease or query ends with whatever the pool says (queryCancelled, a
      // closed channel): it is a cancellation all the same, not a database failure.
      if Task.isCancelled { throw CancellationError() }
      if StoreError.signalsOutage(error) { self.availability.suspect() }
      throw error
    }
  }

  /// Waits while a lease is pending; true when it should give up: `bound` has passed, or the
  /// database turned out to be unreachable meanwhile. A lease that has waited a little with no
  /// connection leased anywhere asks for a probe, which is what tells a quiet service (whose
  /// pooled connections the outage closed without a word) that the database has gone.
  func givesUp(after bound: Duration, unless acquired: LeaseFlag) async throws -> Bool {
    let start = ContinuousClock.now
    let end = start + bound
    var suspected = false
    while ContinuousClock.now < end {
      try await Task.sleep(until: min(end, .now + Self.leaseCheckInterval), clock: .continuous)
      if acquired.isSet { return false }
      if !self.availability.isReachable { return true }
      if !suspected && start.duration(to: .now) >= Self.suspectAfter && self.statistics.leased == 0 {
        suspected = true
        self.availability.suspect()
      }
    }
    return true
  }

  /// How often a waiting lease looks at the database's availability: an outage ends the
  /// waits of calls already queued within this, not only new ones.
  static let leaseCheckInterval = Duration.milliseconds(50)
  /// How long a lease waits with nothing leased before the server is probed; shorter than any
  /// sensible deadline, longer than a pool needs to open a connection to a healthy server.
  static let suspectAfter = Duration.milliseconds(200)

  /// How long a lease may wait: the acquire timeout, or less when the call's deadline is
  /// nearer. It gives up a tenth of the time left (at most 100 ms) before the deadline, so
  /// that the UNAVAILABLE answer reaches the caller before the caller's own timer fires.
  static func leaseBound(acquireTimeout: Duration, deadline: ContinuousClock.Instant?, now: ContinuousClock.Instant)
    -> Duration
  {
    guard let deadline else { return acquireTimeout }
    let left = now.duration(to: deadline)
    guard left > .zero else { return .zero }
    return min(acquireTimeout, left - min(left / 10, .milliseconds(100)))
  }
}

/// Settled once, by whichever of the lease and the timeout comes first, so the timeout never
/// cuts a running query and a late lease never runs a call that has already been answered.
final class LeaseFlag: Sendable {
  let value = Atomic<Bool>(false)
  /// Sets the flag; true for the one caller that set it first.
  func settle() -> Bool { self.value.compareExchange(expected: false, desired: true, ordering: .relaxed).exchanged }
  var isSet: Bool { self.value.load(ordering: .relaxed) }
}
