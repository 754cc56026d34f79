import BillingAPI
import BillingDocuments
import BillingRules
import WireCodec

extension Billing {
  /// Amounts at one VAT rate as documents print them: `22 %`, `1 011,94`, `222,63`, `1 234,57`;
  /// `signed` prints differences with their sign (`+10,00`). A `nil` rate prints nothing (a total
  /// over several rates).
  static func documentVat(
    rate: ExactDecimal?, net: ExactDecimal, vat: ExactDecimal, gross: ExactDecimal, signed: Bool = false
  ) -> DocumentVat {
    func format(_ amount: ExactDecimal) -> String { signed ? Money.signedRussian(amount) : Money.russian(amount) }
    let label: String
    if let rate { label = VatRate(percent: rate)?.label ?? "\(rate) %" } else { label = "" }
    return DocumentVat(rate: label, net: format(net), vat: format(vat), gross: format(gross))
  }

  /// One line's VAT in `currency`, as documents print it.
  func documentVat(_ line: VatLine, currency: String) -> DocumentVat {
    Self.documentVat(
      rate: line.rate.percent, net: Money.decimal(line.net, currency: currency),
      vat: Money.decimal(line.vat, currency: currency),
      gross: Money.decimal(line.gross, currency: currency))
  }

  /// Sums over several rates (no rate printed) in `currency`.
  func documentVat(_ sum: VatSum, currency: String, signed: Bool = false) -> DocumentVat {
    Self.documentVat(
      rate: nil, net: Money.decimal(sum.net, currency: currency), vat: Money.decimal(sum.vat, currency: currency),
      gross: Money.decimal(sum.gross, currency: currency), signed: signed)
  }

  /// A reply's per-rate totals, as documents print them.
  static func documentVat(_ total: VatTotal, signed: Bool = false) -> DocumentVat {
    Self.documentVat(rate: total.rate, net: total.net, vat: total.vat, gross: total.gross, signed: signed)
  }
}
