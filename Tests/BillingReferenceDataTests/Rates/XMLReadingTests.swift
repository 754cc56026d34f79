import BillingReferenceData
import Testing
import WireCodec

/// The tolerant XML reader, through the smallest file that exercises each construct.
@Suite struct XMLReadingTests {
  func parse(_ item: String, prolog: String = "") throws -> OfficialRates {
    try NationalBankOfKazakhstanRates.parse(Array("\(prolog)<rates><date>01.03.2026</date>\(item)</rates>".utf8))
  }

  @Test func entitiesCDATACommentsAndProcessingInstructions() throws {
    let rates = try self.parse(
      """
      <!-- a comment --><?processing instruction?>
      <item><fullname>A &amp; B &#1045;&#x432;</fullname><title><![CDATA[EUR]]></title>
      <description> 531.12 </description><quant>1</quant><link/></item>
      """,
      prolog: "\u{FEFF}<?xml version='1.0' encoding='UTF-8'?>\n<!DOCTYPE rates>\n")
    let euro = try #require(rates.rates["EUR"])
    #expect(euro.name == "A & B Ев")
    #expect(euro.perUnit == ExactDecimal("531.12"))
  }

  @Test(arguments: [
    ("</rates><extra/><rates>", "after the root element"),
    ("<item><title>EUR</title><description>1</description><quant>1</quant></item>&bogus;", "unknown entity"),
    ("<item><title a=b>EUR</title></item>", "unquoted attribute value"),
  ])
  func notWellFormed(body: String, reasonFragment: String) {
    let error = #expect(throws: RateFileError.self) { try self.parse(body) }
    expectMalformed(error, because: reasonFragment)
  }

  @Test func doctypeWithAnInternalSubsetIsRefused() {
    let error = #expect(throws: RateFileError.self) {
      try self.parse("", prolog: #"<!DOCTYPE rates [<!ENTITY x "y">]>"#)
    }
    expectMalformed(error, because: "DOCTYPE")
  }

  /// Hostile nesting is refused early, before a deep tree could exhaust the stack when freed.
  @Test func deepNestingIsRefused() {
    let depth = 100_000
    let file = "<rates>" + String(repeating: "<a>", count: depth) + String(repeating: "</a>", count: depth) + "</rates>"
    let error = #expect(throws: RateFileError.self) { try NationalBankOfKazakhstanRates.parse(Array(file.utf8)) }
    expectMalformed(error, because: "nested deeper")
  }

  func expectMalformed(
    _ error: RateFileError?, because fragment: String, sourceLocation: SourceLocation = #_sourceLocation
  ) {
    guard case .malformedXML(_, let reason)? = error else {
      Issue.record("expected malformedXML, got \(String(describing: error))", sourceLocation: sourceLocation)
      return
    }
    #expect(reason.contains(fragment), sourceLocation: sourceLocation)
  }
}
