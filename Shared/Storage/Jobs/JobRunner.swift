public import Logging
import PostgresNIO
public import ServiceLifecycle
import WireCodec

/// Claims due jobs and runs them; safe with any number of replicas. A claim is an UPDATE
/// over rows picked with `FOR UPDATE SKIP LOCKED`, which sets a lease in the job row; the
/// handler then runs in a transaction that first locks the row (proving the lease is still
/// this worker's, and keeping other claims off it while it runs) and ends by marking the job
/// done. A worker that dies loses its connection, so its transaction and row lock go away,
/// and the job is claimed again once the lease has expired.
public struct JobRunner: Service {
  let database: Database
  let handlers: [String: JobHandler]
  let recurring: [RecurringJob]
  let settings: JobRunnerSettings
  let clock: any WallClock
  /// Names this worker in `jobs.lease_owner`.
  public let workerID: String
  let logger: Logger

  public init(
    database: Database, handlers: [JobHandler], recurring: [RecurringJob] = [], settings: JobRunnerSettings = .init(),
    clock: any WallClock = SystemWallClock(), workerID: String = JobRunner.defaultWorkerID(), logger: Logger
  ) {
    self.database = database
    self.handlers = Dictionary(handlers.map { ($0.kind, $0) }, uniquingKeysWith: { _, last in last })
    self.recurring = recurring
    self.settings = settings
    self.clock = clock
    self.workerID = workerID
    self.logger = logger
  }

  /// Host name, process id and a random suffix: unique among the replicas.
  public static func defaultWorkerID() -> String {
    "\(hostName())/\(processID())/\(UInt32.random(in: 0...UInt32.max))"
  }

  /// Runs jobs until graceful shutdown or cancellation; jobs already started are allowed to
  /// finish. (Checking cancellation matters: a cancelled sleep returns at once, so without it
  /// a cancelled runner would spin.)
  public func run() async throws {
    while !Task.isShuttingDownGracefully && !Task.isCancelled {
      let ran: Int
      do {
        ran = try await self.runDue()
      } catch {
        self.logger.warning("job runner pass failed", metadata: ["error": "\(error)"])
        ran = 0
      }
      if ran == 0 {
        try? await cancelWhenGracefulShutdown { try await Task.sleep(for: self.settings.pollInterval) }
      }
    }
  }

  /// One pass: enqueues the current slot of each recurring job, then claims up to
  /// `concurrency` due jobs and runs them. Returns how many ran (successfully or not).
  @discardableResult
  public func runDue() async throws -> Int {
    try await self.scheduleRecurring()
    let jobs = try await self.claim()
    await withDiscardingTaskGroup { group in
      for job in jobs {
        group.addTask { await self.execute(job) }
      }
    }
    return jobs.count
  }

  func scheduleRecurring() async throws {
    guard !self.recurring.isEmpty else { return }
    let now = self.clock.now()
    try await self.database.transaction { connection in
      for job in self.recurring {
        let slot = job.schedule.currentSlot(at: now)
        try await JobQueue.enqueue(
          JobRequest(kind: job.kind, key: slot.key, runAt: slot.start), on: connection, logger: self.logger)
      }
    }
  }

  func claim() async throws -> [Job] {
    let now = self.clock.now()
    let leaseEnd = now.adding(self.settings.lease)
    let kinds = Array(self.handlers.keys)
    return try await self.database.transaction { connection in
      let rows = try await connection.query(
        """
        UPDATE jobs SET state = 'running', lease_owner = \(self.workerID), lease_expires_at = \(leaseEnd), attempts = attempts + 1
        WHERE id IN (
          SELECT id FROM jobs
          WHERE kind = ANY(\(kinds))
            AND ((state = 'pending' AND run_at <= \(now)) OR (state = 'running' AND lease_expires_at <= \(now)))
          ORDER BY run_at, id
          LIMIT \(self.settings.concurrency)
          FOR UPDATE SKIP LOCKED)
        RETURNING id, kind, key, payload, run_at, attempts
        """, logger: self.logger)
      var jobs: [Job] = []
      for try await (id, kind, key, payload, runAt, attempts) in rows.decode(
        (Int64, String, String, ByteBuffer, UTCTimestamp, Int).self)
      {
        jobs.append(Job(id: id, kind: kind, key: key, payload: Array(buffer: payload), runAt: runAt, attempt: attempts))
      }
      return jobs
    }
  }
}
