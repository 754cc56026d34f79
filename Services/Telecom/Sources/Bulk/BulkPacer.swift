import Synchronization

/// Spaces the network calls of bulk operations at `operationsPerSecond`
/// (`abonent.telecom.bulkOperationsPerSecond`): each call takes the next free slot, one
/// interval after the previous one, and waits for it. One pacer serves every bulk operation a
/// replica runs, so two at once share the rate rather than doubling it. A slot left unused is
/// not saved up: after a pause the next call goes at once, never a burst.
final class BulkPacer: Sendable {
  let interval: Duration
  private let nextSlot: Mutex<ContinuousClock.Instant>

  init(operationsPerSecond: Int) {
    self.interval = .seconds(1) / max(1, operationsPerSecond)
    self.nextSlot = Mutex(.now)
  }

  /// Waits for this call's slot.
  func wait() async throws {
    let slot = self.nextSlot.withLock { next in
      let slot = max(next, ContinuousClock.now)
      next = slot + self.interval
      return slot
    }
    if slot > .now { try await Task.sleep(until: slot, clock: .continuous) }
  }
}
