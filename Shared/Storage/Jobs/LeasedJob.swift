public import Logging
public import PostgresNIO

/// A claimed job whose handler runs outside a transaction (``JobHandler/Body/outsideTransaction(_:)``):
/// the job, the database, and transactions that prove the lease first.
public struct LeasedJob: Sendable {
  public let job: Job
  public let database: Database
  public let logger: Logger
  let workerID: String
  let lease: Duration
  let clock: any WallClock

  /// Runs `body` in a transaction that first locks the job row and checks that the job is
  /// still running under this worker's lease (and extends the lease, so a handler working
  /// through several steps keeps it); throws ``JobLeaseLost`` otherwise, before `body` runs.
  /// While the transaction is open no other worker can claim the job, as with handlers that
  /// run inside one.
  @discardableResult
  public func transaction<Result: Sendable>(
    _ body: @escaping @Sendable (PostgresConnection) async throws -> Result
  ) async throws -> Result {
    try await self.database.transaction { connection in
      let leaseEnd = self.clock.now().adding(self.lease)
      let owned = try await connection.query(
        """
        UPDATE jobs SET lease_expires_at = \(leaseEnd)
        WHERE id = \(self.job.id) AND state = 'running' AND lease_owner = \(self.workerID)
        RETURNING id
        """, logger: self.logger)
      guard try await owned.decode(Int64.self).first(where: { _ in true }) != nil else {
        throw JobLeaseLost(job: self.job)
      }
      return try await body(connection)
    }
  }
}

/// The job's lease expired and another worker claimed it (or it was finished meanwhile): this
/// worker stops, and leaves the job to the other.
public struct JobLeaseLost: Error, CustomStringConvertible {
  public let job: Job
  public var description: String { "the lease of job \(self.job.kind)/\(self.job.key) is no longer this worker's" }
}
