public import Runtime
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
    try simulator.setFailureRate(settings.simulatorFailureRate)
    let registry = OsmoHLRRegistry(
      control: OsmoControlClient(
        host: settings.hlrHost, port: settings.hlrCtrlPort, requestTimeout: settings.hlrTimeout))
    let network = MobileNetwork(
      registry: registry, services: simulator, joined: { try? simulator.add(imsi: $0) },
      left: { simulator.remove(imsi: $0) })
    let telecom = Telecom(
      database: try context.requireDatabase(), clock: context.clock, logger: context.logger, settings: settings,
      network: network)
    let jobs = try context.jobRunner(handlers: [
      // Outside a transaction: no SIM row stays locked while the network is asked.
      JobHandler(
        kind: Telecom.operationRecoveryJob, maxAttempts: 10,
        outsideTransaction: { job in try await telecom.recover(job) })
    ])
    return ServiceParts(services: [TelecomHandlers(telecom: telecom)], workers: [jobs])
  }
}
