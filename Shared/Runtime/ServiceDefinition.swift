public import GRPCCore
public import Logging
public import RPC
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
  /// Builds the service implementations once configuration is read.
  public let makeServices: @Sendable (_ context: ServiceContext) async throws -> [any RegistrableRPCService]

  public init(
    name: String,
    defaultPort: Int,
    contracts: [ServiceContract],
    migrations: [Migration]?,
    makeServices: @escaping @Sendable (_ context: ServiceContext) async throws -> [any RegistrableRPCService]
  ) {
    self.name = name
    self.defaultPort = defaultPort
    self.contracts = contracts
    self.migrations = migrations
    self.makeServices = makeServices
  }

  /// The audience tokens for this service carry, e.g. `abonent-billing`.
  public var audience: String { "abonent-\(self.name)" }
}

/// What a service's builder can use: its settings, its database (when it has one) and logger.
public struct ServiceContext: Sendable {
  public let settings: SettingsReader
  public let database: Database?
  public let logger: Logger

  public init(settings: SettingsReader, database: Database?, logger: Logger) {
    self.settings = settings
    self.database = database
    self.logger = logger
  }
}
