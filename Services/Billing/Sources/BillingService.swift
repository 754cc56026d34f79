import BillingAPI
import RPC
public import Runtime
import Storage
import WireCodec

/// The Billing service as one deployable unit: its contract, schema and how to build it.
public enum BillingService {
  /// Billing as deployed: no payment gateway ships with it, so autopayment is unavailable
  /// until an operator builds it with theirs (``definition(gateway:)``).
  public static let definition = definition(gateway: nil)

  /// Billing with `gateway` charging cards for autopayment.
  public static func definition(gateway: (any PaymentGateway)?) -> ServiceDefinition {
    ServiceDefinition(
      name: "billing",
      defaultPort: BillingContract.defaultPort,
      contracts: [BillingContract.contract],
      migrations: BillingMigrations.all,
      uniqueViolations: BillingMigrations.uniqueViolations
    ) { context in
      let settings = try BillingSettings(context.settings)
      let billing = Billing(
        database: try context.requireDatabase(), clock: context.clock, logger: context.logger, settings: settings,
        gateway: gateway,
        metrics: context.metrics)
      let jobs = try context.jobRunner(
        handlers: [
          JobHandler(kind: Billing.dailyCycleJob, maxAttempts: 5) { job, _ in
            // The key is the local day of the slot, `YYYY-MM-DD`.
            guard let date = CalendarDate(iso8601: job.key) else { return }
            try await billing.runNightlyCycle(for: date)
          },
          // Outside a transaction: no lock is held while the payment gateway is asked.
          JobHandler(
            kind: Billing.autopayJob, maxAttempts: 5,
            outsideTransaction: { job in
              try await billing.runAutopay(job)
            }),
          JobHandler(kind: Billing.criticalBalanceJob, maxAttempts: 5) { job, transaction in
            try await billing.runCriticalBalanceNotice(job, on: transaction)
          },
        ],
        recurring: settings.nightlyCycle
          ? [
            RecurringJob(
              kind: Billing.dailyCycleJob,
              schedule: .daily(minuteOfDay: settings.cycleMinuteOfDay, utcOffsetMinutes: settings.cycleUTCOffsetMinutes)
            )
          ] : [])
      return ServiceParts(services: [BillingHandlers(billing: billing)], workers: [jobs])
    }
  }
}
