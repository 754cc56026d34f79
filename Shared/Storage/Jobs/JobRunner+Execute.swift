import Logging
import PostgresNIO
import WireCodec

#if canImport(Glibc)
  import Glibc
#endif

extension JobRunner {
  /// Runs one claimed job and records the outcome; never throws, so one job's failure does
  /// not stop the others.
  func execute(_ job: Job) async {
    guard let handler = self.handlers[job.kind] else { return }
    let logger = {
      var logger = self.logger
      logger[metadataKey: "job"] = "\(job.kind)/\(job.key)"
      return logger
    }()
    do {
      let completed: Bool
      switch handler.body {
      case .inTransaction(let run):
        completed = try await self.runInTransaction(job, run, logger: logger)
      case .outsideTransaction(let run):
        completed = try await self.runOutsideTransaction(job, run, logger: logger)
      }
      if !completed {
        logger.warning("job lease lost; another worker has it")
      }
    } catch is JobLeaseLost {
      // Not a failure of the job: another worker runs it now, and its outcome is that one's.
      logger.warning("job lease lost while it ran; another worker has it")
    } catch {
      await self.recordFailure(job, handler: handler, error: error, logger: logger)
    }
  }

  /// The handler's effects and the job's completion commit in one transaction, which first
  /// locks the job row (proving the lease is still this worker's).
  func runInTransaction(
    _ job: Job, _ run: @escaping @Sendable (Job, PostgresConnection) async throws -> Void, logger: Logger
  ) async throws -> Bool {
    try await self.database.transaction { connection in
      let owned = try await connection.query(
        """
        SELECT id FROM jobs WHERE id = \(job.id) AND state = 'running' AND lease_owner = \(self.workerID) FOR UPDATE
        """, logger: logger)
      guard try await owned.decode(Int64.self).first(where: { _ in true }) != nil else { return false }
      try await run(job, connection)
      try await self.markDone(job, on: connection, logger: logger)
      return true
    }
  }

  /// The handler opens its own transactions (``LeasedJob/transaction(_:)``); the job is marked
  /// done afterwards if the lease is still this worker's. A crash before that leaves the job
  /// running until its lease expires, and the handler runs again from the top.
  func runOutsideTransaction(_ job: Job, _ run: @escaping @Sendable (LeasedJob) async throws -> Void, logger: Logger)
    async throws -> Bool
  {
    let leased = LeasedJob(
      job: job, database: self.database, logger: logger, workerID: self.workerID, lease: self.settings.lease,
      clock: self.clock)
    try await run(leased)
    return try await self.database.transaction { connection in
      try await self.markDone(job, on: connection, logger: logger)
    }
  }

  /// Marks the job done if this worker still holds it; false if it does not.
  @discardableResult
  func markDone(_ job: Job, on connection: PostgresConnection, logger: Logger) async throws -> Bool {
    let done = try await connection.query(
      """
      UPDATE jobs SET state = 'done', finished_at = \(self.clock.now()), lease_owner = NULL, lease_expires_at = NULL, last_error = NULL
      WHERE id = \(job.id) AND state = 'running' AND lease_owner = \(self.workerID)
      RETURNING id
      """, logger: logger)
    return try await done.decode(Int64.self).first(where: { _ in true }) != nil
  }

  func recordFailure(_ job: Job, handler: JobHandler, error: any Error, logger: Logger) async {
    let giveUp = job.attempt >= handler.maxAttempts
    let delay = self.settings.backoff(afterAttempt: job.attempt)
    let jitter = Duration.milliseconds(Int64.random(in: 0...max(0, delay.components.seconds * 100)))
    let now = self.clock.now()
    let retryAt = now.adding(delay + jitter)
    let message = String(describing: error)
    let state = giveUp ? "failed" : "pending"
    let finishedAt: UTCTimestamp? = giveUp ? now : nil
    if giveUp {
      logger.error("job failed for good", metadata: ["attempts": "\(job.attempt)", "error": "\(message)"])
    } else {
      logger.warning(
        "job failed; will retry",
        metadata: ["attempt": "\(job.attempt)", "retry-at": "\(retryAt)", "error": "\(message)"])
    }
    do {
      try await self.database.transaction { connection in
        try await connection.query(
          """
          UPDATE jobs SET state = \(state), run_at = \(retryAt), last_error = \(message), finished_at = \(finishedAt),
            lease_owner = NULL, lease_expires_at = NULL
          WHERE id = \(job.id) AND lease_owner = \(self.workerID)
          """, logger: logger)
      }
    } catch {
      // The lease expires and the job is retried anyway; only the backoff is lost.
      logger.warning("could not record the job failure", metadata: ["error": "\(error)"])
    }
  }
}

func hostName() -> String {
  var buffer = [CChar](repeating: 0, count: 256)
  guard gethostname(&buffer, buffer.count) == 0 else { return "unknown-host" }
  return String(decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
}

func processID() -> Int32 { getpid() }
