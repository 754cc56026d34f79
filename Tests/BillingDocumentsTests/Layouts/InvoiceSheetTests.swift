import BillingDocuments
import Foundation
import Testing

@Suite("Invoice PDF")
struct InvoiceSheetTests {
  @Test(
    "pdftotext reads back the number, customer, amounts, the VAT columns and totals by rate, and the rate line exactly")
  func textExtractsExactly() throws {
    let pdf = try SampleDocuments.invoice().render(fonts: try DocumentFonts.load())
    let text = try ExternalTool.pdfText(pdf)
    for expected in [
      "Счёт № NCR-0134 от 01.03.2026",
      "ООО «Ромашка»",
      "ООО «Абонент Телеком»",
      "7712345678",
      "100200300",
      "01.02.2026 – 28.02.2026",
      "Итого, EUR: 1 234,56",
      "Суммы в EUR",
      "Без НДС",
      "Ставка",
      "С НДС",
      "Итого по ставке 20 %",
      "Итого по ставке 22 %",
      "1 028,33",
      "206,23",
      "В том числе НДС 20 %, EUR: 200,00",
      "В том числе НДС 22 %, EUR: 6,23",
      "Курс ЦБ РФ на 01.03.2026: 1 EUR = 98,6424 RUB",
      "Итого к оплате, RUB: 121 777,00 ₽",
      "Оплачен 05.03.2026",
      "страница 1 из 1",
    ] {
      #expect(text.contains(expected), "missing «\(expected)» in:\n\(text)")
    }
  }

  @Test("a one-page invoice is a small PDF with a subset, compressed CID TrueType font")
  func oneInvoiceIsSmallWithEmbeddedSubset() throws {
    let pdf = try SampleDocuments.invoice().render(fonts: try DocumentFonts.load())
    #expect(pdf.count < 60_000, "invoice is \(pdf.count) bytes")
    let raw = String(decoding: pdf, as: UTF8.self)
    for marker in [
      "/FontFile2", "/CIDFontType2", "/Identity-H", "/CIDToGIDMap /Identity", "/ToUnicode", "/FlateDecode",
    ] {
      #expect(raw.contains(marker), "no \(marker)")
    }
    // pdffonts columns: name, type, encoding, emb, sub, uni, object.
    let fonts = try ExternalTool.withTemporaryFile(pdf, suffix: ".pdf") { try ExternalTool.run("pdffonts", [$0]) }
    let rows = fonts.split(separator: "\n").dropFirst(2)
    #expect(rows.count == 2, "expected regular and bold:\n\(fonts)")
    for row in rows {
      let fields = row.split(separator: " ")
      #expect(row.contains("CID TrueType"), "\(row)")
      #expect(
        fields.count >= 4 && fields[fields.count - 5..<fields.count - 2] == ["yes", "yes", "yes"],
        "not embedded, subset and mapped to Unicode: \(row)")
    }
  }

  @Test("rendering the same invoice twice gives identical bytes")
  func renderingIsDeterministic() throws {
    let fonts = try DocumentFonts.load()
    let invoice = try SampleDocuments.invoice()
    #expect(try invoice.render(fonts: fonts) == invoice.render(fonts: fonts))
  }

  @Test("eighty charges flow onto further pages, each with the table header and a page count")
  func longInvoiceFlowsOntoMorePages() throws {
    let pdf = try SampleDocuments.invoice(lineCount: 80).render(fonts: try DocumentFonts.load())
    let text = try ExternalTool.pdfText(pdf)
    let pages = text.split(separator: "\u{0C}", omittingEmptySubsequences: true)
      .filter { !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
    #expect(pages.count >= 3, "\(pages.count) pages")
    for (index, page) in pages.enumerated() {
      // The last page may hold only the totals under the table.
      if page.contains("Услуга связи") || page.contains("Итого по ставке") {
        #expect(page.contains("Наименование"), "no table header on page \(index + 1)")
      }
      #expect(page.contains("страница \(index + 1) из \(pages.count)"), "no page number on page \(index + 1)")
    }
    #expect(text.contains("Услуга связи № 80"))
    #expect(
      text.contains("9600,00") && text.contains("8000,00") && text.contains("1600,00"), "line 80: gross, net and VAT")
    // The totals follow the last line (on its page or, with the VAT lines, the next one).
    let last = try #require(text.range(of: "Услуга связи № 80"))
    let total = try #require(text.range(of: "Итого, EUR: 1 234,56"))
    #expect(last.upperBound < total.lowerBound)
  }

  @Test("a charge whose description is longer than a page is split across pages, not cut")
  func rowTallerThanAPageIsSplit() throws {
    var invoice = try SampleDocuments.invoice(lineCount: 1)
    let words = (1...900).map { "слово\($0)" }
    invoice.lines[0].description = words.joined(separator: " ")
    let text = try ExternalTool.pdfText(try invoice.render(fonts: try DocumentFonts.load()))
    #expect(text.contains("страница 2 из"), "the row should continue on a second page")
    let extracted = Set(text.split(whereSeparator: \.isWhitespace).map(String.init))
    let missing = words.filter { !extracted.contains($0) }
    #expect(missing.isEmpty, "lost words: \(missing.prefix(10))")
  }

  @Test("a tenge conversion names the National Bank of Kazakhstan, not the Bank of Russia")
  func tengeRateNamesTheKazakhBank() throws {
    var invoice = try SampleDocuments.invoice()
    invoice.conversion = CurrencyConversion(
      rateDate: try SampleDocuments.date(2026, 3, 1), rate: "531,1250", localCurrencyCode: "KZT",
      localTotal: "655 678,35 ₸")
    let text = try ExternalTool.pdfText(try invoice.render(fonts: try DocumentFonts.load()))
    #expect(text.contains("Курс Нацбанка РК на 01.03.2026: 1 EUR = 531,1250 KZT"))
    #expect(!text.contains("ЦБ РФ"))
  }

  @Test("an unpaid invoice asks for payment by the due date instead of a paid mark")
  func unpaidInvoiceShowsDueDate() throws {
    var invoice = try SampleDocuments.invoice()
    invoice.paidOn = nil
    invoice.conversion = nil
    let text = try ExternalTool.pdfText(try invoice.render(fonts: try DocumentFonts.load()))
    #expect(!text.contains("Оплачен"))
    #expect(!text.contains("Курс ЦБ РФ"))
    #expect(text.contains("Оплатить до 10.03.2026"))
  }

  @Test("a missing font file is a typed error naming the path")
  func missingFontIsTypedError() {
    #expect(throws: BillingDocumentError.fontUnreadable(path: "/nonexistent/DejaVuSans.ttf")) {
      try DocumentFonts.load(regularPath: "/nonexistent/DejaVuSans.ttf")
    }
  }
}
