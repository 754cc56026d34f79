public import Runtime
import UtilitiesAPI

/// The Utilities service as one deployable unit: its contract and how to build its handlers.
public enum UtilitiesService {
  public static let definition = ServiceDefinition(
    name: "utilities",
    defaultPort: UtilitiesContract.defaultPort,
    contracts: [UtilitiesContract.contract],
    migrations: []
  ) { _ in
    []
  }
}
