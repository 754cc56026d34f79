/// One line's or one rate's VAT as a document prints it: the rate and the three amounts,
/// formatted by Billing (which computes them), so the layout only places them.
public struct DocumentVat: Sendable, Hashable {
  /// `22 %`; empty on a row that spans rates (a grand total).
  public var rate: String
  /// Amount without VAT.
  public var net: String
  public var vat: String
  /// Amount with VAT.
  public var gross: String

  public init(rate: String, net: String, vat: String, gross: String) {
    self.rate = rate
    self.net = net
    self.vat = vat
    self.gross = gross
  }
}

extension PageFlow {
  /// «Суммы в RUB» above a table whose amount columns carry no currency of their own.
  mutating func amountsCaption(currencyCode: String) {
    self.paragraph("Суммы в \(currencyCode)", size: 8.5, alignment: .right, spaceAfter: 3)
  }

  /// «В том числе НДС 22 %, RUB: 222,63» per rate, right-aligned under a total.
  mutating func vatIncluded(_ totals: [DocumentVat], currencyCode: String) {
    for total in totals {
      self.paragraph("В том числе НДС \(total.rate), \(currencyCode): \(total.vat)", size: 9.5, alignment: .right)
    }
  }
}
