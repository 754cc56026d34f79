import ISPAPI
public import Runtime

/// The ISP service as one deployable unit: its contract and how to build its handlers.
public enum ISPService {
  public static let definition = ServiceDefinition(
    name: "isp",
    defaultPort: ISPContract.defaultPort,
    contracts: [ISPContract.contract],
    migrations: []
  ) { _ in
    []
  }
}
