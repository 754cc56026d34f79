public import Runtime
import BillingAPI
import RPC

/// The Billing service as one deployable unit: its contract, schema and how to build it.
public enum BillingService {
  public static let definition = ServiceDefinition(
    name: "billing",
    defaultPort: BillingContract.defaultPort,
    contracts: [BillingContract.contract],
    migrations: BillingMigrations.all
  ) { context in
    let billing = Billing(database: try context.requireDatabase(), clock: context.clock, logger: context.logger)
    return ServiceParts(services: [BillingHandlers(billing: billing)])
  }
}
