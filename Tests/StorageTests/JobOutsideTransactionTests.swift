import Logging
import PostgresNIO
import Storage
import Synchronization
import TestSupport
import Testing
import WireCodec

/// Handlers that run outside the job's transaction (docs/platform.md, Jobs outside a
/// transaction): each step commits on its own, and the lease still decides who finishes.
@Suite(
  "Jobs outside a transaction",
  .enabled(if: TestDatabase.isAvailable, "needs the test PostgreSQL (scripts/test.sh starts it)"))
struct JobOutsideTransactionTests {
  let helpers = JobRunnerTests()

  /// A gate the handler waits at, as it would wait on a remote call.
  final class Gate: Sendable {
    let open = Atomic<Bool>(false)
    func wait() async throws {
      while !self.open.load(ordering: .acquiring) { try await Task.sleep(for: .milliseconds(10)) }
    }
  }

  @Test(
    "each step commits on its own; a worker whose lease was taken over stops at its next step, and the job is the other worker's"
  )
  func leaseTakenOver() async throws {
    try await TestDatabase.with { settings in
      try await TestDatabase.running(settings) { database in
        try await JobRunnerTests.prepare(database)
        try await JobQueue.enqueue(
          JobRequest(kind: "test.remote", key: "r1", runAt: JobRunnerTests.start), in: database)
        let clock = SettableWallClock(JobRunnerTests.start)
        let gate = Gate()
        let slow = JobHandler(
          kind: "test.remote",
          outsideTransaction: { leased in
            try await leased.transaction { connection in
              try await connection.query(
                "INSERT INTO job_effects (job_key, worker) VALUES (\(leased.job.key), 'w1 before')",
                logger: leased.logger)
            }
            try await gate.wait()  // the "remote call", with no transaction open
            try await leased.transaction { connection in
              try await connection.query(
                "INSERT INTO job_effects (job_key, worker) VALUES (\(leased.job.key), 'w1 after')",
                logger: leased.logger)
            }
          })
        let first = self.helpers.runner(database, [slow], clock: clock, worker: "w1")
        try await withThrowingTaskGroup(of: Void.self) { group in
          group.addTask { _ = try await first.runDue() }
          // The first step is visible to others while the handler waits: it committed alone.
          let deadline = ContinuousClock.now + .seconds(20)
          while try await self.helpers.effects(database).isEmpty {
            try #require(ContinuousClock.now < deadline, "the first step never committed")
            try await Task.sleep(for: .milliseconds(10))
          }
          // The handler waits past its lease; another worker takes the job and finishes it.
          clock.advance(by: .seconds(31))
          let second = self.helpers.runner(
            database, [JobRunnerTests.recording("w2", kind: "test.remote")], clock: clock, worker: "w2")
          #expect(try await second.runDue() == 1)
          gate.open.store(true, ordering: .releasing)
          try await group.waitForAll()
        }
        let effects = try await self.helpers.effects(database).map { "\($0.0) \($0.1)" }
        #expect(effects == ["r1 w1 before", "r1 w2"])
        let job = try await self.helpers.job("r1", database)
        #expect(job.state == "done" && job.attempts == 2 && job.lastError == nil && job.owner == nil)
      }
    }
  }
}
