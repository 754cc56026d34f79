public import Logging
public import PostgresNIO
public import WireCodec

/// The table of background jobs every service has, and how work gets into it. A job is
/// identified by its kind and a key the caller chooses (an invoice period, a mail id, an
/// account), so enqueuing the same work twice — from a retry, or from two replicas — leaves
/// one job. ``JobRunner`` claims and runs them.
public enum JobQueue {
  /// Schema of the job table; part of every service's platform migrations.
  /// Each version in its own file under `Migrations/`.
  public static let migrations = [v20Jobs]

  /// Adds `job` in the caller's transaction; returns false when a job of that kind and key
  /// already exists (whatever its state), in which case nothing changes.
  @discardableResult
  public static func enqueue(_ job: JobRequest, on connection: PostgresConnection, logger: Logger) async throws -> Bool
  {
    let rows = try await connection.query(
      """
      INSERT INTO jobs (kind, key, payload, run_at) VALUES (\(job.kind), \(job.key), \(ByteBuffer(bytes: job.payload)), \(job.runAt))
      ON CONFLICT (kind, key) DO NOTHING RETURNING id
      """, logger: logger)
    return try await rows.one(Int64.self) != nil
  }

  /// Adds `job` in a transaction of its own.
  @discardableResult
  public static func enqueue(_ job: JobRequest, in database: Database) async throws -> Bool {
    try await database.transaction { connection in
      try await self.enqueue(job, on: connection, logger: database.logger)
    }
  }
}

/// Work to do: what (`kind`, matching a ``JobHandler``), which one (`key`, unique per kind),
/// details, and the earliest time to run it.
public struct JobRequest: Sendable, Hashable {
  public var kind: String
  public var key: String
  public var payload: [UInt8]
  public var runAt: UTCTimestamp

  public init(kind: String, key: String, payload: [UInt8] = [], runAt: UTCTimestamp) {
    self.kind = kind
    self.key = key
    self.payload = payload
    self.runAt = runAt
  }
}

/// A claimed job, as its handler sees it.
public struct Job: Sendable, Hashable {
  public let id: Int64
  public let kind: String
  public let key: String
  public let payload: [UInt8]
  public let runAt: UTCTimestamp
  /// 1 on the first run, 2 on the first retry, and so on.
  public let attempt: Int
}
