import WireCodec

/// Amounts are stored as integer minor units (kopecks, tiyn, cents) of the account's
/// currency. Nothing is rounded: an amount with more fractional digits than the currency has
/// (10.005 RUB) is refused, while trailing zeros (10.500) are fine.
enum Money {
  /// ISO 4217 codes Billing keeps accounts in, with their minor-unit digits.
  static let minorDigits: [String: UInt8] = ["RUB": 2, "KZT": 2, "USD": 2, "EUR": 2]

  /// `amount` in minor units of `currency`; `nil` when it cannot be represented exactly or
  /// does not fit.
  static func minorUnits(_ amount: ExactDecimal, currency: String) -> Int64? {
    guard let digits = self.minorDigits[currency] else { return nil }
    if amount.scale <= digits {
      let (value, overflow) = amount.units.multipliedReportingOverflow(by: self.power(of: digits - amount.scale))
      return overflow ? nil : value
    }
    let divisor = self.power(of: amount.scale - digits)
    guard amount.units % divisor == 0 else { return nil }
    return amount.units / divisor
  }

  /// Minor units of `currency` as a decimal with the currency's digits: 1050 RUB → 10.50.
  static func decimal(_ minor: Int64, currency: String) -> ExactDecimal {
    ExactDecimal(units: minor, scale: self.minorDigits[currency] ?? 2)
  }

  static func power(of exponent: UInt8) -> Int64 {
    (0..<exponent).reduce(1) { value, _ in value * 10 }
  }
}

extension Money {
  /// `value` with `digits` decimals, rounded half away from zero (half-up for the positive
  /// amounts and rates Billing rounds); a value with fewer digits is only padded.
  static func rounded(_ value: ExactDecimal, to digits: UInt8) -> ExactDecimal? {
    guard value.scale > digits else {
      let (units, overflow) = value.units.multipliedReportingOverflow(by: self.power(of: digits - value.scale))
      return overflow ? nil : ExactDecimal(units: units, scale: digits)
    }
    return Int64(exactly: self.dividedRounding(Int128(value.units), by: Int128(self.power(of: value.scale - digits))))
      .map { ExactDecimal(units: $0, scale: digits) }
  }

  /// `minor` units of one currency at `rate` (units of the other per unit), in minor units of
  /// the other, rounded half-up to the last minor unit. Both currencies have 2 digits; the
  /// product is computed in 128 bits, so nothing is lost before the one rounding.
  static func convert(_ minor: Int64, at rate: ExactDecimal) -> Int64? {
    Int64(exactly: self.dividedRounding(Int128(minor) * Int128(rate.units), by: Int128(self.power(of: rate.scale))))
  }

  /// `numerator / denominator` (denominator > 0) rounded half away from zero.
  static func dividedRounding(_ numerator: Int128, by denominator: Int128) -> Int128 {
    let (quotient, remainder) = numerator.quotientAndRemainder(dividingBy: denominator)
    guard remainder.magnitude * 2 >= denominator.magnitude else { return quotient }
    return quotient + (numerator < 0 ? -1 : 1)
  }
}
