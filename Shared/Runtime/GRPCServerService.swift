public import GRPCCore
import Logging
import RPC
public import ServiceLifecycle
import Storage

/// Runs a `GRPCServer` as a service of the service group. It first brings the database
/// schema up to date (retrying while the database is unreachable), so no call is served
/// against an old schema. On graceful shutdown it marks the replica not ready, stops
/// accepting calls and lets in-flight ones finish.
public struct GRPCServerService<Transport: ServerTransport>: Service {
  public let server: GRPCServer<Transport>
  let readiness: Readiness
  let drain: ServerDrain
  let database: Database?
  let migrator: Migrator?
  let prepare: @Sendable () async throws -> Void
  /// Called once the schema is up to date and `prepare` has run: the workers may start.
  let ready: @Sendable () -> Void
  let logger: Logger

  init(
    server: GRPCServer<Transport>, readiness: Readiness, drain: ServerDrain, database: Database?, migrator: Migrator?,
    prepare: @escaping @Sendable () async throws -> Void = {}, ready: @escaping @Sendable () -> Void = {},
    logger: Logger
  ) {
    self.server = server
    self.readiness = readiness
    self.drain = drain
    self.database = database
    self.migrator = migrator
    self.prepare = prepare
    self.ready = ready
    self.logger = logger
  }

  public func run() async throws {
    if let database = self.database, let migrator = self.migrator {
      try await self.migrate(database, migrator)
    }
    try await self.prepare()
    self.ready()
    try await withGracefulShutdownHandler {
      try await self.server.serve()
    } onGracefulShutdown: {
      self.readiness.beginShutdown()
      self.drain.begin()
      self.server.beginGracefulShutdown()
    }
  }

  func migrate(_ database: Database, _ migrator: Migrator) async throws {
    var delay = Duration.milliseconds(250)
    while true {
      do {
        let applied = try await migrator.migrate(database)
        self.logger.info("schema up to date", metadata: ["applied": "\(applied)"])
        return
      } catch let error as MigrationError {
        throw error
      } catch {
        guard !Task.isShuttingDownGracefully else { throw error }
        self.logger.warning("database not ready for migrations; retrying", metadata: ["retry-in": "\(delay)"])
        try await Task.sleep(for: delay)
        delay = min(delay * 2, .seconds(5))
      }
    }
  }
}
