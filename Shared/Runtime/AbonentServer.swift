public import Configuration
import GRPCCore
import GRPCNIOTransportHTTP2
import Logging
import Mail
import Prometheus
import RPC
import ServiceLifecycle
import Settings
public import Storage
import UnixSignals

#if canImport(Glibc)
  import Glibc
#endif

/// Builds and runs one service process: reads configuration, assembles the gRPC server with
/// Describe, Ping and the interceptors, and runs it in a service group that shuts down
/// gracefully on SIGTERM or SIGINT.
public struct AbonentServer: Sendable {
  public let definition: ServiceDefinition
  public let config: ConfigReader
  /// The clock background work reads; tests pass a settable one.
  public let clock: any WallClock

  public init(_ definition: ServiceDefinition, config: ConfigReader, clock: any WallClock = SystemWallClock()) {
    self.definition = definition
    self.config = config
    self.clock = clock
  }

  /// Reads configuration from the environment and runs until stopped. What `main` calls.
  /// With the argument `migrate` it only applies the database migrations and exits.
  public static func main(_ definition: ServiceDefinition) async {
    do {
      let server = AbonentServer(definition, config: try await SettingsSources.reader())
      if CommandLine.arguments.dropFirst().first == "migrate" {
        try await server.migrate()
        exit(0)
      }
      try await server.run()
    } catch let error as ConfigurationError {
      print("abonent-\(definition.name): \(error)")
      exit(78)  // EX_CONFIG
    } catch {
      print("abonent-\(definition.name): stopped: \(error)")
      exit(1)
    }
  }

  /// Runs until a shutdown signal arrives. `onListening` gets the gRPC and admin addresses.
  public func run(onListening: @escaping @Sendable (ListeningAddresses) -> Void = { _ in }) async throws {
    let reader = SettingsReader(self.config)
    let logger = try self.makeLogger(reader)
    let grpc = try GRPCSettings(reader, defaultPort: self.definition.defaultPort)
    let admin = try AdminSettings(
      reader, defaultPort: self.definition.defaultPort == 0 ? 0 : self.definition.defaultPort + 100)
    let auth = AuthSettings(reader, serviceName: self.definition.audience)
    let database = try self.definition.migrations.map { _ throws(ConfigurationError) in
      Database(
        try DatabaseSettings(reader, serviceName: self.definition.name), logger: logger,
        uniqueViolations: self.definition.uniqueViolations)
    }
    let migrator = self.definition.allMigrations.map(Migrator.init)
    let readiness = Readiness(database: database, migrator: migrator)
    let registry = PrometheusCollectorRegistry()
    let drain = ServerDrain()
    let context = ServiceContext(
      settings: reader, database: database, logger: logger, clock: self.clock, metrics: registry)
    let parts = try await self.definition.build(context)
    let server = try await self.makeServer(
      grpc: grpc, auth: auth, registry: registry, drain: drain, context: context, parts: parts, logger: logger)

    let (adminPorts, adminPortContinuation) = AsyncStream.makeStream(of: Int.self)
    // Started in dependency order; shut down in reverse: gRPC drains first, the admin port
    // keeps reporting "not ready" meanwhile, and the pool closes last.
    var services: [ServiceGroupConfiguration.ServiceConfiguration] = []
    if let database { services.append(.init(service: database)) }
    services.append(
      .init(
        service: AdminServer(
          settings: admin, readiness: readiness, registry: registry, logger: logger,
          onListening: { adminPortContinuation.yield($0) })))
    // Workers start once the schema is up to date and the service prepared (SchemaGate).
    let gate = SchemaGate()
    services += parts.workers.map { .init(service: GatedService(gate: gate, inner: $0)) }
    // Every service with a database delivers its queued mail (docs/configuration.md, Mail).
    if let database {
      let mail = try MailDeliverer(database: database, settings: try MailSettings(reader), logger: logger)
      services.append(.init(service: GatedService(gate: gate, inner: mail)))
    }
    services.append(
      .init(
        service: GRPCServerService(
          server: server, readiness: readiness, drain: drain, database: database, migrator: migrator,
          prepare: parts.prepare, ready: { gate.open() }, logger: logger)))
    var groupConfiguration = ServiceGroupConfiguration(
      services: services.map { .init(service: SlowStopWatch($0.service, logger: logger)) },
      gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
    // In-flight calls get the grace period; then they are cancelled.
    groupConfiguration.maximumGracefulShutdownDuration = grpc.gracePeriod
    let group = ServiceGroup(configuration: groupConfiguration)
    // The transport names its address only once it has tried to listen. A service that stops
    // before that (a failed migration or preparation, a shutdown during start-up) would leave
    // an await on it waiting for ever, so it is awaited in a task of its own and raced against
    // the group's end: `nil` means the server never listened.
    let (outcomes, outcome) = AsyncStream.makeStream(of: String?.self)
    let addressWatch = Task { outcome.yield(try? await server.boundAddress) }
    defer { addressWatch.cancel() }
    try await withThrowingDiscardingTaskGroup { tasks in
      tasks.addTask {
        defer {
          outcome.finish()
          adminPortContinuation.finish()
        }
        try await group.run()
      }
      var firstOutcome = outcomes.makeAsyncIterator()
      guard let bound = await firstOutcome.next(), let address = bound else {
        // It stopped without listening: the group's error (a port already taken, a migration
        // that failed) is what this run throws, rethrown as this body returns.
        logger.error("the gRPC server stopped before it listened")
        return
      }
      var ports = adminPorts.makeAsyncIterator()
      let adminPort = await ports.next() ?? 0
      logger.info(
        "serving", metadata: ["grpc": "\(address)", "admin": "\(admin.host):\(adminPort)", "tls": "\(!grpc.plaintext)"])
      onListening(ListeningAddresses(grpc: address, adminPort: adminPort))
    }
  }

  /// Applies pending migrations to the configured database and returns.
  public func migrate() async throws {
    let reader = SettingsReader(self.config)
    let logger = try self.makeLogger(reader)
    guard let migrations = self.definition.allMigrations else { return }
    let database = Database(
      try DatabaseSettings(reader, serviceName: self.definition.name), logger: logger,
      uniqueViolations: self.definition.uniqueViolations)
    try await withThrowingTaskGroup(of: Void.self) { group in
      group.addTask { try await database.run() }
      let applied = try await Migrator(migrations).migrate(database)
      print(
        "abonent-\(self.definition.name): migrations up to date; applied now: \(applied.map(String.init).joined(separator: ", "))"
      )
      group.cancelAll()
    }
  }

  func makeServer(
    grpc: GRPCSettings, auth: AuthSettings, registry: PrometheusCollectorRegistry, drain: ServerDrain,
    context: ServiceContext, parts: ServiceParts, logger: Logger
  ) async throws -> GRPCServer<HTTP2ServerTransport.Posix> {
    let verifier =
      if let keySource = parts.keySource {
        try await AccessTokenVerifier(source: keySource, audience: auth.audience, issuer: auth.issuer, loadNow: false)
      } else {
        try await auth.makeVerifier()
      }
    if verifier == nil {
      logger.warning("no ABONENT_AUTH_JWKS_FILE: only public methods can be called")
    }
    var services = parts.services
    var contracts = self.definition.contracts
    if let database = context.database {
      let feed = self.definition.eventFeed
      services.append(
        EventFeedService(
          feed: feed, database: database, pollInterval: try EventFeedService.pollInterval(context.settings)))
      contracts.append(feed.contract)
    }
    return GRPCServer(
      transport: grpc.makeTransport(),
      services: [PlatformService(serving: contracts)] + services,
      interceptors: [
        ErrorBoundaryInterceptor(logger: logger, limits: grpc.requestLimits, drain: drain),
        MetricsInterceptor(registry: registry),
        AuthInterceptor(verifier: verifier, contracts: [PlatformContract.contract] + contracts),
      ]
    )
  }

  func makeLogger(_ reader: SettingsReader) throws(ConfigurationError) -> Logger {
    var logger = Logger(label: "abonent-\(self.definition.name)")
    logger.logLevel = try reader.oneOf(
      "abonent.log.level", default: .info,
      ["trace": .trace, "debug": .debug, "info": .info, "notice": .notice, "warning": .warning, "error": .error]
    )
    return logger
  }
}

extension GRPCServer where Transport == HTTP2ServerTransport.Posix {
  /// `host:port` once the server listens; throws if it could not bind.
  var boundAddress: String {
    get async throws {
      let address = try await self.listeningAddress
      if let ipv4 = address?.ipv4 { return "\(ipv4.host):\(ipv4.port)" }
      return address.map { "\($0)" } ?? "unbound"
    }
  }
}

/// Where a started server listens.
public struct ListeningAddresses: Sendable {
  /// `host:port` of the gRPC endpoint.
  public var grpc: String
  /// The admin HTTP port.
  public var adminPort: Int

  /// The gRPC endpoint's port.
  public var grpcPort: Int { Int(self.grpc.split(separator: ":").last ?? "") ?? 0 }
}
