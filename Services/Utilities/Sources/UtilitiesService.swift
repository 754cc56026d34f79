import BillingDocuments
import IdentityAPI
import RPC
public import Runtime
import ServiceLifecycle
import Storage
import UtilitiesAPI

/// The Utilities service as one deployable unit: its contract, schema and how to build it.
public enum UtilitiesService {
  public static let definition = ServiceDefinition(
    name: "utilities",
    defaultPort: UtilitiesContract.defaultPort,
    contracts: [UtilitiesContract.contract],
    migrations: UtilitiesMigrations.all,
    uniqueViolations: UtilitiesMigrations.uniqueViolations
  ) { context in
    let settings = try UtilitiesSettings(context.settings)
    let billing = try DependencyLink.make(
      dependency: "billing", name: "Billing", address: settings.billing, token: settings.billingToken,
      serviceAccount: settings.serviceAccount, addressSetting: "abonent.utilities.billingAddress", context: context)
    let utilities = Utilities(
      database: try context.requireDatabase(), clock: context.clock, logger: context.logger, settings: settings,
      billing: billing?.client, documents: DocumentRenderer(fonts: try DocumentFonts.load()), metrics: context.metrics)
    var workers: [any Service] = []
    if let billing {
      workers += billing.workers
      workers.append(MonthChargePoster(utilities: utilities))
    }
    if let identity = try DependencyLink.make(
      dependency: "identity", name: "Identity", address: settings.identity, token: settings.identityToken,
      serviceAccount: settings.serviceAccount, addressSetting: "abonent.utilities.identityAddress", context: context)
    {
      workers += identity.workers
      workers.append(
        EventFeedConsumer(
          cursorName: "identity", feed: EventFeedContract(service: "identity"), source: identity.address,
          database: try context.requireDatabase(),
          subscriptions: [
            .on(IdentityEvents.companyConfirmed) { event, _, transaction in
              try await utilities.companyConfirmed(event, on: transaction)
            }
          ],
          retryDelay: .milliseconds(200)...(.seconds(10)), tokens: identity.tokens, logger: context.logger))
    }
    return ServiceParts(services: [UtilitiesHandlers(utilities: utilities)], workers: workers)
  }
}
