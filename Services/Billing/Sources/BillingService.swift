public import Runtime
import BillingAPI

/// The Billing service as one deployable unit: its contract and how to build its handlers.
public enum BillingService {
  public static let definition = ServiceDefinition(
    name: "billing",
    defaultPort: BillingContract.defaultPort,
    contracts: [BillingContract.contract],
    migrations: []
  ) { _ in
    []
  }
}
