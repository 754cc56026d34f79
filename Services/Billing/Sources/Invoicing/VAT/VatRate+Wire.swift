import BillingAPI
import BillingRules
import WireCodec

extension VatRate {
  /// The rate from a request's percentage: 0–100 with at most two decimals; `nil` otherwise.
  init?(percent: ExactDecimal) {
    guard percent.scale <= 18 else { return nil }
    // percent × 100 in hundredths, exactly, or nothing.
    let units = Int128(percent.units) * 100
    let divisor = Int128(Money.power(of: percent.scale))
    guard units % divisor == 0, let hundredths = Int64(exactly: units / divisor) else { return nil }
    self.init(hundredths: hundredths)
  }

  /// The percentage as replies carry it, without trailing zeros: `22`, `12.5`, `0`.
  var percent: ExactDecimal {
    if self.hundredths % 100 == 0 { return ExactDecimal(units: self.hundredths / 100, scale: 0) }
    if self.hundredths % 10 == 0 { return ExactDecimal(units: self.hundredths / 10, scale: 1) }
    return ExactDecimal(units: self.hundredths, scale: 2)
  }

  /// A rate read from a column the schema keeps within 0…10 000.
  init(column: Int32) {
    self.init(clamping: Int64(column))
  }
}

extension VatLine {
  /// The line's amounts as a reply's per-rate total, in `currency`.
  func total(currency: String) -> VatTotal {
    VatTotal(
      rate: self.rate.percent, net: Money.decimal(self.net, currency: currency),
      vat: Money.decimal(self.vat, currency: currency),
      gross: Money.decimal(self.gross, currency: currency))
  }
}
