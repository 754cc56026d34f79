import Logging
import PostgresNIO
import Settings
public import Storage

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
  #if canImport(Glibc)
    import Glibc
  #endif
#endif

/// Throwaway databases on the test PostgreSQL cluster that scripts/test.sh starts
/// (`ABONENT_TEST_DB_PORT`, default 55432). Each test gets a fresh database, dropped after.
public enum TestDatabase {
  public static var port: Int {
    Int(ProcessInfo.processInfo.environment["ABONENT_TEST_DB_PORT"] ?? "") ?? 55432
  }

  /// Whether the test cluster is reachable; tests that need it are disabled otherwise, with
  /// that reason, rather than passing vacuously. scripts/test.sh always starts it.
  public static let isAvailable: Bool = {
    let socket = Socket.canConnect(port: TestDatabase.port)
    return socket
  }()

  /// A generous lease timeout: when every suite starts at once on two cores, a first connection
  /// can take longer than the production default of 5 s. Tests of the timeout set their own.
  static let acquireTimeout = Duration.seconds(60)

  public static func settings(_ database: String) -> DatabaseSettings {
    var settings = DatabaseSettings(
      host: "127.0.0.1", port: self.port, user: "postgres", password: nil, database: database)
    settings.acquireTimeout = self.acquireTimeout
    return settings
  }

  /// Creates a database named after nothing in particular, runs `body` with its settings, drops it.
  public static func with<Result: Sendable>(_ body: (DatabaseSettings) async throws -> Result) async throws -> Result {
    let name = "test_" + UUID().uuidString.lowercased().filter { $0 != "-" }
    try await self.admin("CREATE DATABASE \(name)")
    do {
      let result = try await body(self.settings(name))
      try await self.admin("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
      return result
    } catch {
      try? await self.admin("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
      throw error
    }
  }

  /// Runs `body` with a running ``Database`` on a fresh database.
  public static func withDatabase<Result: Sendable>(_ body: @Sendable (Database) async throws -> Result) async throws
    -> Result
  {
    try await self.with { settings in
      try await self.running(settings, body)
    }
  }

  /// Runs `body` with a running ``Database`` (its own pool) on an existing database.
  public static func running<Result: Sendable>(
    _ settings: DatabaseSettings, _ body: @Sendable (Database) async throws -> Result
  ) async throws -> Result {
    let database = Database(settings, logger: Logger(label: "test-db"))
    return try await withThrowingTaskGroup(of: Result?.self) { group in
      group.addTask {
        try await database.run()
        return nil
      }
      defer { group.cancelAll() }
      return try await body(database)
    }
  }

  /// The server settings that point a service at `settings`' database. Each test server's pool
  /// holds at most 16 connections: dozens of suites run at once against one cluster of 1000
  /// (scripts/lib.sh), and the production default of 20 each would exhaust it.
  public static func serverSettings(_ settings: DatabaseSettings) -> [String: String] {
    [
      "abonent.db.port": "\(settings.port)", "abonent.db.name": settings.database, "abonent.db.tls": "disable",
      "abonent.db.acquireTimeout": "\(settings.acquireTimeout.components.seconds)s", "abonent.db.maxConnections": "16",
    ]
  }

  /// Runs one statement on the cluster's `postgres` database over a connection of its own. When
  /// every suite starts at once the cluster can be full for a moment ("too many clients", 53300):
  /// the pools wait that out by themselves, this connection retries for up to a minute.
  static func admin(_ sql: String) async throws {
    let configuration = PostgresConnection.Configuration(
      host: "127.0.0.1", port: self.port, username: "postgres", password: nil, database: "postgres", tls: .disable)
    let logger = Logger(label: "test-db-admin")
    let deadline = ContinuousClock.now + self.acquireTimeout
    while true {
      let connection: PostgresConnection
      do {
        connection = try await PostgresConnection.connect(configuration: configuration, id: 1, logger: logger)
      } catch let error as PSQLError where error.serverInfo?[.sqlState] == "53300" && .now < deadline {
        try await Task.sleep(for: .milliseconds(Int.random(in: 100...500)))
        continue
      }
      defer { Task { try? await connection.close() } }
      try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger)
      return
    }
  }
}

enum Socket {
  #if canImport(Glibc)
    /// `body` with the address 127.0.0.1:`port`, as the socket calls take it.
    static func withLoopback<Result>(port: Int, _ body: (UnsafePointer<sockaddr>, socklen_t) -> Result) -> Result {
      var address = sockaddr_in()
      address.sin_family = sa_family_t(AF_INET)
      address.sin_port = in_port_t(UInt16(port).bigEndian)
      address.sin_addr.s_addr = inet_addr("127.0.0.1")
      return withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
      }
    }
  #endif

  /// Whether something accepts TCP connections on 127.0.0.1:`port`.
  static func canConnect(port: Int) -> Bool {
    #if canImport(Glibc)
      let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
      guard fd >= 0 else { return false }
      defer { close(fd) }
      return self.withLoopback(port: port) { connect(fd, $0, $1) == 0 }
    #else
      return false
    #endif
  }
}
