public import Settings

/// Billing's own settings. Keys under `abonent.billing.` (environment `ABONENT_BILLING_…`);
/// docs/billing.md lists them.
public struct BillingSettings: Sendable {
  /// `cycleMinuteOfDay` (default 60, i.e. 01:00): when the nightly cycle runs, in minutes after
  /// local midnight.
  public var cycleMinuteOfDay: Int
  /// `cycleUTCOffsetMinutes` (default 180, Moscow): the local time zone of the cycle, and so
  /// which calendar day it runs for.
  public var cycleUTCOffsetMinutes: Int

  public init(_ reader: SettingsReader) throws(ConfigurationError) {
    self.cycleMinuteOfDay = try reader.int("abonent.billing.cycleMinuteOfDay", default: 60, in: 0...1439)
    self.cycleUTCOffsetMinutes = try reader.int("abonent.billing.cycleUTCOffsetMinutes", default: 180, in: -720...840)
  }
}
