/// A VAT rate in hundredths of a percent: 2000 is 20 %, 1250 would be 12.5 %. Whole numbers
/// keep every computation in integers; two decimals cover any rate a tax code has used.
struct VatRate: Sendable, Hashable, Comparable {
  /// 0…10 000 (0 %…100 %).
  let hundredths: Int64

  static let range: ClosedRange<Int64> = 0...10_000

  /// `nil` outside 0 %…100 %.
  init?(hundredths: Int64) {
    guard Self.range.contains(hundredths) else { return nil }
    self.hundredths = hundredths
  }

  static func < (lhs: VatRate, rhs: VatRate) -> Bool { lhs.hundredths < rhs.hundredths }

  /// The percentage as Russian documents print it: `20 %`, `12,5 %`, `0 %`.
  var label: String {
    let whole = self.hundredths / 100
    let fraction = self.hundredths % 100
    guard fraction != 0 else { return "\(whole) %" }
    let digits = fraction % 10 == 0 ? String(fraction / 10) : (fraction < 10 ? "0\(fraction)" : String(fraction))
    return "\(whole),\(digits) %"
  }
}
