import BillingDocuments
import Testing

@Suite("Act of services rendered PDF")
struct ActSheetTests {
  @Test("pdftotext reads back the act, its basis, and the line without VAT, its rate, VAT and with VAT")
  func textExtractsExactly() throws {
    let pdf = try SampleDocuments.act().render(fonts: try DocumentFonts.load())
    #expect(pdf.count < 60_000, "act is \(pdf.count) bytes")
    let text = try ExternalTool.pdfText(pdf)
    for expected in [
      "Акт об оказании услуг № ACT-0003 от 20.01.2026",
      "оплата по счёту № NCR-0140 от 12.01.2026",
      "Суммы в RUB",
      "Без НДС",
      "Ставка",
      "С НДС",
      "1 011,94",
      "22 %",
      "222,63",
      "Итого, RUB: 1 234,57",
      "В том числе НДС 22 %, RUB: 222,63",
    ] {
      #expect(text.contains(expected), "missing «\(expected)» in:\n\(text)")
    }
  }
}
