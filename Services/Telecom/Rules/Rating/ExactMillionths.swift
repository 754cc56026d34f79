/// An exact non-negative amount in millionths of the currency's major unit, as a mixed number
/// `whole + numerator / denominator` with `0 <= numerator < denominator` and the fraction in lowest terms.
///
/// Why not a single integer: a per-minute price applied to 37 billed seconds is `price * 37 / 60`, which is
/// rarely a whole millionth. Keeping the fraction lets audits re-derive the rounded figure exactly.
public struct ExactMillionths: Hashable, Sendable {
  public let whole: Int64
  public let numerator: Int64
  public let denominator: Int64

  /// Builds the amount from an unreduced remainder over `denominator` (both non-negative, `remainder < denominator`).
  init(whole: Int64, remainder: Int64, denominator: Int64) {
    self.whole = whole
    if remainder == 0 {
      numerator = 0
      self.denominator = 1
    } else {
      let divisor = ExactMillionths.greatestCommonDivisor(remainder, denominator)
      numerator = remainder / divisor
      self.denominator = denominator / divisor
    }
  }

  /// True when the amount is a whole number of millionths.
  public var isWhole: Bool { numerator == 0 }

  static func greatestCommonDivisor(_ first: Int64, _ second: Int64) -> Int64 {
    var (a, b) = (first, second)
    while b != 0 { (a, b) = (b, a % b) }
    return a
  }
}
