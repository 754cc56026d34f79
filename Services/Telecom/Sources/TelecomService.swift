public import Runtime
import TelecomAPI

/// The Telecom service as one deployable unit: its contract and how to build its handlers.
public enum TelecomService {
  public static let definition = ServiceDefinition(
    name: "telecom",
    defaultPort: TelecomContract.defaultPort,
    contracts: [TelecomContract.contract],
    migrations: []
  ) { _ in
    []
  }
}
