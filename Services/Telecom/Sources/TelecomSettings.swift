public import RPC
public import Settings

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
