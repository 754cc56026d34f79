public import RPC
public import Settings

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// Telecom's own settings. Keys under `abonent.telecom.` (environment `ABONENT_TELECOM_…`);
/// docs/telecom.md lists them.
public struct TelecomSettings: Sendable {
  /// `hlrHost`, `hlrCtrlPort` (default 127.0.0.1:4259): osmo-hlr's CTRL interface, the
  /// subscriber register SIMs are provisioned, blocked and unblocked in.
  public var hlrHost: String
  public var hlrCtrlPort: Int
  /// `hlrTimeout` (default 2s): how long one CTRL request may take before the network counts
  /// as unavailable.
  public var hlrTimeout: Duration
  /// `defaultAPN` (default `iot.abonent`): the APN of imported SIMs when the import names none.
  public var defaultAPN: String
  /// `simulatorSeed` (default 1), `simulatorLatency` (default 20ms), `simulatorFailurePermille`
  /// (default 0, 0–1000: failures per thousand calls): the network simulator that stands in for resets, limits, packages,
  /// presence and usage (docs/telecom.md, "The simulator").
  public var simulatorSeed: UInt64
  public var simulatorLatency: Duration
  public var simulatorFailurePermille: Int
  /// `operationRecoveryAfter` (default 30s): how long an operation may stay pending before
  /// the recovery job asks the network again with its id (a replica that crashed mid-call).
  public var operationRecoveryAfter: Duration
  /// `billingAddress` (`host:port`; unset: Telecom does not follow Billing) and
  /// `billingCAFile` (PEM; when set, TLS): where Billing's event feed is, for debt blocks.
  public var billing: ClientSettings?
  /// `billingToken` (secret): a fixed token holding `billing.events.read` for the feed. Without
  /// it the service account (`abonent.serviceAccount.*`, docs/configuration.md) gets one
  /// from Identity and renews it.
  public var billingToken: String?
  public var serviceAccount: ServiceAccountSettings?
  /// `simulatorControl` (default false): serves SimulateUsage, which makes the simulator produce
  /// usage records on demand (tests, demos); never on in production.
  public var simulatorControl: Bool
  /// `usagePollInterval` (default 5s): how often the network is asked for new usage records
  /// when the last page was not full; `usagePageSize` (default 1000, 1–10000): records per page.
  public var usagePollInterval: Duration
  public var usagePageSize: Int
  /// `usageServiceCode` (default `iot-usage`): the Billing service code usage charges carry;
  /// `chargeBatchSize` (default 500, 1–1000): charges per PostCharges call.
  public var usageServiceCode: String
  public var chargeBatchSize: Int
  /// `bulkOperationsPerSecond` (default 50, 1–10000): how many network calls bulk operations
  /// make per second, all of one replica's together (docs/telecom.md, "Bulk operations").
  public var bulkOperationsPerSecond: Int
  /// `reportTimeZone` (default `Europe/Moscow`, an IANA name): the time zone usage reports cut
  /// days in and show times in (docs/telecom.md, "Usage reports and downloads").
  public var reportTimeZone: String
  /// `exportMaximumRows` (default 100000, 1–1000000): the most rows one exported file holds; a
  /// larger report is refused EXPORT_TOO_LARGE, to be narrowed.
  public var exportMaximumRows: Int
  /// `downloadsKeepDays` (default 7, 1–365): how long an exported file stays in Downloads;
  /// `downloadsCleanupInterval` (default 1h): how often expired files are deleted.
  public var downloadsKeepDays: Int
  public var downloadsCleanupInterval: Duration
  /// `retryMaxPause` (default 60s, 1s–1h): the longest pause a background worker (usage
  /// collection, charge posting) takes after failed rounds; the pause doubles from the poll
  /// interval up to it, so a dependency that comes back is used again within this time.
  public var retryMaxPause: Duration
  /// `ratingRefreshInterval` (default 1s, 100ms–1h): how often a replica checks whether price
  /// lists or locks changed through another replica (its own changes apply at once).
  public var ratingRefreshInterval: Duration
  /// The DID pool (docs/telecom.md, "The DID number pool"). `coolingPeriodDays` (default 30,
  /// 1–365): the seed's «Срок отлежки номеров», how long a number rests without non-target
  /// calls; `agentPlaceOfService` (default `AGENT`): the place of service of agent numbers,
  /// whose non-target calls do not count (nor do FMTN numbers').
  public var coolingPeriodDays: Int
  public var agentPlaceOfService: String
  /// `ownProviders` (comma-separated provider codes; default none): the operator's own
  /// providers. Only their numbers may be forced for sale or released by a request.
  public var ownProviders: Set<String>
  /// `releaseConsentThreshold` (default 6, 1–1000): unique non-target callers from which a
  /// release request needs the customer's consent before approval.
  public var releaseConsentThreshold: Int
  /// `closedNumbersTo` (`archive`, the default, or `free`): where a working number goes when its
  /// subscription is closed; `free` skips the cooling period (the seed's case 2).
  public var closedNumbersTo: String
  /// `reservationPaymentDays` (default 8, 1–60): business days, by the customer's country
  /// calendar in Billing, a reserved number waits for its subscription to be paid.
  public var reservationPaymentDays: Int
  /// `numberCycleMinuteOfDay` (default 60, i.e. 01:00; 0–1439) in `reportTimeZone`: when the
  /// pool's nightly cycle runs.
  public var numberCycleMinuteOfDay: Int
  /// `nightlyNumberCycle` (default true): whether this replica schedules the pool's nightly
  /// cycle (any replica with it on runs each night's once for all); off, only RunNumberCycle
  /// runs it (tests that count what one run did).
  public var nightlyNumberCycle: Bool
  /// `callMonthsKept` (default 15, 14–1200): months of call records kept attached to
  /// `call_records`, this one included; older monthly partitions are detached (kept as tables
  /// of their own for archiving, never deleted row by row). At least 14: calls may arrive up to
  /// 400 days late.
  public var callMonthsKept: Int

  /// The report time zone's offset from UTC now, in minutes (the nightly cycle's schedule;
  /// a daylight-saving change moves it at the next start).
  public var reportUTCOffsetMinutes: Int {
    (TimeZone(identifier: self.reportTimeZone)?.secondsFromGMT() ?? 0) / 60
  }

  public init(_ reader: SettingsReader) throws(ConfigurationError) {
    self.hlrHost = reader.string("abonent.telecom.hlrHost", default: "127.0.0.1")
    self.hlrCtrlPort = try reader.int("abonent.telecom.hlrCtrlPort", default: 4259, in: 1...65535)
    self.hlrTimeout = try reader.duration("abonent.telecom.hlrTimeout", default: .seconds(2))
    self.defaultAPN = reader.string("abonent.telecom.defaultAPN", default: "iot.abonent")
    self.simulatorSeed = UInt64(try reader.int("abonent.telecom.simulatorSeed", default: 1, in: 0...Int.max))
    self.simulatorLatency = try reader.duration("abonent.telecom.simulatorLatency", default: .milliseconds(20))
    self.simulatorFailurePermille = try reader.int("abonent.telecom.simulatorFailurePermille", default: 0, in: 0...1000)
    self.operationRecoveryAfter = try reader.duration("abonent.telecom.operationRecoveryAfter", default: .seconds(30))
    if let address = reader.optionalString("abonent.telecom.billingAddress") {
      self.billing = try ClientSettings(
        address: address, caFile: reader.optionalString("abonent.telecom.billingCAFile"),
        key: "abonent.telecom.billingAddress")
    }
    self.billingToken = reader.optionalString("abonent.telecom.billingToken", isSecret: true)
    self.serviceAccount = try ServiceAccountSettings(reader)
    self.simulatorControl = try reader.bool("abonent.telecom.simulatorControl", default: false)
    self.usagePollInterval = try reader.duration("abonent.telecom.usagePollInterval", default: .seconds(5))
    self.usagePageSize = try reader.int("abonent.telecom.usagePageSize", default: 1000, in: 1...10_000)
    self.usageServiceCode = reader.string("abonent.telecom.usageServiceCode", default: "iot-usage")
    self.chargeBatchSize = try reader.int("abonent.telecom.chargeBatchSize", default: 500, in: 1...1000)
    self.bulkOperationsPerSecond = try reader.int(
      "abonent.telecom.bulkOperationsPerSecond", default: 50, in: 1...10_000)
    self.reportTimeZone = reader.string("abonent.telecom.reportTimeZone", default: "Europe/Moscow")
    self.exportMaximumRows = try reader.int(
      "abonent.telecom.exportMaximumRows", default: 100_000, in: 1...1_000_000)
    self.downloadsKeepDays = try reader.int("abonent.telecom.downloadsKeepDays", default: 7, in: 1...365)
    self.downloadsCleanupInterval = try reader.duration(
      "abonent.telecom.downloadsCleanupInterval", default: .seconds(3600))
    self.retryMaxPause = try reader.duration("abonent.telecom.retryMaxPause", default: .seconds(60))
    self.ratingRefreshInterval = try reader.duration("abonent.telecom.ratingRefreshInterval", default: .seconds(1))
    self.coolingPeriodDays = try reader.int("abonent.telecom.coolingPeriodDays", default: 30, in: 1...365)
    self.agentPlaceOfService = reader.string("abonent.telecom.agentPlaceOfService", default: "AGENT")
    self.ownProviders = Set(
      reader.string("abonent.telecom.ownProviders", default: "").split(separator: ",").map {
        String($0.filter { $0 != " " && $0 != "\t" })
      }.filter { !$0.isEmpty })
    self.releaseConsentThreshold = try reader.int(
      "abonent.telecom.releaseConsentThreshold", default: 6, in: 1...1000)
    self.closedNumbersTo = try reader.oneOf(
      "abonent.telecom.closedNumbersTo", default: "archive", ["archive": "archive", "free": "free"])
    self.reservationPaymentDays = try reader.int("abonent.telecom.reservationPaymentDays", default: 8, in: 1...60)
    self.numberCycleMinuteOfDay = try reader.int("abonent.telecom.numberCycleMinuteOfDay", default: 60, in: 0...1439)
    self.nightlyNumberCycle = try reader.bool("abonent.telecom.nightlyNumberCycle", default: true)
    self.callMonthsKept = try reader.int("abonent.telecom.callMonthsKept", default: 15, in: 14...1200)
    guard (Duration.milliseconds(100)...Duration.seconds(3600)).contains(self.ratingRefreshInterval) else {
      throw ConfigurationError(
        message: "abonent.telecom.ratingRefreshInterval (ABONENT_TELECOM_RATING_REFRESH_INTERVAL): 100ms to 1h")
    }
    guard (Duration.seconds(1)...Duration.seconds(3600)).contains(self.retryMaxPause) else {
      throw ConfigurationError(
        message: "abonent.telecom.retryMaxPause (ABONENT_TELECOM_RETRY_MAX_PAUSE): a duration from 1s to 1h")
    }
    // An IANA name both Foundation and PostgreSQL (AT TIME ZONE) know; a fixed offset such as
    // "+03" means the opposite sign to PostgreSQL (POSIX), so it is refused here.
    guard self.reportTimeZone.contains("/") || self.reportTimeZone == "UTC",
      TimeZone(identifier: self.reportTimeZone) != nil
    else {
      throw ConfigurationError(
        message:
          "abonent.telecom.reportTimeZone (ABONENT_TELECOM_REPORT_TIME_ZONE): an IANA time zone such as Europe/Moscow")
    }
    guard self.downloadsCleanupInterval > .zero else {
      throw ConfigurationError(
        message: "abonent.telecom.downloadsCleanupInterval (ABONENT_TELECOM_DOWNLOADS_CLEANUP_INTERVAL): more than 0")
    }
    guard self.usagePollInterval > .zero else {
      throw ConfigurationError(
        message: "abonent.telecom.usagePollInterval (ABONENT_TELECOM_USAGE_POLL_INTERVAL): more than 0")
    }
    guard !self.usageServiceCode.isEmpty, self.usageServiceCode.count <= 64 else {
      throw ConfigurationError(
        message: "abonent.telecom.usageServiceCode (ABONENT_TELECOM_USAGE_SERVICE_CODE): 1–64 characters")
    }
    if self.billing != nil, self.billingToken == nil, self.serviceAccount == nil {
      throw ConfigurationError(
        message:
          "abonent.telecom.billingAddress needs a token for Billing's feed: abonent.telecom.billingToken or the service account (abonent.serviceAccount.clientID)"
      )
    }
    guard self.hlrTimeout > .zero, self.operationRecoveryAfter > .zero else {
      throw ConfigurationError(
        message: "abonent.telecom.hlrTimeout and operationRecoveryAfter (ABONENT_TELECOM_…): must be more than 0")
    }
    guard !self.defaultAPN.isEmpty, self.defaultAPN.count <= 100 else {
      throw ConfigurationError(message: "abonent.telecom.defaultAPN (ABONENT_TELECOM_DEFAULT_APN): 1–100 characters")
    }
  }
}
