import BillingAPI
import IdentityAPI
import RPC
public import Runtime
import ServiceLifecycle
import Settings
import Storage
import TelecomAPI

/// The Telecom service as one deployable unit: its contract, schema and how to build it.
public enum TelecomService {
  public static let definition = ServiceDefinition(
    name: "telecom",
    defaultPort: TelecomContract.defaultPort,
    contracts: [TelecomContract.contract],
    migrations: TelecomMigrations.all,
    uniqueViolations: TelecomMigrations.uniqueViolations
  ) { context in
    let settings = try TelecomSettings(context.settings)
    let simulator = NetworkSimulator(seed: settings.simulatorSeed, now: { context.clock.now() })
    try simulator.setLatency(settings.simulatorLatency)
    try simulator.setFailures(perMillion: settings.simulatorFailurePermille * 1000)
    let registry = OsmoHLRRegistry(
      control: OsmoControlClient(
        host: settings.hlrHost, port: settings.hlrCtrlPort, requestTimeout: settings.hlrTimeout))
    let network = MobileNetwork(
      registry: registry, services: simulator, joined: { try? simulator.add(imsi: $0) },
      left: { simulator.remove(imsi: $0) })
    let billing = try Self.billingLink(settings, context: context)
    let telecom = Telecom(
      database: try context.requireDatabase(), clock: context.clock, logger: context.logger, settings: settings,
      network: network, accounts: billing.map { BillingAccountDirectory(billing: $0.client) },
      billing: billing?.client, metrics: context.metrics)
    let bulkPacer = BulkPacer(operationsPerSecond: settings.bulkOperationsPerSecond)
    let jobs = try context.jobRunner(
      handlers: [
        // Outside a transaction: no SIM row stays locked while the network is asked.
        JobHandler(
          kind: Telecom.operationRecoveryJob, maxAttempts: 10,
          outsideTransaction: { job in try await telecom.recover(job) }),
        // A bulk operation works through its SIMs for as long as they take, renewing its lease
        // between chunks; one pacer keeps all of them at the configured rate.
        JobHandler(
          kind: Telecom.bulkOperationJob, maxAttempts: Telecom.bulkOperationAttempts,
          outsideTransaction: { job in try await telecom.runBulkOperation(job, pacer: bulkPacer) }),
        // A usage export reads its report page by page with no transaction open, then stores
        // the file, ends its task and queues the mail in one.
        JobHandler(
          kind: Telecom.usageExportJob, maxAttempts: Telecom.usageExportAttempts,
          outsideTransaction: { job in try await telecom.runUsageExport(job) }),
        JobHandler(
          kind: Telecom.callExportJob, maxAttempts: Telecom.usageExportAttempts,
          outsideTransaction: { job in try await telecom.runCallExport(job) }),
        JobHandler(
          kind: Telecom.numberExportJob, maxAttempts: Telecom.usageExportAttempts,
          outsideTransaction: { job in try await telecom.runNumberExport(job) }),
        // The pool's nightly cycle asks Billing (unpaid reservations), so no transaction is open.
        JobHandler(
          kind: Telecom.numberCycleJob, maxAttempts: 3,
          outsideTransaction: { _ in _ = try await telecom.runNumberCycle() }),
        // DDL on the partitioned table, in statements of its own.
        JobHandler(
          kind: Telecom.callMonthsJob, maxAttempts: 3,
          outsideTransaction: { _ in _ = try await telecom.detachOldCallMonths() }),
        // Deletes expired Downloads in batches of their own transactions.
        JobHandler(
          kind: Telecom.downloadsCleanupJob, maxAttempts: 3,
          outsideTransaction: { _ in try await telecom.deleteExpiredDownloads() }),
      ],
      recurring: [
        RecurringJob(kind: Telecom.downloadsCleanupJob, schedule: .every(settings.downloadsCleanupInterval)),
        RecurringJob(kind: Telecom.callMonthsJob, schedule: .every(.seconds(3_600))),
      ]
        + (settings.nightlyNumberCycle
          ? [
            RecurringJob(
              kind: Telecom.numberCycleJob,
              schedule: .daily(
                minuteOfDay: settings.numberCycleMinuteOfDay, utcOffsetMinutes: settings.reportUTCOffsetMinutes))
          ] : []))
    var workers: [any Service] = [jobs, UsageCollector(telecom: telecom), RatingRefresher(telecom: telecom)]
    if let billing {
      workers += billing.workers
      workers.append(
        EventFeedConsumer(
          cursorName: "billing", feed: EventFeedContract(service: "billing"), source: billing.address,
          database: try context.requireDatabase(),
          subscriptions: [
            .on(BillingEvents.accountBlocked) { event, _, transaction in
              try await telecom.debtBlock(event, on: transaction)
            },
            .on(BillingEvents.accountUnblocked) { event, _, transaction in
              try await telecom.debtUnblock(event, on: transaction)
            },
            .on(BillingEvents.subscriptionChanged) { event, _, transaction in
              try await telecom.subscriptionChanged(event, on: transaction)
            },
          ],
          retryDelay: .milliseconds(200)...(.seconds(10)), tokens: billing.tokens, logger: context.logger))
      workers.append(ChargePoster(telecom: telecom, billing: billing.client))
    }
    // The rating book is read before the first call: AuthorizeCall never answers from nothing.
    return ServiceParts(
      services: [TelecomHandlers(telecom: telecom)], workers: workers,
      prepare: { telecom.rating.install(try await telecom.loadRatingBook()) })
  }

  /// How Telecom reaches Billing, when `abonent.telecom.billingAddress` is set (the outbox keeps
  /// charges while Billing is away).
  static func billingLink(_ settings: TelecomSettings, context: ServiceContext) throws -> DependencyLink? {
    try DependencyLink.make(
      dependency: "billing", name: "Billing", address: settings.billing, token: settings.billingToken,
      serviceAccount: settings.serviceAccount, addressSetting: "abonent.telecom.billingAddress", context: context)
  }
}
