/// What one meter is billed for a month (docs/utilities.md, "Month close"). A meter keeps an
/// anchor — the register at the last reading the bills caught up with — and what was billed
/// since it (estimates). A real reading bills the consumption since the anchor less what the
/// estimates billed already (the true-up); when the estimates billed more than was used, the
/// month bills nothing and the anchor stays, so the excess is caught up by the next reading.
/// A month without a reading bills the average of the meter's last billed months.
public struct MonthlyConsumption: Sendable, Equatable {
  /// Register units billed this month (never negative).
  public let units: Int64
  /// The units are an estimate: no reading came.
  public let estimated: Bool
  /// The meter's anchor after this month (nil: none yet).
  public let anchor: Int64?
  /// Units billed since that anchor.
  public let billedSinceAnchor: Int64
  /// This month's reading became the anchor.
  public let readingAnchored: Bool

  public init(units: Int64, estimated: Bool, anchor: Int64?, billedSinceAnchor: Int64, readingAnchored: Bool) {
    self.units = units
    self.estimated = estimated
    self.anchor = anchor
    self.billedSinceAnchor = billedSinceAnchor
    self.readingAnchored = readingAnchored
  }

  /// - Parameters:
  ///   - reading: this month's accepted reading, in register units; nil when none came.
  ///   - anchor: the meter's anchor; nil before its first reading.
  ///   - billedSinceAnchor: units billed since the anchor.
  ///   - history: the units billed in the meter's last months (real or estimated), newest first.
  ///   - estimationMonths: how many of them the estimate averages (a setting); 0 estimates nothing.
  public static func month(
    reading: Int64?, anchor: Int64?, billedSinceAnchor: Int64, history: [Int64], register: MeterRegister,
    estimationMonths: Int
  ) -> MonthlyConsumption {
    guard let reading else {
      let window = history.prefix(max(0, estimationMonths))
      // Rounded down: an estimate never bills a unit that was not seen on average.
      let estimate = window.isEmpty ? 0 : window.reduce(0, +) / Int64(window.count)
      return MonthlyConsumption(
        units: estimate, estimated: true, anchor: anchor, billedSinceAnchor: billedSinceAnchor + estimate,
        readingAnchored: false)
    }
    guard let anchor else {
      return MonthlyConsumption(
        units: 0, estimated: false, anchor: reading, billedSinceAnchor: 0, readingAnchored: true)
    }
    // Accepted readings were judged against the previous one; a turn-over is always plausible here.
    let used =
      Consumption.between(previous: anchor, current: reading, register: register, rolloverShare: 100).units ?? 0
    let due = used - billedSinceAnchor
    guard due >= 0 else {
      return MonthlyConsumption(
        units: 0, estimated: false, anchor: anchor, billedSinceAnchor: billedSinceAnchor, readingAnchored: false)
    }
    return MonthlyConsumption(
      units: due, estimated: false, anchor: reading, billedSinceAnchor: 0, readingAnchored: true)
  }
}
