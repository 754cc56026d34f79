import Foundation
import Logging
import PostgresNIO
import Runtime
import Storage
import TestSupport
import Testing
import WireCodec

@Suite("Job runner", .enabled(if: TestDatabase.isAvailable, "needs the test PostgreSQL (scripts/test.sh starts it)"))
struct JobRunnerTests {
  static let effects = Migration(
    100, "job effects",
    "CREATE TABLE job_effects (seq bigserial PRIMARY KEY, job_key text NOT NULL, worker text NOT NULL)")
  static let start = UTCTimestamp(microsecondsSinceEpoch: 1_795_000_000_000_000)  // 2026-11-18T...

  static func prepare(_ database: Database) async throws {
    try await Migrator(PlatformMigrations.all + [Self.effects]).migrate(database)
  }

  /// Records its job's key and worker as the job's effect.
  static func recording(_ worker: String, kind: String = "test.effect", maxAttempts: Int = 10) -> JobHandler {
    JobHandler(kind: kind, maxAttempts: maxAttempts) { job, transaction in
      try await transaction.query(
        "INSERT INTO job_effects (job_key, worker) VALUES (\(job.key), \(worker))", logger: Logger(label: "job"))
    }
  }

  func effects(_ database: Database) async throws -> [(String, String)] {
    try await database.withConnection { connection in
      let rows = try await connection.query(
        "SELECT job_key, worker FROM job_effects ORDER BY seq", logger: database.logger)
      return try await rows.decode((String, String).self).collect()
    }
  }

  func job(_ key: String, _ database: Database) async throws -> (
    state: String, attempts: Int, lastError: String?, owner: String?
  ) {
    try await database.withConnection { connection in
      let rows = try await connection.query(
        "SELECT state, attempts, last_error, lease_owner FROM jobs WHERE key = \(key)", logger: database.logger)
      let row = try await rows.decode((String, Int, String?, String?).self).collect()
      return try #require(row.first)
    }
  }

  func runner(
    _ database: Database, _ handlers: [JobHandler], clock: SettableWallClock, worker: String,
    recurring: [RecurringJob] = []
  ) -> JobRunner {
    JobRunner(
      database: database, handlers: handlers, recurring: recurring,
      settings: JobRunnerSettings(
        pollInterval: .milliseconds(20), lease: .seconds(30), concurrency: 4, retryBase: .seconds(10),
        retryMax: .seconds(60)),
      clock: clock, workerID: worker, logger: Logger(label: worker))
  }

  @Test(
    "a job whose worker is killed with kill -9 is run by another after its lease expires, and its effect happens once")
  func killedWorker() async throws {
    let probe = URL(fileURLWithPath: try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
      .deletingLastPathComponent().appendingPathComponent("JobProbe").path
    try #require(FileManager.default.isExecutableFile(atPath: probe), "JobProbe is built with the tests: \(probe)")
    try await TestDatabase.with { settings in
      try await TestDatabase.running(settings) { database in
        try await Self.prepare(database)
        try await JobQueue.enqueue(JobRequest(kind: "probe.effect", key: "k1", runAt: .now), in: database)

        let output = FileManager.default.temporaryDirectory.appendingPathComponent("job-probe-\(UUID().uuidString).out")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: output) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: probe)
        // A 30-second lease: long enough that a loaded machine cannot let it run out before the
        // "too early" check below; the rescuer's clock is set past it instead of waiting.
        process.arguments = ["\(settings.port)", settings.database, "doomed-worker", "30"]
        process.standardOutput = try FileHandle(forWritingTo: output)
        try process.run()
        // The probe has written the effect (uncommitted) and hangs inside the job.
        let deadline = ContinuousClock.now + .seconds(30)
        while (try? String(contentsOf: output, encoding: .utf8))?.contains("working k1") != true {
          try #require(ContinuousClock.now < deadline && process.isRunning, "the probe never started the job")
          try await Task.sleep(for: .milliseconds(20))
        }
        kill(process.processIdentifier, SIGKILL)
        // Poll rather than waitUntilExit(), which would block one of the few threads the
        // concurrency pool has on a two-core machine.
        while process.isRunning { try await Task.sleep(for: .milliseconds(10)) }
        #expect(process.terminationReason == .uncaughtSignal)
        let claimed = try await self.job("k1", database)
        #expect(claimed.state == "running" && claimed.owner == "doomed-worker" && claimed.attempts == 1)

        let handler = Self.recording("rescuer", kind: "probe.effect")
        // Before the lease ends, nobody else may take the job.
        let early = self.runner(database, [handler], clock: SettableWallClock(.now), worker: "too-early")
        #expect(try await early.runDue() == 0)
        // After it, another worker takes it over (retrying briefly while PostgreSQL notices
        // the dead connection and releases its row lock).
        let rescuer = self.runner(
          database, [handler], clock: SettableWallClock(UTCTimestamp.now.adding(.seconds(31))), worker: "rescuer")
        let rescueDeadline = ContinuousClock.now + .seconds(10)
        while try await rescuer.runDue() == 0 && ContinuousClock.now < rescueDeadline {
          try await Task.sleep(for: .milliseconds(50))
        }
        let done = try await self.job("k1", database)
        #expect(done.state == "done" && done.attempts == 2)
        // The dead worker's effect rolled back with its transaction: one effect, the rescuer's.
        #expect(try await self.effects(database).map { "\($0.0)@\($0.1)" } == ["k1@rescuer"])
      }
    }
  }

  @Test("three runners racing over 40 jobs run each exactly once")
  func racingRunners() async throws {
    try await TestDatabase.withDatabase { database in
      try await Self.prepare(database)
      let clock = SettableWallClock(Self.start)
      try await database.transaction { connection in
        for index in 0..<40 {
          try await JobQueue.enqueue(
            JobRequest(kind: "test.effect", key: "job-\(index)", runAt: Self.start), on: connection,
            logger: database.logger)
        }
      }
      // Enqueuing the same work again changes nothing.
      #expect(
        try await JobQueue.enqueue(JobRequest(kind: "test.effect", key: "job-7", runAt: Self.start), in: database)
          == false)
      try await withThrowingTaskGroup(of: Void.self) { group in
        for worker in ["w1", "w2", "w3"] {
          let runner = self.runner(database, [Self.recording(worker)], clock: clock, worker: worker)
          group.addTask { while try await runner.runDue() > 0 {} }
        }
        try await group.waitForAll()
      }
      let effects = try await self.effects(database)
      #expect(effects.count == 40)
      #expect(Set(effects.map(\.0)) == Set((0..<40).map { "job-\($0)" }))
    }
  }

  @Test(
    "a failing job is retried with backoff, its effects rolled back each time, and marked failed after its last attempt"
  )
  func retriesThenFails() async throws {
    struct Broken: Error, CustomStringConvertible { var description: String { "relay refused" } }
    try await TestDatabase.withDatabase { database in
      try await Self.prepare(database)
      let clock = SettableWallClock(Self.start)
      let failing = JobHandler(kind: "test.effect", maxAttempts: 3) { job, transaction in
        try await transaction.query(
          "INSERT INTO job_effects (job_key, worker) VALUES (\(job.key), 'failing')", logger: Logger(label: "job"))
        throw Broken()
      }
      let runner = self.runner(database, [failing], clock: clock, worker: "w")
      try await JobQueue.enqueue(JobRequest(kind: "test.effect", key: "flaky", runAt: Self.start), in: database)

      #expect(try await runner.runDue() == 1)
      var state = try await self.job("flaky", database)
      #expect(state.state == "pending" && state.attempts == 1 && state.lastError == "relay refused")
      // Not due again until the backoff (10 s, plus at most 10% jitter) has passed.
      clock.advance(by: .seconds(9))
      #expect(try await runner.runDue() == 0)
      clock.advance(by: .seconds(3))
      #expect(try await runner.runDue() == 1)
      // The second backoff doubles: 20 s.
      clock.advance(by: .seconds(19))
      #expect(try await runner.runDue() == 0)
      clock.advance(by: .seconds(4))
      #expect(try await runner.runDue() == 1)
      state = try await self.job("flaky", database)
      #expect(state.state == "failed" && state.attempts == 3)
      clock.advance(by: .seconds(3600))
      #expect(try await runner.runDue() == 0)
      #expect(try await self.effects(database).isEmpty)
    }
  }

  @Test("a daily recurring job is enqueued once per day however many replicas schedule it")
  func recurringOncePerSlot() async throws {
    try await TestDatabase.withDatabase { database in
      try await Self.prepare(database)
      // 2026-11-21T10:00:00Z; the job runs daily at 06:00 UTC.
      let clock = SettableWallClock(UTCTimestamp(microsecondsSinceEpoch: 1_795_255_200_000_000))
      let daily = [RecurringJob(kind: "test.effect", schedule: .daily(minuteOfDay: 360))]
      let first = self.runner(database, [Self.recording("r1")], clock: clock, worker: "r1", recurring: daily)
      let second = self.runner(database, [Self.recording("r2")], clock: clock, worker: "r2", recurring: daily)
      async let a = first.runDue()
      async let b = second.runDue()
      #expect(try await a + b == 1)
      #expect(try await first.runDue() + second.runDue() == 0)
      clock.advance(by: .seconds(86_400))
      #expect(try await first.runDue() + second.runDue() == 1)
      #expect(try await self.effects(database).map(\.0) == ["2026-11-21", "2026-11-22"])
    }
  }

  @Test(
    "schedule slots",
    arguments: [
      // every hour: the slot is the hour that has started
      (JobSchedule.every(.seconds(3600)), "2026-11-21T10:30:00Z", "2026-11-21T10:00:00.000000Z"),
      // daily at 06:00 UTC, before 06:00: yesterday's slot
      (.daily(minuteOfDay: 360), "2026-11-21T05:59:00Z", "2026-11-20T06:00:00.000000Z"),
      // daily at local midnight in UTC+3: 21:00 UTC the day before
      (.daily(minuteOfDay: 0, utcOffsetMinutes: 180), "2026-11-21T22:00:00Z", "2026-11-21T21:00:00.000000Z"),
    ])
  func slots(schedule: JobSchedule, now: String, expected: String) throws {
    let instant = try #require(UTCTimestamp(rfc3339: now))
    #expect(schedule.currentSlot(at: instant).start.description == expected)
  }
}
