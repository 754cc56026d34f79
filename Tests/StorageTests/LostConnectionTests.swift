import GRPCCore
import Logging
import PostgresNIO
import RPC
import Storage
import Synchronization
import TestSupport
import Testing

/// A query whose connection closes under it: postgres-nio 1.33.2 never answers a query written
/// to a closed connection, and nothing can cancel the wait. Database must not pass that on to
/// its callers (a handler waiting forever also keeps the server from ever shutting down).
@Suite(
  "Lost connections", .enabled(if: TestDatabase.isAvailable, "needs the test PostgreSQL (scripts/test.sh starts it)"))
struct LostConnectionTests {
  /// What `body` ended with within `limit`, or nil if it was still waiting. The body runs in
  /// a task of its own, so a body that never ends cannot hang the test.
  static func outcome(within limit: Duration, _ body: @Sendable @escaping () async throws -> Void) async -> Result<
    Void, any Error
  >? {
    let box = Mutex<Result<Void, any Error>?>(nil)
    Task {
      do {
        try await body()
        box.withLock { $0 = .success(()) }
      } catch { box.withLock { $0 = .failure(error) } }
    }
    let end = ContinuousClock.now + limit
    while ContinuousClock.now < end {
      if let result = box.withLock({ $0 }) { return result }
      try? await Task.sleep(for: .milliseconds(20))
    }
    return nil
  }

  @Test("postgres-nio itself never answers a query on a connection that has closed (why Database guards every lease)")
  func postgresNIOWaitsForever() async throws {
    try await TestDatabase.with { settings in
      try await TestDatabase.running(settings) { database in
        let ended = await Self.outcome(within: .seconds(3)) {
          try await database.client.withConnection { connection in
            try await connection.close()
            _ = try await connection.query("SELECT 1", logger: database.logger)
          }
        }
        // When this fails, postgres-nio has been fixed: Database.unlessConnectionLost can go.
        #expect(ended == nil, "postgres-nio answered: \(String(describing: ended))")
      }
    }
  }

  @Test("through Database the same query ends with UNAVAILABLE about a second after the connection closed")
  func databaseGivesUp() async throws {
    try await TestDatabase.with { settings in
      try await TestDatabase.running(settings) { database in
        let start = ContinuousClock.now
        let ended = await Self.outcome(within: .seconds(20)) {
          try await database.withConnection { connection in
            try await connection.close()
            _ = try await connection.query("SELECT 1", logger: database.logger)
          }
        }
        let took = start.duration(to: .now)
        guard case .failure(let error as PlatformError) = ended else {
          Issue.record("expected UNAVAILABLE, got \(String(describing: ended))")
          return
        }
        #expect(error.code == .unavailable && error.reason == "DEPENDENCY_UNAVAILABLE")
        // About a second after the close; the bound only proves it does not wait forever.
        #expect(took < .seconds(30), "took \(took)")
        #expect(database.statistics.leased == 0 && database.statistics.waiting == 0)
        // The pool goes on with a new connection.
        let one = try await database.withConnection { connection in
          try await connection.query("SELECT 1", logger: database.logger).decode(Int.self).collect()
        }
        #expect(one == [1])
      }
    }
  }
}
