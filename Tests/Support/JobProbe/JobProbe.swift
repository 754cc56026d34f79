import Logging
import PostgresNIO
import Storage

#if canImport(Glibc)
  import Glibc
#endif

/// A worker process for the kill -9 test (Tests/StorageTests/JobRunnerTests.swift): it claims
/// `probe.effect` jobs, writes the job's effect, says so on standard output, and then hangs
/// inside the job's transaction until it is killed.
/// Usage: JobProbe <db-port> <db-name> <worker-id> <lease-seconds>
@main
struct JobProbe {
  static func main() async throws {
    let arguments = CommandLine.arguments
    guard arguments.count == 5, let port = Int(arguments[1]), let lease = Int64(arguments[4]) else {
      print("usage: JobProbe <db-port> <db-name> <worker-id> <lease-seconds>")
      exit(64)
    }
    let logger = {
      var logger = Logger(label: "job-probe")
      logger.logLevel = .warning
      return logger
    }()
    let database = Database(
      DatabaseSettings(host: "127.0.0.1", port: port, user: "postgres", password: nil, database: arguments[2]),
      logger: logger)
    let hang = JobHandler(kind: "probe.effect") { job, transaction in
      try await transaction.query(
        "INSERT INTO job_effects (job_key, worker) VALUES (\(job.key), \(arguments[3]))", logger: logger)
      print("working \(job.key)")
      fflush(nil)
      try await Task.sleep(for: .seconds(3600))
    }
    let runner = JobRunner(
      database: database, handlers: [hang],
      settings: JobRunnerSettings(pollInterval: .milliseconds(50), lease: .seconds(lease)),
      workerID: arguments[3], logger: logger)
    try await withThrowingTaskGroup(of: Void.self) { group in
      group.addTask { await database.client.run() }
      group.addTask { try await runner.run() }
      try await group.next()
    }
  }
}
