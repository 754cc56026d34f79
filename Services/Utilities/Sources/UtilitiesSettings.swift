public import RPC
public import Settings
import UtilitiesRules

/// Utilities' own settings. Keys under `abonent.utilities.` (environment `ABONENT_UTILITIES_…`);
/// docs/utilities.md and docs/configuration.md list them.
public struct UtilitiesSettings: Sendable {
  /// `billingAddress` (`host:port`) and `billingCAFile` (PEM; when set, TLS): Billing, where
  /// accounts are looked up, charges posted, VAT rates and statements read. Without it the
  /// service serves readings only; account opening, the month close and settlements answer
  /// BILLING_UNAVAILABLE.
  public var billing: ClientSettings?
  /// `billingToken` (secret): a fixed token for Billing; without it the service account's.
  public var billingToken: String?
  public var serviceAccount: ServiceAccountSettings?
  /// `identityAddress` (`host:port`) and `identityCAFile`: Identity, whose event feed says when a
  /// company confirms its registration (its organization, and the form's «Получать
  /// счёт-извещение на email»). Unset: contracts learn their organization from Billing only.
  public var identity: ClientSettings?
  /// `identityToken` (secret): a fixed token holding `identity.events.read`; without it the
  /// service account's.
  public var identityToken: String?
  /// `verificationYearsCold` (default 6) and `verificationYearsHot` (default 4), 1–20: the
  /// verification interval per water; a meter's next verification is due that many years
  /// after its last.
  public var verificationYearsCold: Int
  public var verificationYearsHot: Int
  /// `highPercent` (default 300, 101–10000) and `lowPercent` (default 10, 0–99): consumption
  /// above or below that share of the meter's usual monthly consumption is held for review.
  public var highPercent: Int
  public var lowPercent: Int
  /// `rolloverShare` (default 10, 1–50): a reading below the previous one is a turn-over of the
  /// register only when the consumption it means is at most this percent of the register.
  public var rolloverShare: Int
  /// `overdueReadings` (`hold` default, or `refuse`): readings of a meter past its verification.
  var overduePolicy: ReadingValidation.OverduePolicy
  /// `estimationMonths` (default 3, 0–24): a month without a reading bills the average of the
  /// meter's last this many months; 0 bills nothing.
  public var estimationMonths: Int
  /// `utcOffsetMinutes` (default 300, Kazakhstan's UTC+5): the day readings are dated by.
  public var utcOffsetMinutes: Int
  /// `waterServiceCode` (default `water`) and `sewerServiceCode` (default `sewer`): the service
  /// codes of the charges in Billing's ledger.
  public var waterServiceCode: String
  public var sewerServiceCode: String
  /// `vatCountry` (default `KZ`): the country whose VAT Billing's dated table gives.
  public var vatCountry: String
  /// `postInterval` (default 5s): how often charges Billing did not take yet are posted again.
  public var postInterval: Duration

  public init(_ reader: SettingsReader) throws(ConfigurationError) {
    if let address = reader.optionalString("abonent.utilities.billingAddress") {
      self.billing = try ClientSettings(
        address: address, caFile: reader.optionalString("abonent.utilities.billingCAFile"),
        key: "abonent.utilities.billingAddress")
    }
    self.billingToken = reader.optionalString("abonent.utilities.billingToken", isSecret: true)
    self.serviceAccount = try ServiceAccountSettings(reader)
    if let address = reader.optionalString("abonent.utilities.identityAddress") {
      self.identity = try ClientSettings(
        address: address, caFile: reader.optionalString("abonent.utilities.identityCAFile"),
        key: "abonent.utilities.identityAddress")
    }
    self.identityToken = reader.optionalString("abonent.utilities.identityToken", isSecret: true)
    self.verificationYearsCold = try reader.int("abonent.utilities.verificationYearsCold", default: 6, in: 1...20)
    self.verificationYearsHot = try reader.int("abonent.utilities.verificationYearsHot", default: 4, in: 1...20)
    self.highPercent = try reader.int("abonent.utilities.highPercent", default: 300, in: 101...10_000)
    self.lowPercent = try reader.int("abonent.utilities.lowPercent", default: 10, in: 0...99)
    self.rolloverShare = try reader.int("abonent.utilities.rolloverShare", default: 10, in: 1...50)
    let overdue = reader.string("abonent.utilities.overdueReadings", default: "hold")
    guard let policy = ReadingValidation.OverduePolicy(rawValue: overdue) else {
      throw ConfigurationError(message: "abonent.utilities.overdueReadings is hold or refuse, not \(overdue)")
    }
    self.overduePolicy = policy
    self.estimationMonths = try reader.int("abonent.utilities.estimationMonths", default: 3, in: 0...24)
    self.utcOffsetMinutes = try reader.int("abonent.utilities.utcOffsetMinutes", default: 300, in: -720...840)
    self.waterServiceCode = reader.string("abonent.utilities.waterServiceCode", default: "water")
    self.sewerServiceCode = reader.string("abonent.utilities.sewerServiceCode", default: "sewer")
    self.vatCountry = reader.string("abonent.utilities.vatCountry", default: "KZ")
    self.postInterval = try reader.duration("abonent.utilities.postInterval", default: .seconds(5))
    if self.identity != nil, self.identityToken == nil, self.serviceAccount == nil {
      throw ConfigurationError(
        message:
          "abonent.utilities.identityAddress needs a token: abonent.utilities.identityToken or the service account (abonent.serviceAccount.clientID)"
      )
    }
    if self.billing != nil, self.billingToken == nil, self.serviceAccount == nil {
      throw ConfigurationError(
        message:
          "abonent.utilities.billingAddress needs a token: abonent.utilities.billingToken or the service account (abonent.serviceAccount.clientID)"
      )
    }
  }

  var validation: ReadingValidation {
    ReadingValidation(
      highPercent: self.highPercent, lowPercent: self.lowPercent, rolloverShare: self.rolloverShare,
      overdue: self.overduePolicy)
  }
}
