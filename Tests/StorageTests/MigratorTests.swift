import Logging
import PostgresNIO
import Storage
import TestSupport
import Testing

@Suite("Migrations", .enabled(if: TestDatabase.isAvailable, "needs the test PostgreSQL (scripts/test.sh starts it)"))
struct MigratorTests {
  static let migrations = [
    Migration(1, "create_accounts", "CREATE TABLE accounts (id bigint PRIMARY KEY, email text NOT NULL UNIQUE)"),
    Migration(
      2, "add_balance", "ALTER TABLE accounts ADD COLUMN balance numeric(20, 4) NOT NULL DEFAULT 0",
      "CREATE INDEX accounts_balance ON accounts (balance)"),
  ]

  @Test("applies pending migrations once, in order, and records them")
  func appliesOnce() async throws {
    try await TestDatabase.withDatabase { database in
      let migrator = Migrator(Self.migrations)
      #expect(try await migrator.migrate(database) == [1, 2])
      #expect(try await migrator.migrate(database) == [])
      #expect(await migrator.isUpToDate(database))
      let recorded = try await database.withConnection { connection in
        let rows = try await connection.query(
          "SELECT version, name FROM schema_migrations ORDER BY version", logger: database.logger)
        return try await rows.decode((Int, String).self).collect()
      }
      #expect(recorded.map(\.0) == [1, 2])
      #expect(recorded.map(\.1) == ["create_accounts", "add_balance"])
    }
  }

  @Test("two replicas migrating a fresh database at once: both succeed, each migration runs once")
  func concurrentReplicas() async throws {
    try await TestDatabase.with { settings in
      // Two separate pools, as two processes would have.
      let first = Database(settings, logger: Logger(label: "replica-1"))
      let second = Database(settings, logger: Logger(label: "replica-2"))
      let migrator = Migrator(Self.migrations)
      let applied = try await withThrowingTaskGroup(of: [Int].self) { group in
        group.addTask {
          await first.client.run()
          return []
        }
        group.addTask {
          await second.client.run()
          return []
        }
        let results = try await withThrowingTaskGroup(of: [Int].self) { racers in
          racers.addTask { try await migrator.migrate(first) }
          racers.addTask { try await migrator.migrate(second) }
          return try await racers.reduce(into: []) { $0.append($1) }
        }
        group.cancelAll()
        return results
      }
      // One replica applied both; the other waited on the lock and found nothing to do.
      #expect(applied.sorted { $0.count < $1.count } == [[], [1, 2]])
    }
  }

  @Test("a migration edited after it was applied stops the start")
  func editedMigration() async throws {
    try await TestDatabase.withDatabase { database in
      try await Migrator(Self.migrations).migrate(database)
      let edited = [Self.migrations[0], Migration(2, "add_balance", "ALTER TABLE accounts ADD COLUMN balance numeric")]
      await #expect(throws: MigrationError.self) { try await Migrator(edited).migrate(database) }
    }
  }
}
