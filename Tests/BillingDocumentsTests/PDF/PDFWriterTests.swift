import Foundation
import Testing

@testable import BillingDocuments

@Suite("PDF writer")
struct PDFWriterTests {
  @Test("a character the bold face lacks is drawn with the regular face and still extracts")
  func missingGlyphFallsBackToAnotherFont() throws {
    let fonts = try DocumentFonts.load()
    let sansSerifA: Unicode.Scalar = "\u{1D5A0}"  // in DejaVu Sans, not in DejaVu Sans Bold
    #expect(fonts.bold.glyph(for: sansSerifA) == nil, "precondition: the bold face lacks U+1D5A0")
    #expect(fonts.regular.glyph(for: sansSerifA) != nil, "precondition: the regular face has U+1D5A0")
    var writer = PDFWriter()
    _ = writer.addFont(fonts.regular)
    let bold = writer.addFont(fonts.bold)
    let page = writer.addPage()
    writer.drawText("Итого \(sansSerifA): 500,00 ₽", at: PDFPoint(x: 50, y: 100), font: bold, size: 12, page: page)
    let pdf = try writer.render()
    #expect(try ExternalTool.pdfText(pdf).contains("Итого \(sansSerifA): 500,00 ₽"))
    let fontList = try ExternalTool.withTemporaryFile(pdf, suffix: ".pdf") { try ExternalTool.run("pdffonts", [$0]) }
    #expect(
      fontList.contains("DejaVuSans-Bold") && fontList.contains("+DejaVuSans "), "both faces embedded:\n\(fontList)")
  }

  @Test("a character no font has becomes a visible question mark, not a silent gap")
  func unknownCharacterBecomesQuestionMark() throws {
    var writer = PDFWriter()
    let regular = writer.addFont(try DocumentFonts.load().regular)
    let page = writer.addPage()
    writer.drawText("A\u{F8FF}B", at: PDFPoint(x: 50, y: 100), font: regular, size: 12, page: page)  // private use
    #expect(try ExternalTool.pdfText(try writer.render()).contains("A?B"))
  }

  @Test("wrapping breaks at spaces, keeps every word, and never exceeds the width")
  func wrapKeepsWordsWithinWidth() throws {
    var writer = PDFWriter()
    let regular = writer.addFont(try DocumentFonts.load().regular)
    let text = "Абонентская плата по тарифу «Бизнес 100» за февраль 2026 года 40702810900000000001000000000000"
    let lines = writer.wrap(text, font: regular, size: 10, width: 120)
    #expect(lines.count > 2)
    for line in lines {
      #expect(writer.width(of: line, font: regular, size: 10) <= 120, "«\(line)» too wide")
    }
    #expect(lines.joined().replacingOccurrences(of: " ", with: "") == text.replacingOccurrences(of: " ", with: ""))
  }

  @Test("widths come from hmtx: «Ш» is wider than «г» and a space is 651/2048 em in DejaVu Sans")
  func widthsComeFromHorizontalMetrics() throws {
    var writer = PDFWriter()
    let regular = writer.addFont(try DocumentFonts.load().regular)
    #expect(writer.width(of: "Ш", font: regular, size: 10) > writer.width(of: "г", font: regular, size: 10))
    #expect(abs(writer.width(of: " ", font: regular, size: 2048) - 651) < 0.001)
  }

  @Test(
    "content-stream numbers have no locale, exponent or trailing zeros",
    arguments: [
      (595.28, "595.28"), (12.0, "12"), (0.5, "0.5"), (0.05, "0.05"), (-3.456, "-3.46"), (1e-9, "0"),
    ])
  func numbersAreWrittenPlainly(value: Double, expected: String) {
    #expect(PDFNumber.format(value) == expected)
  }
}
