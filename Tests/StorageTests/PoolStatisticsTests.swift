import Logging
import PostgresNIO
import RPC
import Storage
import TestSupport
import Testing

@Suite(
  "Pool statistics", .enabled(if: TestDatabase.isAvailable, "needs the test PostgreSQL (scripts/test.sh starts it)"))
struct PoolStatisticsTests {
  @Test("leased, waiting and timed-out counts follow a pool of one connection")
  func countsFollowThePool() async throws {
    try await TestDatabase.with { base in
      var settings = base
      settings.maxConnections = 1
      settings.acquireTimeout = .seconds(5)
      try await TestDatabase.running(settings) { database in
        let stats = database.statistics
        #expect(stats.maximum == 1)
        // Open the one connection first: on a loaded machine connecting alone can take longer
        // than the 5 s lease bound, so this warm-up tries again for up to a minute.
        let warmUpEnd = ContinuousClock.now + .seconds(60)
        while true {
          do {
            try await database.withConnection { connection in
              _ = try await connection.query("SELECT 1", logger: database.logger)
            }
            break
          } catch let error as PlatformError where ContinuousClock.now < warmUpEnd {
            database.logger.info("pool warm-up failed; trying again", metadata: ["error": "\(error.reason)"])
          }
        }
        let timedOutBefore = stats.timedOut
        try await withThrowingTaskGroup(of: Void.self) { group in
          group.addTask {
            try await database.withConnection { connection in
              _ = try await connection.query("SELECT pg_sleep(7)", logger: database.logger)
            }
          }
          // Wait until the first call holds the only connection.
          let deadline = ContinuousClock.now + .seconds(20)
          while stats.leased == 0 {
            try #require(ContinuousClock.now < deadline, "the first call never got the connection")
            try await Task.sleep(for: .milliseconds(10))
          }
          group.addTask {
            await #expect(throws: PlatformError.self) {
              try await database.withConnection { _ in }
            }
          }
          // The second call waits (for 5 s) while the first holds the connection for 7 s.
          var sawWaiting = false
          while !sawWaiting && ContinuousClock.now < deadline && stats.timedOut == timedOutBefore {
            sawWaiting = stats.leased == 1 && stats.waiting == 1
            try await Task.sleep(for: .milliseconds(2))
          }
          #expect(sawWaiting)
          try await group.waitForAll()
        }
        #expect(stats.timedOut == timedOutBefore + 1)
        #expect(stats.leased == 0 && stats.waiting == 0)
      }
    }
  }
}
