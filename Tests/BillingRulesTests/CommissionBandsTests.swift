import BillingRules
import Testing

/// Which band of a progressive scale a monthly base falls in.
@Suite("Commission bands")
struct CommissionBandsTests {
  /// 0 – 10 000, 10 000 – 50 000, from 50 000 roubles, in kopecks.
  static let bounds: [Int64] = [0, 1_000_000, 5_000_000]

  @Test(
    "a base belongs to the last band whose lower bound it reaches",
    arguments: [
      (Int64(0), 0), (999_999, 0), (1_000_000, 1), (4_999_999, 1), (5_000_000, 2), (Int64.max, 2),
      (-1, 0),  // more discounts than charges: the first band
      (Int64.min, 0),
    ])
  func band(base: Int64, expected: Int) {
    #expect(CommissionBands.band(for: base, lowerBounds: Self.bounds) == expected)
  }

  @Test("no bands, no band; one band takes everything")
  func degenerate() {
    #expect(CommissionBands.band(for: 100, lowerBounds: []) == nil)
    #expect(CommissionBands.band(for: 100, lowerBounds: [0]) == 0)
  }
}
