import ISPAPI
public import Runtime

/// The ISP service as one deployable unit: its contract, schema and how to build it. Its
/// methods arrive with issue 19; the schema FreeRADIUS reads is here already (docs/isp.md).
public enum ISPService {
  public static let definition = ServiceDefinition(
    name: "isp",
    defaultPort: ISPContract.defaultPort,
    contracts: [ISPContract.contract],
    migrations: ISPMigrations.all
  ) { context in
    _ = try context.requireDatabase()
    return ServiceParts(services: [])
  }
}
