import TestSupport
import Testing

@testable import BillingRules

/// VAT of one line without a database: the two formulas, the rounding, totals by rate.
@Suite("VAT rules: net + VAT = gross, half-up per line, integers only")
struct VatRuleTests {
  static func rate(_ hundredths: Int64) -> VatRate {
    guard let rate = VatRate(hundredths: hundredths) else { fatalError("no such rate \(hundredths)") }
    return rate
  }

  @Test("worked examples: a price with VAT, a price without, ties and negative lines")
  func examples() throws {
    // 1 234,57 with 22 % VAT: 1 234,57 × 22 / 122 = 222,6273… → 222,63.
    #expect(
      VatLine.included(in: 123_457, rate: Self.rate(2200))
        == VatLine(rate: Self.rate(2200), net: 101_194, vat: 22_263, gross: 123_457))
    // 1 000,00 without VAT at 16 %: 160,00 on top.
    #expect(
      VatLine.added(to: 100_000, rate: Self.rate(1600))
        == VatLine(rate: Self.rate(1600), net: 100_000, vat: 16_000, gross: 116_000))
    // 0,05 at 10 % without VAT: 0,005 → half a kopeck rounds up to 0,01.
    #expect(VatLine.added(to: 5, rate: Self.rate(1000))?.vat == 1)
    // 0,11 with 10 % VAT: 0,11 × 10 / 110 = 0,01 exactly.
    #expect(VatLine.included(in: 11, rate: Self.rate(1000)).vat == 1)
    // 0,66 with 20 % VAT: 0,11 exactly; 0,03 with 20 %: 0,005 → 0,01.
    #expect(VatLine.included(in: 66, rate: Self.rate(2000)).vat == 11)
    #expect(VatLine.included(in: 3, rate: Self.rate(2000)).vat == 1)
    // A negative line mirrors the positive one (half away from zero).
    #expect(VatLine.included(in: -3, rate: Self.rate(2000)).vat == -1)
    #expect(VatLine.added(to: -5, rate: Self.rate(1000))?.vat == -1)
    // 0 % and no amount.
    #expect(
      VatLine.included(in: 12_345, rate: Self.rate(0))
        == VatLine(rate: Self.rate(0), net: 12_345, vat: 0, gross: 12_345))
    #expect(VatLine.included(in: 0, rate: Self.rate(2200)).vat == 0)
    // Gross beyond 64 bits is refused, not wrapped.
    #expect(VatLine.added(to: .max, rate: Self.rate(2000)) == nil)
    #expect(VatRate(hundredths: 10_001) == nil && VatRate(hundredths: -1) == nil)
    #expect(
      [Self.rate(2000).label, Self.rate(1250).label, Self.rate(5).label, Self.rate(0).label] == [
        "20 %", "12,5 %", "0,05 %", "0 %",
      ])
  }

  @Test("totals by rate: sums per rate in rate order, each with net + VAT = gross; overflow refused")
  func totals() throws {
    let lines = [
      VatLine.included(in: 123_457, rate: Self.rate(2200)), VatLine.included(in: 100_000, rate: Self.rate(2000)),
      VatLine.included(in: 1, rate: Self.rate(2200)), VatLine.included(in: -5_000, rate: Self.rate(2000)),
    ]
    let totals = try #require(VatLine.totalsByRate(lines))
    #expect(totals.map(\.rate) == [Self.rate(2000), Self.rate(2200)])
    #expect(totals.map(\.gross) == [95_000, 123_458])
    #expect(totals.allSatisfy { $0.net + $0.vat == $0.gross })
    #expect(
      VatLine.totalsByRate([
        VatLine.included(in: .max, rate: Self.rate(0)), VatLine.included(in: 1, rate: Self.rate(0)),
      ]) == nil)
    let after = VatLine.included(in: 90_00, rate: Self.rate(2000))
    let before = VatLine.included(in: 100_00, rate: Self.rate(2000))
    #expect(after.minus(before) == VatLine(rate: Self.rate(2000), net: -833, vat: -167, gross: -1_000))
  }

  /// |computed − exact| ≤ ½ minor unit, with exact = numerator / denominator, all in 128 bits:
  /// |2 × computed × denominator − 2 × numerator| ≤ denominator.
  static func withinHalf(_ computed: Int64, of numerator: Int128, over denominator: Int128) -> Bool {
    (2 * Int128(computed) * denominator - 2 * numerator).magnitude <= denominator.magnitude
  }

  @Test(
    "property: over the whole 64-bit amount range and every rate, net + VAT = gross exactly and VAT is within half a minor unit of the exact value; a price without VAT read back as a price with VAT gives the same VAT"
  )
  func property() throws {
    var random = SeededRandom.forTest("VAT per line")
    let lawRates: [Int64] = [0, 1000, 1200, 1600, 2000, 2200]
    let edges: [Int64] = [
      0, 1, -1, 2, 3, 5, 50, 99, .max, .min + 1, .max / 2, 1_000_000_000_000_000_000, -1_000_000_000_000_000_000,
    ]
    for index in 0..<200_000 {
      let hundredths =
        index % 3 == 0
        ? Int64.random(in: 0...10_000, using: &random) : lawRates[Int.random(in: 0..<lawRates.count, using: &random)]
      let rate = Self.rate(hundredths)
      let amount: Int64 =
        switch index % 4 {
        case 0: edges[Int.random(in: 0..<edges.count, using: &random)]
        case 1: Int64.random(in: -1_000_000...1_000_000, using: &random)
        case 2: Int64.random(in: -1_000_000_000_000_000_000...1_000_000_000_000_000_000, using: &random)
        default: Int64.random(in: (Int64.min + 1)...Int64.max, using: &random)
        }
      let included = VatLine.included(in: amount, rate: rate)
      #expect(
        Int128(included.net) + Int128(included.vat) == Int128(included.gross) && included.gross == amount,
        "\(amount) at \(hundredths)")
      #expect(
        Self.withinHalf(included.vat, of: Int128(amount) * Int128(hundredths), over: 10_000 + Int128(hundredths)),
        "VAT \(included.vat) of \(amount) at \(hundredths)/100 %")
      if let added = VatLine.added(to: amount, rate: rate) {
        #expect(Int128(added.net) + Int128(added.vat) == Int128(added.gross) && added.net == amount)
        #expect(
          Self.withinHalf(added.vat, of: Int128(amount) * Int128(hundredths), over: 10_000),
          "VAT \(added.vat) on \(amount)")
        // Billing charges a price without VAT as its gross; the documents read the VAT back
        // out of that gross and must find the same VAT and net.
        #expect(VatLine.included(in: added.gross, rate: rate) == added, "\(amount) at \(hundredths)")
      } else {
        let vat = VatLine.dividedRounding(Int128(amount) * Int128(hundredths), by: 10_000)
        #expect(
          Int64(exactly: Int128(amount) + vat) == nil, "refused \(amount) at \(hundredths) although its gross fits")
      }
      #expect(2 * Int128(included.vat.magnitude) <= Int128(amount.magnitude) + 1, "VAT is at most half the gross")
    }
  }
}
