import TestSupport
import Testing
import WireCodec

@testable import TelecomRules

@Suite("Price list files")
struct PriceListFileTests {
  @Test("a header, both separators, decimals read exactly, open-ended and closed validity")
  func reads() throws {
    let file = try #require(
      PriceListFile(
        """
        prefix,price,unit,increments,connection_fee,valid_from,valid_to
        7495,1.2345,60,60/60,0.5,2026-01-01,
        7812; 0,60 ;60;30/6;;2026-01-01;2026-07-01

        44,20,1,1/1,0.000001,2026-03-01,
        """))
    #expect(file.refusals.isEmpty)
    #expect(file.lines.map(\.priceMicros) == [1_234_500, 600_000, 20_000_000])
    #expect(file.lines.map(\.connectionFeeMicros) == [500_000, 0, 1])
    #expect(file.lines.map(\.number) == [2, 3, 5])
    #expect(file.lines[1].tariffication.first == 30 && file.lines[1].tariffication.next == 6)
    #expect(file.lines[0].validTo == nil)
    #expect(file.lines[1].validFrom == UTCTimestamp(microsecondsSinceEpoch: 1_767_225_600_000_000))
    #expect(file.lines[1].validTo == UTCTimestamp(microsecondsSinceEpoch: 1_782_864_000_000_000))
  }

  @Test("every kind of bad line is refused with its own reason, and the good ones are kept apart")
  func refusals() throws {
    let cases: [(String, String)] = [
      ("7495,1,60,60/60,0,2026-01-01", "LINE_FORMAT"),
      ("+7495,1,60,60/60,0,2026-01-01,", "PREFIX_FORMAT"),
      ("7x95,1,60,60/60,0,2026-01-01,", "PREFIX_FORMAT"),
      ("123456789012345678901,1,60,60/60,0,2026-01-01,", "PREFIX_FORMAT"),
      ("7495,1.1234567,60,60/60,0,2026-01-01,", "PRICE_FORMAT"),
      ("7495,-1,60,60/60,0,2026-01-01,", "PRICE_FORMAT"),
      ("7495,1e3,60,60/60,0,2026-01-01,", "PRICE_FORMAT"),
      ("7495,1000000.000001,60,60/60,0,2026-01-01,", "PRICE_FORMAT"),
      ("7495,1.,60,60/60,0,2026-01-01,", "PRICE_FORMAT"),
      ("7495,1,0,60/60,0,2026-01-01,", "UNIT_FORMAT"),
      ("7495,1,60,60,0,2026-01-01,", "INCREMENTS_FORMAT"),
      ("7495,1,60,0/60,0,2026-01-01,", "INCREMENTS_FORMAT"),
      ("7495,1,60,60/60,x,2026-01-01,", "FEE_FORMAT"),
      ("7495,1,60,60/60,0,2026-02-30,", "VALID_FROM_FORMAT"),
      ("7495,1,60,60/60,0,2026-01-01,01.02.2026", "VALID_TO_FORMAT"),
      ("7495,1,60,60/60,0,2026-01-01,2026-01-01", "VALIDITY_EMPTY"),
    ]
    for (line, reason) in cases {
      let file = try #require(PriceListFile("7,1,60,60/60,0,2026-01-01,\n" + line))
      #expect(file.refusals.map(\.reason) == [reason], "\(line)")
      #expect(file.refusals.first?.line == 2 && file.lines.count == 1)
    }
    let repeated = try #require(PriceListFile("7,1,60,60/60,0,2026-01-01,\n7,2,60,60/60,0,2026-01-01,"))
    #expect(repeated.refusals.map(\.reason) == ["PREFIX_REPEATED"])
  }

  @Test("random decimal texts: the exact millionths, or a refusal; never a trap")
  func decimals() {
    var random = SeededRandom.forTest("price decimals")
    for _ in 0..<20_000 {
      let whole = Int64.random(in: 0...999_999_999_999, using: &random)
      let places = Int.random(in: 0...8, using: &random)
      var fraction = ""
      for _ in 0..<places { fraction += String(Int.random(in: 0...9, using: &random)) }
      let text = places == 0 ? "\(whole)" : "\(whole).\(fraction)"
      let parsed = PriceListFile.millionths(text)
      if places > 6 {
        #expect(parsed == nil, "\(text)")
      } else {
        let padded = fraction + String(repeating: "0", count: 6 - places)
        #expect(parsed == whole * 1_000_000 + (Int64(padded) ?? 0), "\(text)")
      }
    }
    for noise in ["", ".", ",5", "1..2", "١٢", "12 3", String(repeating: "9", count: 40)] {
      #expect(PriceListFile.millionths(noise) == nil, "\(noise)")
    }
  }

  @Test("more than 200,000 lines is refused whole")
  func tooLong() {
    let line = "7,1,60,60/60,0,2026-01-01,\n"
    #expect(PriceListFile(String(repeating: line, count: PriceListFile.maximumLines + 2)) == nil)
  }
}
