public import GRPCCore
public import Logging
import Mail
public import Prometheus
public import RPC
public import ServiceLifecycle
public import Settings
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
  /// What a violation of each of its unique constraints means to a caller (``UniqueViolations``).
  public let uniqueViolations: UniqueViolations
  /// Builds the running parts once configuration is read (called once per server).
  public let build: @Sendable (_ context: ServiceContext) async throws -> ServiceParts

  public init(
    name: String,
    defaultPort: Int,
    contracts: [ServiceContract],
    migrations: [Migration]?,
    uniqueViolations: UniqueViolations = UniqueViolations(),
    build: @escaping @Sendable (_ context: ServiceContext) async throws -> ServiceParts
  ) {
    self.name = name
    self.defaultPort = defaultPort
    self.contracts = contracts
    self.migrations = migrations
    self.uniqueViolations = uniqueViolations
    self.build = build
  }

  /// A service that is only RPC handlers.
  public init(
    name: String,
    defaultPort: Int,
    contracts: [ServiceContract],
    migrations: [Migration]?,
    makeServices: @escaping @Sendable (_ context: ServiceContext) async throws -> [any RegistrableRPCService]
  ) {
    self.init(name: name, defaultPort: defaultPort, contracts: contracts, migrations: migrations) { context in
      ServiceParts(services: try await makeServices(context))
    }
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
  public static let all =
    EventOutbox.migrations + EventFeedConsumer.migrations + JobQueue.migrations + MailOutbox.migrations
}

/// What a built service consists of.
public struct ServiceParts: Sendable {
  /// The RPC handlers.
  public var services: [any RegistrableRPCService]
  /// What runs beside the RPC server: job runners, event feed consumers. They start after the
  /// database and stop after the gRPC server has drained.
  public var workers: [any Service]
  /// Where the verifier gets token keys, when not from `ABONENT_AUTH_JWKS_FILE` (Identity
  /// reads its own key table).
  public var keySource: (any VerificationKeySource)?
  /// Runs once the schema is up to date and before the first call is served: seed data,
  /// first-start set-up. It must be safe when several replicas run it at once.
  public var prepare: @Sendable () async throws -> Void

  public init(
    services: [any RegistrableRPCService], workers: [any Service] = [], keySource: (any VerificationKeySource)? = nil,
    prepare: @escaping @Sendable () async throws -> Void = {}
  ) {
    self.services = services
    self.workers = workers
    self.keySource = keySource
    self.prepare = prepare
  }
}

/// What a service's builder can use: its settings, its database (when it has one), logger,
/// and the clock its background work reads (settable in tests).
public struct ServiceContext: Sendable {
  public let settings: SettingsReader
  public let database: Database?
  public let logger: Logger
  public let clock: any WallClock
  /// The registry /metrics shows: a service's own metrics go here, named `abonent_<service>_…`.
  public let metrics: PrometheusCollectorRegistry

  public init(
    settings: SettingsReader, database: Database?, logger: Logger, clock: any WallClock = SystemWallClock(),
    metrics: PrometheusCollectorRegistry = PrometheusCollectorRegistry()
  ) {
    self.settings = settings
    self.database = database
    self.logger = logger
    self.clock = clock
    self.metrics = metrics
  }

  /// The database, for services that have one (their definition has migrations).
  public func requireDatabase() throws -> Database {
    guard let database = self.database else { throw ConfigurationError(message: "this service needs a database") }
    return database
  }

  /// A job runner for `handlers` and `recurring`, configured from `abonent.jobs.*`.
  public func jobRunner(handlers: [JobHandler], recurring: [RecurringJob] = []) throws -> JobRunner {
    guard let database = self.database else { throw ConfigurationError(message: "background jobs need a database") }
    return JobRunner(
      database: database, handlers: handlers, recurring: recurring, settings: try JobRunnerSettings(self.settings),
      clock: self.clock, logger: self.logger)
  }
}
