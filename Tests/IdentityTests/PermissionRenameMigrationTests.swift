import Foundation
import Logging
import PostgresNIO
import RPC
import Runtime
import Storage
import TestSupport
import Testing

@testable import IdentityService

/// Migration 103 renames the singular permission names to `<service>.<plural noun>.<verb>`:
/// a custom role and a service account granted the old names keep every grant, under the new
/// names, and the old names are gone from the catalogue.
@Suite(
  "Permission names: the rename keeps every grant",
  .enabled(if: TestDatabase.isAvailable, "needs the test PostgreSQL (scripts/test.sh starts it)"))
struct PermissionRenameMigrationTests {
  static let logger = Logger(label: "rename-test")

  /// The (old, new) pairs, read from the migration itself.
  static var renames: [(old: String, new: String)] {
    let values =
      IdentityMigrations.v103PermissionNames.statements.first { $0.contains("INSERT INTO permission_renames") } ?? ""
    return values.matches(of: #/\('([a-z_.]+)', '([a-z_.]+)'\)/#).map { (String($0.output.1), String($0.output.2)) }
  }

  @Test("a custom role and a service account granted the old names hold the new ones after the upgrade")
  func grantsSurvive() async throws {
    let renames = Self.renames
    #expect(renames.count == 12)
    // Every new name is one the catalogue ships, and follows the naming rule.
    let shipped = Set(PermissionCatalogue.builtIn.map(\.name))
    for (_, new) in renames {
      #expect(shipped.contains(new), "\(new) is not in the catalogue")
      let parts = new.split(separator: ".").map(String.init)
      #expect(parts.count == 3 && Permission.isWellFormed(service: parts[0], resource: parts[1], verb: parts[2]))
    }
    let before = (PlatformMigrations.all + IdentityMigrations.all).filter { $0.version < 103 }
    try await TestDatabase.withDatabase { database in
      try await Migrator(before).migrate(database)
      let untouched = PermissionCatalogue.builtIn[0].name
      try await database.transaction { connection in
        for (old, _) in renames + [(untouched, untouched)] {
          try await connection.query(
            "INSERT INTO permissions (name, service, doc) VALUES (\(old), \(String(old.prefix { $0 != "." })), 'as shipped before')",
            logger: Self.logger)
        }
        try await connection.query(
          "INSERT INTO roles (name, audience) VALUES ('legacy-clerk', 'staff')", logger: Self.logger)
        for (old, _) in renames + [(untouched, untouched)] {
          try await connection.query(
            "INSERT INTO role_permissions (role, permission) VALUES ('legacy-clerk', \(old))", logger: Self.logger)
        }
        try await connection.query(
          """
          INSERT INTO service_accounts (client_id, name, secret_hash, permissions, created_at)
          VALUES ('svc-legacy', 'legacy', '\\x00', \(renames.map(\.old) + [untouched]), now())
          """, logger: Self.logger)
      }

      let applied = try await Migrator(PlatformMigrations.all + IdentityMigrations.all).migrate(database)
      #expect(applied == [103])

      let expected = Set(renames.map(\.new) + [untouched])
      let (granted, catalogue, account) = try await database.withConnection { connection in
        let granted = try await connection.query(
          "SELECT permission FROM role_permissions WHERE role = 'legacy-clerk'", logger: Self.logger
        ).decode(String.self).collect()
        let catalogue = try await connection.query("SELECT name FROM permissions", logger: Self.logger).decode(
          String.self
        ).collect()
        let account = try await connection.query(
          "SELECT permissions FROM service_accounts WHERE client_id = 'svc-legacy'", logger: Self.logger
        ).one([String].self)
        return (granted, catalogue, account)
      }
      #expect(Set(granted) == expected)
      #expect(Set(account ?? []) == expected)
      #expect(Set(catalogue).isDisjoint(with: renames.map(\.old)))
      #expect(Set(catalogue).isSuperset(of: expected))
    }
  }
}
