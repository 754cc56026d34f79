import Logging
import ServiceLifecycle
import Synchronization

/// One of a server's services (the pool, the admin port, a worker, the gRPC server) that says
/// so when it has not stopped `limit` after graceful shutdown began: the group waits for each
/// in turn, up to the grace period, so one that ignores the shutdown delays the whole stop —
/// a deploy, a restart — and this names it.
struct SlowStopWatch: Service, CustomStringConvertible {
  let inner: any Service
  let limit: Duration
  let logger: Logger

  init(_ inner: any Service, limit: Duration = .seconds(10), logger: Logger) {
    self.inner = inner
    self.limit = limit
    self.logger = logger
  }

  /// The wrapped service's own name, for the group's messages and this one's.
  var description: String { (self.inner as? any CustomStringConvertible)?.description ?? "\(type(of: self.inner))" }

  func run() async throws {
    let watch = Mutex<Task<Void, Never>?>(nil)
    defer { watch.withLock { $0?.cancel() } }
    let (name, limit, logger) = (self.description, self.limit, self.logger)
    try await withGracefulShutdownHandler {
      try await self.inner.run()
    } onGracefulShutdown: {
      let task = Task {
        guard (try? await Task.sleep(for: limit)) != nil else { return }
        // A warning: calls may rightly still be running, and the grace period is for them.
        logger.warning(
          "a service has not stopped since shutdown began; the stop waits for it, up to the grace period",
          metadata: ["service": "\(name)", "after": "\(limit)"])
      }
      watch.withLock { $0 = task }
    }
  }
}
