public import RPC

/// The public contract of the Billing service: what callers import to talk to it.
public enum BillingContract {
  public static let serviceName = "abonent.billing.Billing"
  /// The documented default gRPC port (docs/configuration.md).
  public static let defaultPort = 7402

  /// Methods arrive with the Billing issues; until then the server answers Describe and Ping.
  public static let contract = ServiceContract(
    name: serviceName,
    doc: "Customers, personal accounts, ledger, payments, subscriptions, invoices, collections and documents.",
    methods: []
  )
}
