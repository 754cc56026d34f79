import ServiceLifecycle
import Synchronization

/// Opens once the schema is up to date and the service prepared, so background workers (feed
/// consumers, posters, jobs, mail) never run a round against tables a migration has not made
/// yet: before, their first round failed on a missing relation and some then paused for their
/// longest back-off.
final class SchemaGate: Sendable {
  private struct State {
    var open = false
    var next = 0
    var waiters: [Int: CheckedContinuation<Void, Never>] = [:]
  }

  private let state = Mutex(State())

  func open() {
    let waiters = self.state.withLock { state in
      state.open = true
      defer { state.waiters = [:] }
      return Array(state.waiters.values)
    }
    for waiter in waiters { waiter.resume() }
  }

  var isOpen: Bool { self.state.withLock { $0.open } }

  /// Returns once open (at once if it is), or when the task is cancelled.
  func wait() async {
    let id = self.state.withLock { state in
      state.next += 1
      return state.next
    }
    await withTaskCancellationHandler {
      await withCheckedContinuation { continuation in
        let resumeNow = self.state.withLock { state in
          guard !state.open, !Task.isCancelled else { return true }
          state.waiters[id] = continuation
          return false
        }
        if resumeNow { continuation.resume() }
      }
    } onCancel: {
      self.state.withLock { $0.waiters.removeValue(forKey: id) }?.resume()
    }
  }
}

/// A worker that starts once `gate` opens; a shutdown before that ends it without starting it.
struct GatedService: Service, CustomStringConvertible {
  let gate: SchemaGate
  let inner: any Service

  /// The worker's own name, for the group's messages.
  var description: String { "\(type(of: self.inner))" }

  func run() async throws {
    await cancelWhenGracefulShutdown { await self.gate.wait() }
    guard self.gate.isOpen, !Task.isShuttingDownGracefully, !Task.isCancelled else { return }
    try await self.inner.run()
  }
}
