public import Runtime
import IdentityAPI

/// The Identity service as one deployable unit: its contract and how to build its handlers.
public enum IdentityService {
  public static let definition = ServiceDefinition(
    name: "identity",
    defaultPort: IdentityContract.defaultPort,
    contracts: [IdentityContract.contract],
    migrations: []
  ) { _ in
    []
  }
}
