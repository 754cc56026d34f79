/// A VAT rate in hundredths of a percent: 2000 is 20 %, 1250 would be 12.5 %. Whole numbers
/// keep every computation in integers; two decimals cover any rate a tax code has used.
public struct VatRate: Sendable, Hashable, Comparable {
  /// 0…10 000 (0 %…100 %).
  public let hundredths: Int64

  public static let range: ClosedRange<Int64> = 0...10_000

  /// `nil` outside 0 %…100 %.
  public init?(hundredths: Int64) {
    guard Self.range.contains(hundredths) else { return nil }
    self.hundredths = hundredths
  }

  /// The rate nearest to `hundredths` inside 0 %…100 %: for values the schema already keeps in range.
  public init(clamping hundredths: Int64) {
    self.hundredths = min(max(hundredths, Self.range.lowerBound), Self.range.upperBound)
  }

  public static func < (lhs: VatRate, rhs: VatRate) -> Bool { lhs.hundredths < rhs.hundredths }

  /// The percentage as Russian documents print it: `20 %`, `12,5 %`, `0 %`.
  public var label: String {
    let whole = self.hundredths / 100
    let fraction = self.hundredths % 100
    guard fraction != 0 else { return "\(whole) %" }
    let digits = fraction % 10 == 0 ? String(fraction / 10) : (fraction < 10 ? "0\(fraction)" : String(fraction))
    return "\(whole),\(digits) %"
  }
}
