import BillingReferenceData
import Testing
import WireCodec

@Suite struct BankOfRussiaRatesTests {
  static let windows1251File = "cbr-daily-2026-02-28.windows-1251.xml"
  static let utf8File = "cbr-daily-2026-02-28.utf-8.xml"

  @Test func fixtureReallyIsWindows1251() throws {
    let bytes = try Fixture.bytes(Self.windows1251File)
    #expect(String(validating: bytes, as: UTF8.self) == nil)
    #expect(bytes.contains(0xC5))  // "Е" of "Евро" in Windows-1251
  }

  @Test func parsesTheWindows1251File() throws {
    let rates = try BankOfRussiaRates.parse(try Fixture.bytes(Self.windows1251File))
    #expect(rates.date == (try day("2026-02-28")))
    #expect(rates.quoteCurrency == "RUB")
    #expect(rates.rates.count == 17)

    let euro = try #require(rates.rates["EUR"])
    #expect(euro.nominal == 1)
    #expect(euro.perUnit == ExactDecimal(units: 986_424, scale: 4))
    #expect(euro.name == "Евро")
  }

  /// 100 tenge cost 18,5734 ₽, so one tenge is exactly 0.185734 ₽ — a shift, not a rounded division.
  @Test func nominalOfAHundred() throws {
    let tenge = try #require(try BankOfRussiaRates.parse(try Fixture.bytes(Self.windows1251File)).rates["KZT"])
    #expect(tenge.nominal == 100)
    #expect(tenge.quoted == ExactDecimal(units: 185_734, scale: 4))
    #expect(tenge.perUnit.units == 185_734)
    #expect(tenge.perUnit.scale == 6)
    #expect(tenge.name == "Казахстанских тенге")
  }

  @Test(arguments: [
    ("IDR", "0.0051298"), ("VND", "0.0032142"), ("UZS", "0.00659114"), ("KGS", "9.54862"), ("JPY", "0.554023"),
  ])
  func largerNominals(currency: String, perUnit: String) throws {
    let rates = try BankOfRussiaRates.parse(try Fixture.bytes(Self.windows1251File))
    #expect(rates.perUnit(currency) == ExactDecimal(perUnit))
  }

  @Test func utf8VariantReadsTheSame() throws {
    let fromWindows1251 = try BankOfRussiaRates.parse(try Fixture.bytes(Self.windows1251File))
    let fromUTF8 = try BankOfRussiaRates.parse(try Fixture.bytes(Self.utf8File))
    #expect(fromUTF8 == fromWindows1251)
    #expect(fromUTF8.rates["USD"]?.name == "Доллар США")
  }

  /// A download cut off at any byte is refused as truncated, never half-read.
  @Test func everyTruncationIsRefused() throws {
    let bytes = try Fixture.bytes(Self.windows1251File)
    for length in 0..<bytes.count {
      #expect(throws: RateFileError.truncated) { try BankOfRussiaRates.parse(bytes[..<length]) }
    }
  }

  @Test(
    arguments: [
      ("<Value>98,6424</Value>", "", RateFileError.missingField(currency: "EUR", field: "Value")),
      (
        "<Value>98,6424</Value>", "<Value>98,64,24</Value>",
        .invalidNumber(currency: "EUR", field: "Value", text: "98,64,24")
      ),
      (
        "<Value>98,6424</Value>", "<Value>98 6424</Value>",
        .invalidNumber(currency: "EUR", field: "Value", text: "98 6424")
      ),
      (
        "<Value>98,6424</Value>", "<Value>-98,6424</Value>",
        .invalidNumber(currency: "EUR", field: "Value", text: "-98,6424")
      ),
      (
        "<CharCode>EUR</CharCode><Nominal>1</Nominal>", "<CharCode>EUR</CharCode><Nominal>3</Nominal>",
        .nominalNotPowerOfTen(currency: "EUR", nominal: 3)
      ),
      (
        "<CharCode>EUR</CharCode><Nominal>1</Nominal>", "<CharCode>EUR</CharCode><Nominal>0</Nominal>",
        .invalidNumber(currency: "EUR", field: "Nominal", text: "0")
      ),
      ("<CharCode>EUR</CharCode>", "<CharCode>USD</CharCode>", .duplicateCurrency("USD")),
      ("<CharCode>EUR</CharCode>", "", .missingField(currency: nil, field: "CharCode")),
      ("Date=\"28.02.2026\"", "Date=\"30.02.2026\"", .invalidDate("30.02.2026")),
      ("Date=\"28.02.2026\"", "", .missingDate),
      ("encoding=\"utf-8\"", "encoding=\"koi8-r\"", .unsupportedEncoding("koi8-r")),
    ] as [(String, String, RateFileError)])
  func malformedFilesAreRefused(original: String, replacement: String, error: RateFileError) throws {
    let text = try Fixture.text(Self.utf8File)
    try #require(text.contains(original))
    let broken = text.replacing(original, with: replacement, maxReplacements: 1)
    #expect(throws: error) { try BankOfRussiaRates.parse(Array(broken.utf8)) }
  }

  @Test func misnestedTagsAreRefusedWithTheirPosition() throws {
    let text = try Fixture.text(Self.utf8File)
    let broken = text.replacing("<Name>Евро</Name>", with: "<Name>Евро</Value>")
    let element = try #require(broken.utf8.firstRange(of: "<Name>Евро</Value>".utf8)?.lowerBound)
    let offset = broken.utf8.distance(from: broken.utf8.startIndex, to: element) + "<Name>Евро".utf8.count
    #expect(throws: RateFileError.malformedXML(offset: offset, reason: "</Value> closes <Name>")) {
      try BankOfRussiaRates.parse(Array(broken.utf8))
    }
  }

  @Test func windows1251BytesUnderAUTF8DeclarationAreRefused() throws {
    let bytes = try Fixture.bytes(Self.windows1251File)
    let prologEnd = try #require(bytes.firstRange(of: Array("?>".utf8))?.upperBound)
    let prolog = String(decoding: bytes[..<prologEnd], as: UTF8.self)
    let relabelled = Array(prolog.replacing("windows-1251", with: "utf-8").utf8) + bytes[prologEnd...]
    #expect(throws: RateFileError.invalidUTF8) { try BankOfRussiaRates.parse(relabelled) }
  }

  @Test func emptyOrForeignDocuments() {
    #expect(throws: RateFileError.noRates) {
      try BankOfRussiaRates.parse(Array(#"<ValCurs Date="28.02.2026" name="Foreign Currency Market"></ValCurs>"#.utf8))
    }
    #expect(throws: RateFileError.unexpectedRoot("html")) {
      try BankOfRussiaRates.parse(Array("<html><body>Service unavailable</body></html>".utf8))
    }
  }

  @Test func tooManyDigitsForAnExactPerUnitRate() {
    let file =
      #"<ValCurs Date="28.02.2026"><Valute><CharCode>XXX</CharCode><Nominal>10000</Nominal><Value>1,123456789012345</Value></Valute></ValCurs>"#
    #expect(throws: RateFileError.rateTooPrecise(currency: "XXX")) { try BankOfRussiaRates.parse(Array(file.utf8)) }
  }
}
