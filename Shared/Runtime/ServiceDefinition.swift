public import GRPCCore
public import Logging
public import RPC
public import Settings
public import ServiceLifecycle
public import Storage

/// What one deployable Abonent service is: its name, ports and RPC services. `main` passes
/// one of these to ``AbonentServer``.
public struct ServiceDefinition: Sendable {
  /// Short name, e.g. `billing`; the executable is `abonent-<name>`.
  public let name: String
  /// The documented default gRPC port (docs/configuration.md).
  public let defaultPort: Int
  /// The contracts served, for Describe and the auth table.
  public let contracts: [ServiceContract]
  /// The service's schema, applied at start; `nil` for a server with no database (tests).
  public let migrations: [Migration]?
  /// Builds the service implementations once configuration is read.
  public let makeServices: @Sendable (_ context: ServiceContext) async throws -> [any RegistrableRPCService]
  /// Builds what runs beside the RPC server: job runners, event feed consumers. They start
  /// after the database and stop after the gRPC server has drained.
  public let makeWorkers: @Sendable (_ context: ServiceContext) async throws -> [any Service]
  /// Where this service's verifier gets token keys, when not from `ABONENT_AUTH_JWKS_FILE`
  /// (Identity reads its own key table).
  public let makeKeySource: (@Sendable (_ context: ServiceContext) async throws -> any VerificationKeySource)?

  public init(
    name: String,
    defaultPort: Int,
    contracts: [ServiceContract],
    migrations: [Migration]?,
    makeServices: @escaping @Sendable (_ context: ServiceContext) async throws -> [any RegistrableRPCService],
    makeWorkers: @escaping @Sendable (_ context: ServiceContext) async throws -> [any Service] = { _ in [] },
    makeKeySource: (@Sendable (_ context: ServiceContext) async throws -> any VerificationKeySource)? = nil
  ) {
    self.name = name
    self.defaultPort = defaultPort
    self.contracts = contracts
    self.migrations = migrations
    self.makeServices = makeServices
    self.makeWorkers = makeWorkers
    self.makeKeySource = makeKeySource
  }

  /// The audience tokens for this service carry, e.g. `abonent-billing`.
  public var audience: String { "abonent-\(self.name)" }

  /// The service's event feed, served by every service with a database.
  public var eventFeed: EventFeedContract { EventFeedContract(service: self.name) }

  /// The platform's tables (outbox, feed cursors, jobs; versions below 100) followed by the
  /// service's own migrations (versions 100 and up); `nil` without a database.
  public var allMigrations: [Migration]? {
    self.migrations.map { PlatformMigrations.all + $0 }
  }
}

/// The tables every service with a database gets from the platform. Their versions are below
/// 100; a service numbers its own migrations from 100.
public enum PlatformMigrations {
  public static let all = EventOutbox.migrations + EventFeedConsumer.migrations + JobQueue.migrations
}

/// What a service's builder can use: its settings, its database (when it has one), logger,
/// and the clock its background work reads (settable in tests).
public struct ServiceContext: Sendable {
  public let settings: SettingsReader
  public let database: Database?
  public let logger: Logger
  public let clock: any WallClock

  public init(settings: SettingsReader, database: Database?, logger: Logger, clock: any WallClock = SystemWallClock()) {
    self.settings = settings
    self.database = database
    self.logger = logger
    self.clock = clock
  }

  /// A job runner for `handlers` and `recurring`, configured from `abonent.jobs.*`.
  public func jobRunner(handlers: [JobHandler], recurring: [RecurringJob] = []) throws -> JobRunner {
    guard let database = self.database else { throw ConfigurationError(message: "background jobs need a database") }
    return JobRunner(
      database: database, handlers: handlers, recurring: recurring, settings: try JobRunnerSettings(self.settings),
      clock: self.clock, logger: self.logger)
  }
}
