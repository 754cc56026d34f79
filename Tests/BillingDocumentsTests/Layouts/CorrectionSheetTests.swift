import BillingDocuments
import Testing

@Suite("Correction (УКД) PDF")
struct CorrectionSheetTests {
  @Test(
    "pdftotext reads back the correction, the corrected invoice and before/after/difference without VAT, VAT and with VAT"
  )
  func textExtractsExactly() throws {
    let pdf = try SampleDocuments.correction().render(fonts: try DocumentFonts.load())
    #expect(pdf.count < 60_000, "correction is \(pdf.count) bytes")
    let text = try ExternalTool.pdfText(pdf)
    for expected in [
      "Корректировочный документ (УКД) № К-0007 от 15.03.2026",
      "к счёту № NCR-0134 от 01.03.2026",
      "ИП Ёлкин Пётр Семёнович",
      "Перерасчёт за простой канала",
      "до изменения",
      "после изменения",
      "разница",
      "Суммы в RUB",
      "Ставка",
      "Без НДС",
      "С НДС",
      "1 000,00",
      "833,33",
      "166,67",
      "900,00",
      "−83,33",
      "−16,67",
      "−100,00",
      "1 134,56",
      "Изменение суммы, RUB: −100,00",
      "в том числе НДС, RUB: −16,67",
    ] {
      #expect(text.contains(expected), "missing «\(expected)» in:\n\(text)")
    }
  }
}
