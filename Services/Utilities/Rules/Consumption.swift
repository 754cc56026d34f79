/// What a meter used between two readings (docs/utilities.md, "Readings"). A value below the
/// previous one is a register that turned over only when that is plausible: the consumption it
/// would mean is at most `rolloverShare` percent of the register's capacity (a 5-digit register
/// going 99998 → 00003 used 5 m³; going 145 → 100 it would have used 99,955 m³ — refused).
public enum Consumption: Sendable, Equatable {
  case normal(units: Int64)
  case rollover(units: Int64)
  /// Below the previous reading, and not a plausible turn-over.
  case belowPrevious

  public static func between(previous: Int64, current: Int64, register: MeterRegister, rolloverShare: Int)
    -> Consumption
  {
    if current >= previous { return .normal(units: current - previous) }
    let turned = register.capacity - previous + current
    // capacity ≤ 10^13 and rolloverShare ≤ 100: no overflow.
    return turned * 100 <= register.capacity * Int64(rolloverShare) ? .rollover(units: turned) : .belowPrevious
  }

  /// The units used, if any.
  public var units: Int64? {
    switch self {
    case .normal(let units), .rollover(let units): units
    case .belowPrevious: nil
    }
  }
}
