import Logging
import RPC
import Runtime
import ServiceLifecycle

/// Collects usage from the network: page after page while pages come full, then a pause of
/// `usagePollInterval`. A failed round (the network or the database away) is logged and
/// tried again after a pause that doubles up to a minute.
struct UsageCollector: Service {
  let telecom: Telecom

  func run() async throws {
    await repeatRounds(
      pause: self.telecom.settings.usagePollInterval, maxPause: self.telecom.settings.retryMaxPause,
      logger: self.telecom.logger, what: "collecting usage"
    ) {
      try await self.telecom.collectUsage() >= self.telecom.settings.usagePageSize
    }
  }
}

/// Posts the outbox of usage charges to Billing: batch after batch while there are pending
/// ones, then a pause. While Billing is down the charges stay pending and go when it is back.
struct ChargePoster: Service {
  let telecom: Telecom
  let billing: ServiceClient

  func run() async throws {
    await repeatRounds(
      pause: self.telecom.settings.usagePollInterval, maxPause: self.telecom.settings.retryMaxPause,
      logger: self.telecom.logger, what: "posting usage charges"
    ) {
      try await self.telecom.postPendingCharges(to: self.billing) >= self.telecom.settings.chargeBatchSize
    }
  }
}
