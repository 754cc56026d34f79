import Logging
import PostgresNIO
import Runtime
import ServiceLifecycle
import Storage
import Synchronization
import TestSupport
import Testing

/// Background workers start once the schema is up to date and the service prepared
/// (`Shared/Runtime/SchemaGate.swift`): their first round finds every table its migrations make.
@Suite(
  "Workers start after the migrations",
  .enabled(if: TestDatabase.isAvailable, "needs the test PostgreSQL (scripts/test.sh starts it)"))
struct WorkerStartTests {
  /// Notes, at its first round, whether the migration's table and the preparation's row exist.
  struct Probe: Service {
    let database: Database
    let seen: Seen

    func run() async throws {
      let found = try await self.database.withConnection { connection in
        try await connection.query(
          """
          SELECT to_regclass('worker_probe') IS NOT NULL
            AND (SELECT count(*) FROM worker_probe WHERE what = 'prepared') = 1
          """, logger: self.database.logger
        ).decode(Bool.self).collect().first ?? false
      }
      self.seen.rounds.withLock { $0.append(found ? "ready" : "early") }
      try await gracefulShutdown()
    }
  }

  final class Seen: Sendable {
    let rounds = Mutex<[String]>([])
  }

  @Test("a worker's first round sees the migrated schema and what preparation wrote")
  func workersWaitForTheSchema() async throws {
    try await TestDatabase.with { settings in
      let seen = Seen()
      // Slow on purpose: without the gate the worker's first round would come first.
      let migrations = [
        Migration(100, "slow", "SELECT pg_sleep(0.5)"),
        Migration(101, "probe", "CREATE TABLE worker_probe (what text NOT NULL)"),
      ]
      let definition = ServiceDefinition(name: "gated", defaultPort: 0, contracts: [], migrations: migrations) {
        context in
        let database = try context.requireDatabase()
        let probe = Probe(database: database, seen: seen)
        return ServiceParts(
          services: [], workers: [probe],
          prepare: {
            try await database.withConnection { connection in
              _ = try await connection.query(
                "INSERT INTO worker_probe (what) VALUES ('prepared')", logger: database.logger)
            }
          })
      }
      var server = TestDatabase.serverSettings(settings)
      server["abonent.log.level"] = "error"
      try await TestServer.with(definition, settings: server) { _ in
        let deadline = ContinuousClock.now + .seconds(30)
        while seen.rounds.withLock({ $0.isEmpty }) && ContinuousClock.now < deadline {
          try await Task.sleep(for: .milliseconds(20))
        }
      }
      #expect(seen.rounds.withLock { $0 } == ["ready"])
    }
  }
}
