import Synchronization

/// Live counts of a ``Database``'s pool, for the DB pool gauges on /metrics: calls holding
/// a connection, calls waiting for one, leases that gave up waiting, and leases refused
/// without waiting because the database was known to be unreachable.
public final class PoolStatistics: Sendable {
  let leasedCount = Atomic<Int>(0)
  let waitingCount = Atomic<Int>(0)
  let timedOutCount = Atomic<Int>(0)
  let refusedCount = Atomic<Int>(0)
  /// The pool's size limit (`abonent.db.maxConnections`).
  public let maximum: Int

  init(maximum: Int) {
    self.maximum = maximum
  }

  public var leased: Int { self.leasedCount.load(ordering: .relaxed) }
  public var waiting: Int { self.waitingCount.load(ordering: .relaxed) }
  public var timedOut: Int { self.timedOutCount.load(ordering: .relaxed) }
  public var refused: Int { self.refusedCount.load(ordering: .relaxed) }

  enum Counter { case leased, waiting, timedOut, refused }

  func add(_ counter: Counter, _ delta: Int) {
    switch counter {
    case .leased: self.leasedCount.add(delta, ordering: .relaxed)
    case .waiting: self.waitingCount.add(delta, ordering: .relaxed)
    case .timedOut: self.timedOutCount.add(delta, ordering: .relaxed)
    case .refused: self.refusedCount.add(delta, ordering: .relaxed)
    }
  }
}
