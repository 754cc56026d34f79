public import Storage
import Synchronization

/// Whether this replica should receive traffic: its database answers, its migrations are
/// applied, and it is not shutting down. Load balancers and Kubernetes poll /health/ready.
public final class Readiness: Sendable {
  let database: Database?
  let migrator: Migrator?
  let shuttingDown = Atomic<Bool>(false)

  public init(database: Database?, migrator: Migrator?) {
    self.database = database
    self.migrator = migrator
  }

  /// Called first thing on SIGTERM, so balancers stop routing here while calls drain.
  public func beginShutdown() {
    self.shuttingDown.store(true, ordering: .relaxed)
  }

  /// The reasons this replica is not ready; empty when it is.
  public func problems() async -> [String] {
    var problems: [String] = []
    if self.shuttingDown.load(ordering: .relaxed) { problems.append("shutting down") }
    if let database = self.database {
      // Known to be down: say so at once instead of waiting for a query that cannot succeed.
      if !database.isAcceptingLeases {
        problems.append("database unreachable")
      } else if await !database.isReachable() {
        problems.append("database unreachable")
      } else if let migrator = self.migrator, await !migrator.isUpToDate(database) {
        problems.append("migrations not applied")
      }
    }
    return problems
  }
}
