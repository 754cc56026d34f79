public import WireCodec

/// How a submitted reading is judged against its meter's history, as meter-data systems do
/// (SAP IS-U's plausibility checks, Oracle MDM's validations): each rule a reason code.
public struct ReadingValidation: Sendable, Hashable {
  /// What to do with a reading of a meter whose verification is overdue (setting).
  public enum OverduePolicy: String, Sendable, CaseIterable {
    case refuse
    case hold
  }

  /// Consumption above `highPercent` % of the account's usual is held for review (setting).
  public let highPercent: Int
  /// Consumption below `lowPercent` % of the usual (and above zero) is held too (setting).
  public let lowPercent: Int
  /// A turn-over is plausible up to this share of the register, percent (setting).
  public let rolloverShare: Int
  public let overdue: OverduePolicy

  public init(highPercent: Int, lowPercent: Int, rolloverShare: Int, overdue: OverduePolicy) {
    self.highPercent = highPercent
    self.lowPercent = lowPercent
    self.rolloverShare = rolloverShare
    self.overdue = overdue
  }

  /// The verdict on one reading.
  public enum Verdict: Sendable, Equatable {
    /// Billed as it is; `flags` say what is worth a look (ZERO_CONSUMPTION, ROLLOVER).
    case accepted(units: Int64, flags: [String])
    /// Kept but not billed until staff review it.
    case held(units: Int64?, reason: String)
    /// Not registered at all.
    case refused(reason: String, message: String)
  }

  /// `current` after `previous` (nil for a meter's first reading), given the usual consumption
  /// over the same span (nil without history) and whether verification is overdue on the day read.
  public func judge(
    previous: Int64?, current: Int64, register: MeterRegister, usual: Int64?, verificationDue: CalendarDate?,
    readOn: CalendarDate
  ) -> Verdict {
    if let due = verificationDue, readOn > due {
      switch self.overdue {
      case .refuse:
        return .refused(
          reason: "VERIFICATION_OVERDUE",
          message: "Срок поверки прибора учёта истёк \(due): показания не принимаются до поверки.")
      case .hold:
        return .held(units: nil, reason: "VERIFICATION_OVERDUE")
      }
    }
    guard let previous else { return .accepted(units: 0, flags: ["FIRST_READING"]) }
    let consumption = Consumption.between(
      previous: previous, current: current, register: register, rolloverShare: self.rolloverShare)
    guard let units = consumption.units else {
      return .refused(
        reason: "READING_BELOW_PREVIOUS",
        message: "Показания \(register.text(of: current)) меньше предыдущих \(register.text(of: previous)).")
    }
    var flags: [String] = []
    if case .rollover = consumption { flags.append("ROLLOVER") }
    if units == 0 { return .accepted(units: 0, flags: flags + ["ZERO_CONSUMPTION"]) }
    if let usual, usual > 0 {
      // Units ≤ 10^13 and percents ≤ 10^4: the products stay far inside Int64.
      if units * 100 > usual * Int64(self.highPercent) { return .held(units: units, reason: "CONSUMPTION_HIGH") }
      if units * 100 < usual * Int64(self.lowPercent) { return .held(units: units, reason: "CONSUMPTION_LOW") }
    }
    return .accepted(units: units, flags: flags)
  }
}
