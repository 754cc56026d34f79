import BillingReferenceData
import Testing
import WireCodec

@Suite struct NationalBankOfKazakhstanRatesTests {
  static let ratesForDateFile = "nbk-get_rates-2026-03-01.xml"
  static let rssFile = "nbk-rates_all-2026-03-01.xml"

  @Test func parsesGetRatesForADate() throws {
    let rates = try NationalBankOfKazakhstanRates.parse(try Fixture.bytes(Self.ratesForDateFile))
    #expect(rates.date == (try day("2026-03-01")))
    #expect(rates.quoteCurrency == "KZT")
    #expect(rates.rates.count == 12)
    let euro = try #require(rates.rates["EUR"])
    #expect(euro.perUnit == ExactDecimal(units: 53_112, scale: 2))
    #expect(euro.nominal == 1)
    #expect(euro.name == "ЕВРО")
    #expect(rates.perUnit("RUB") == ExactDecimal("5.38"))
  }

  /// KRW and UZS are quoted per 100 units.
  @Test func quantOfAHundred() throws {
    let rates = try NationalBankOfKazakhstanRates.parse(try Fixture.bytes(Self.ratesForDateFile))
    let won = try #require(rates.rates["KRW"])
    #expect(won.nominal == 100)
    #expect(won.quoted == ExactDecimal("36.74"))
    #expect(won.perUnit == ExactDecimal("0.3674"))
    #expect(rates.perUnit("UZS") == ExactDecimal("0.0427"))
  }

  @Test func rssFeedGivesTheSameRates() throws {
    let forDate = try NationalBankOfKazakhstanRates.parse(try Fixture.bytes(Self.ratesForDateFile))
    let rss = try NationalBankOfKazakhstanRates.parse(try Fixture.bytes(Self.rssFile))
    #expect(rss.date == forDate.date)
    #expect(rss.rates.mapValues(\.perUnit) == forDate.rates.mapValues(\.perUnit))
    #expect(rss.rates["EUR"]?.name == nil)  // the RSS feed has no full names
  }

  @Test(arguments: [("10", "53.112"), ("1000", "0.53112")])
  func otherPowersOfTen(quant: String, perUnit: String) throws {
    let file =
      "<rates><date>01.03.2026</date><item><title>EUR</title><description>531.12</description><quant>\(quant)</quant></item></rates>"
    #expect(try NationalBankOfKazakhstanRates.parse(Array(file.utf8)).perUnit("EUR") == ExactDecimal(perUnit))
  }

  @Test func rssItemsFromDifferentDaysAreRefused() throws {
    let text = try Fixture.text(Self.rssFile)
    let broken = text.replacing(
      "<pubDate>01.03.2026</pubDate>", with: "<pubDate>28.02.2026</pubDate>", maxReplacements: 1)
    #expect(throws: RateFileError.inconsistentDates) { try NationalBankOfKazakhstanRates.parse(Array(broken.utf8)) }
  }

  @Test(
    arguments: [
      ("<description>531.12</description>", "", RateFileError.missingField(currency: "EUR", field: "description")),
      (
        "<description>531.12</description>", "<description>531,12.0</description>",
        .invalidNumber(currency: "EUR", field: "description", text: "531,12.0")
      ),
      (
        "<description>531.12</description>", "<description>н/д</description>",
        .invalidNumber(currency: "EUR", field: "description", text: "н/д")
      ),
      (
        "<title>KRW</title>\n\t\t<description>36.74</description>\n\t\t<quant>100</quant>",
        "<title>KRW</title>\n\t\t<description>36.74</description>\n\t\t<quant>25</quant>",
        .nominalNotPowerOfTen(currency: "KRW", nominal: 25)
      ),
      ("<date>01.03.2026</date>", "<date>2026-03-01</date>", .invalidDate("2026-03-01")),
      ("<date>01.03.2026</date>", "", .missingDate),
      ("</rates>", "", .truncated),
    ] as [(String, String, RateFileError)])
  func malformedFilesAreRefused(original: String, replacement: String, error: RateFileError) throws {
    let text = try Fixture.text(Self.ratesForDateFile)
    try #require(text.contains(original))
    let broken = text.replacing(original, with: replacement, maxReplacements: 1)
    #expect(throws: error) { try NationalBankOfKazakhstanRates.parse(Array(broken.utf8)) }
  }

  @Test func everyTruncationOfTheRSSFeedIsRefused() throws {
    let bytes = try Fixture.bytes(Self.rssFile)
    // The file ends "</rss>\n": the trailing newline is optional, so stop before it.
    for length in 0..<(bytes.count - 1) {
      #expect(throws: RateFileError.truncated) { try NationalBankOfKazakhstanRates.parse(bytes[..<length]) }
    }
  }

  @Test func anErrorPageIsNotARateFile() {
    #expect(throws: RateFileError.unexpectedRoot("html")) {
      try NationalBankOfKazakhstanRates.parse(Array("<html><body><h1>502 Bad Gateway</h1></body></html>".utf8))
    }
  }
}
