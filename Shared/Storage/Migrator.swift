import Logging
import PostgresNIO

/// Applies a service's migrations, recording them in `schema_migrations`. Safe when several
/// replicas start at once: the whole run holds a transaction-scoped advisory lock, so the
/// others wait and then find nothing left to do.
public struct Migrator: Sendable {
  public let migrations: [Migration]

  public init(_ migrations: [Migration]) {
    precondition(Set(migrations.map(\.version)).count == migrations.count, "duplicate migration versions")
    self.migrations = migrations.sorted { $0.version < $1.version }
  }

  /// Any fixed number works; it only has to be the same for every replica of one database.
  static let lockKey: Int64 = 0x4142_4F4E_454E_54  // "ABONENT"

  /// Applies pending migrations; returns the versions this call applied.
  @discardableResult
  public func migrate(_ database: Database) async throws -> [Int] {
    try await database.transaction { connection in
      try await connection.query("SELECT pg_advisory_xact_lock(\(Self.lockKey))", logger: database.logger)
      try await connection.query(
        """
        CREATE TABLE IF NOT EXISTS schema_migrations (
          version integer PRIMARY KEY,
          name text NOT NULL,
          checksum text NOT NULL,
          applied_at timestamptz NOT NULL DEFAULT now()
        )
        """, logger: database.logger)
      var applied: [Int: String] = [:]
      for try await (version, checksum) in try await connection.query(
        "SELECT version, checksum FROM schema_migrations", logger: database.logger
      ).decode((Int, String).self) {
        applied[version] = checksum
      }
      var done: [Int] = []
      for migration in self.migrations {
        if let checksum = applied[migration.version] {
          guard checksum == migration.checksum else {
            throw MigrationError.changedAfterApplied(migration.version, migration.name)
          }
          continue
        }
        database.logger.info(
          "applying migration", metadata: ["version": "\(migration.version)", "name": "\(migration.name)"])
        for statement in migration.statements {
          try await connection.query(PostgresQuery(unsafeSQL: statement), logger: database.logger)
        }
        try await connection.query(
          "INSERT INTO schema_migrations (version, name, checksum) VALUES (\(migration.version), \(migration.name), \(migration.checksum))",
          logger: database.logger)
        done.append(migration.version)
      }
      return done
    }
  }

  /// Whether every migration is applied (for readiness).
  public func isUpToDate(_ database: Database) async -> Bool {
    do {
      let latest = try await database.withConnection { connection in
        try await connection.query("SELECT coalesce(max(version), 0) FROM schema_migrations", logger: database.logger)
          .decode(Int.self).first { _ in true } ?? 0
      }
      return latest >= (self.migrations.last?.version ?? 0)
    } catch {
      return false
    }
  }
}

/// A migration problem that stops the service at start.
public enum MigrationError: Error, CustomStringConvertible {
  case changedAfterApplied(Int, String)

  public var description: String {
    switch self {
    case .changedAfterApplied(let version, let name):
      "migration \(version) (\(name)) was changed after it was applied; add a new migration instead"
    }
  }
}
