public import GRPCCore
public import RPC

/// What one deployable Abonent service is: its name, ports and RPC services. `main` passes
/// one of these to ``AbonentServer``.
public struct ServiceDefinition: Sendable {
  /// Short name, e.g. `billing`; the executable is `abonent-<name>`.
  public let name: String
  /// The documented default gRPC port (docs/configuration.md).
  public let defaultPort: Int
  /// The contracts served, for Describe and the auth table.
  public let contracts: [ServiceContract]
  /// Builds the service implementations once configuration is read.
  public let makeServices: @Sendable (_ context: ServiceContext) async throws -> [any RegistrableRPCService]

  public init(
    name: String,
    defaultPort: Int,
    contracts: [ServiceContract],
    makeServices: @escaping @Sendable (_ context: ServiceContext) async throws -> [any RegistrableRPCService]
  ) {
    self.name = name
    self.defaultPort = defaultPort
    self.contracts = contracts
    self.makeServices = makeServices
  }

  /// The audience tokens for this service carry, e.g. `abonent-billing`.
  public var audience: String { "abonent-\(self.name)" }
}

/// What a service's builder can use: its settings reader (storage and the rest arrive with
/// the platform-core storage issue).
public struct ServiceContext: Sendable {
  public let settings: SettingsReader

  public init(settings: SettingsReader) {
    self.settings = settings
  }
}
