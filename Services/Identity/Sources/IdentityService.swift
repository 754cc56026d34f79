import IdentityAPI
import RPC
public import Runtime

/// The Identity service as one deployable unit: its contract, schema and how to build it.
public enum IdentityService {
  public static let definition = ServiceDefinition(
    name: "identity",
    defaultPort: IdentityContract.defaultPort,
    contracts: [IdentityContract.contract],
    migrations: IdentityMigrations.all,
    uniqueViolations: IdentityMigrations.uniqueViolations
  ) { context in
    let identity = try Identity(
      database: try context.requireDatabase(), settings: try IdentitySettings(context.settings), context: context)
    return ServiceParts(
      services: [IdentityHandlers(identity: identity)],
      // The client for Billing runs in the group, so its connection outlives every call.
      workers: [identity.customerCheck?.billing].compactMap { $0 },
      keySource: IdentityKeySource(keys: identity.keys),
      prepare: { try await identity.prepare() })
  }
}
