import BillingRules
import WireCodec

/// Amounts are stored as integer minor units (kopecks, tiyn, cents) of the account's
/// currency. Nothing is rounded: an amount with more fractional digits than the currency has
/// (10.005 RUB) is refused, while trailing zeros (10.500) are fine.
enum Money {
  /// `amount` in minor units of `currency`; `nil` when it cannot be represented exactly or
  /// does not fit. ``exactMinorUnits(_:currency:)`` tells the two apart.
  static func minorUnits(_ amount: ExactDecimal, currency: String) -> Int64? {
    guard case .exact(let minor) = self.exactMinorUnits(amount, currency: currency) else { return nil }
    return minor
  }

  /// What an amount is in minor units of a currency.
  enum MinorUnits: Equatable {
    case exact(Int64)
    /// More fractional digits than the currency has (10.005 RUB).
    case fractional
    /// Beyond what 64 bits of minor units hold.
    case tooLarge
    /// Not a currency Billing keeps money in.
    case unknownCurrency
  }

  /// `amount` in minor units of `currency`, computed in 128 bits so that no scale or size a
  /// caller can send traps.
  static func exactMinorUnits(_ amount: ExactDecimal, currency: String) -> MinorUnits {
    guard let digits = Currencies.minorDigits(currency) else { return .unknownCurrency }
    let units = Int128(amount.units)
    if amount.scale <= digits {
      return Int64(exactly: units * Int128(self.power(of: digits - amount.scale))).map(MinorUnits.exact) ?? .tooLarge
    }
    let divisor = Int128(self.power(of: amount.scale - digits))
    guard units % divisor == 0 else { return .fractional }
    return .exact(Int64(units / divisor))
  }

  /// Minor units of `currency` as a decimal with the currency's digits: 1050 RUB → 10.50.
  static func decimal(_ minor: Int64, currency: String) -> ExactDecimal {
    self.decimal(minor, digits: Currencies.minorDigits(currency) ?? 2)
  }

  static func decimal(_ minor: Int64, digits: UInt8) -> ExactDecimal {
    ExactDecimal(units: minor, scale: digits)
  }

  /// 10^`exponent`; exponents above 18 (which no `ExactDecimal` scale reaches) give
  /// `Int64.max`, so a caller's product overflows visibly instead of trapping here.
  static func power(of exponent: UInt8) -> Int64 {
    guard exponent <= 18 else { return .max }
    return (0..<exponent).reduce(1) { value, _ in value * 10 }
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

  /// `minor` units of `from` at `rate` (units of `to` per unit of `from`), in minor units of
  /// `to`, rounded half-up once: currencies may differ in minor digits (JPY 0, RUB 2, KWD 3).
  static func convert(_ minor: Int64, from: String, to: String, at rate: ExactDecimal) -> Int64? {
    guard let fromDigits = Currencies.minorDigits(from), let toDigits = Currencies.minorDigits(to) else { return nil }
    // minor / 10^from × rate.units / 10^scale × 10^to, in 128 bits; a product beyond them
    // (an absurd rate) is no amount at all.
    let (product, overflow) = (Int128(minor) * Int128(rate.units)).multipliedReportingOverflow(
      by: Int128(self.power(of: toDigits)))
    guard !overflow else { return nil }
    let denominator = Int128(self.power(of: fromDigits)) * Int128(self.power(of: rate.scale))
    return Int64(exactly: self.dividedRounding(product, by: denominator))
  }

  /// `numerator / denominator` (denominator > 0) rounded half away from zero.
  static func dividedRounding(_ numerator: Int128, by denominator: Int128) -> Int128 {
    let (quotient, remainder) = numerator.quotientAndRemainder(dividingBy: denominator)
    guard remainder.magnitude * 2 >= denominator.magnitude else { return quotient }
    return quotient + (numerator < 0 ? -1 : 1)
  }
}

extension Money {
  /// What a payment of `localMinor` in an invoice's local currency is credited as in its
  /// contract currency: exactly the invoice's amount when the converted amount was paid,
  /// else the payment divided by the invoice's rate, rounded half-up to the contract
  /// currency's minor unit.
  static func creditedForLocalPayment(
    _ localMinor: Int64, of invoice: PurposeDecision.LocalCurrencyInvoice, localCurrency: String,
    contractCurrency: String
  ) throws(BillingError) -> Int64 {
    if localMinor == invoice.localAmountMinor { return invoice.amountMinor }
    guard invoice.rateUnits > 0, (0...18).contains(invoice.rateScale),
      let local = Currencies.minorDigits(localCurrency),
      let contract = Currencies.minorDigits(contractCurrency)
    else { throw BillingError.totalOutOfRange("The converted payment") }
    // localMinor / 10^local / (rateUnits / 10^rateScale) × 10^contract, in 128 bits.
    let numerator =
      Int128(localMinor) * Int128(self.power(of: UInt8(invoice.rateScale))) * Int128(self.power(of: contract))
    let denominator = Int128(invoice.rateUnits) * Int128(self.power(of: local))
    guard let credited = Int64(exactly: self.dividedRounding(numerator, by: denominator)) else {
      throw BillingError.totalOutOfRange("The converted payment")
    }
    return credited
  }
}
