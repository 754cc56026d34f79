import BillingAPI
import ISPAPI
public import Runtime
import ServiceLifecycle
import Storage
import WireCodec

/// The ISP service as one deployable unit: its contract, schema and how to build it.
public enum ISPService {
  public static let definition = ServiceDefinition(
    name: "isp",
    defaultPort: ISPContract.defaultPort,
    contracts: [ISPContract.contract],
    migrations: ISPMigrations.all,
    uniqueViolations: ISPMigrations.uniqueViolations
  ) { context in
    let settings = try ISPSettings(context.settings)
    let billing = try DependencyLink.make(
      dependency: "billing", name: "Billing", address: settings.billing, token: settings.billingToken,
      serviceAccount: settings.serviceAccount, addressSetting: "abonent.isp.billingAddress", context: context)
    let isp = ISP(
      database: try context.requireDatabase(), clock: context.clock, logger: context.logger, settings: settings,
      billing: billing?.client, metrics: context.metrics)
    var workers: [any Service] = []
    if let billing {
      // The month's charges, recorded once per plan and month however often the job runs.
      workers.append(
        try context.jobRunner(
          handlers: [
            JobHandler(
              kind: ISP.monthChargeJob, maxAttempts: 3,
              outsideTransaction: { _ in _ = try await isp.chargeMonth(isp.today.firstOfMonth) })
          ],
          recurring: settings.chargeInterval.map { [RecurringJob(kind: ISP.monthChargeJob, schedule: .every($0))] }
            ?? []))
      workers += billing.workers
      workers.append(PlanChargePoster(isp: isp))
      workers.append(
        EventFeedConsumer(
          cursorName: "billing", feed: EventFeedContract(service: "billing"), source: billing.address,
          database: try context.requireDatabase(),
          subscriptions: [
            .on(BillingEvents.accountBlocked) { event, _, transaction in
              try await isp.debtBlock(event, on: transaction)
            },
            .on(BillingEvents.accountUnblocked) { event, _, transaction in
              try await isp.debtUnblock(event, on: transaction)
            },
          ],
          retryDelay: .milliseconds(200)...(.seconds(10)), tokens: billing.tokens, logger: context.logger))
    }
    return ServiceParts(
      services: [ISPHandlers(isp: isp)], workers: workers, prepare: { try await isp.applyRadiusOptions() })
  }
}
