/// The correction's page layout: seller, title with the corrected invoice, parties, a
/// before/after/difference table with a totals row.
extension CorrectionSheet {
  /// The correction document as a PDF file.
  /// - Throws: `BillingDocumentError` if a font cannot be embedded or compression fails.
  public func render(fonts: DocumentFonts) throws(BillingDocumentError) -> [UInt8] {
    let title = "Корректировочный документ (УКД) № \(self.number) от \(self.date.russianFormat)"
    var flow = PageFlow(fonts: fonts, title: title, creationDate: self.date)
    flow.sellerHeader(self.seller)
    flow.paragraph(title, size: 14, bold: true, spaceAfter: 2)
    flow.paragraph(
      "к счёту № \(self.correctedNumber) от \(self.correctedDate.russianFormat)", size: 11, spaceAfter: 10)
    flow.labeledValues(self.parties, size: 9.5, labelWidth: 130)
    flow.space(10)
    flow.amountsCaption(currencyCode: self.currencyCode)
    flow.table(columns: Self.columns, rows: self.tableRows)
    flow.space(8)
    flow.paragraph(
      "Изменение суммы, \(self.currencyCode): \(self.total.difference.gross)", size: 11, bold: true, alignment: .right,
      spaceAfter: 2)
    flow.paragraph("в том числе НДС, \(self.currencyCode): \(self.total.difference.vat)", size: 9.5, alignment: .right)
    let writer = flow.finished { page, count in "УКД № \(self.number) · страница \(page) из \(count)" }
    return try writer.render()
  }

  private var parties: [(label: String, value: String)] {
    var pairs = self.customer.parties(role: "Покупатель", roleGenitive: "покупателя")
    if let reason { pairs.append(("Основание:", reason)) }
    return pairs
  }

  private static let columns = [
    TableColumn(title: "№", share: 0.05, alignment: .right),
    TableColumn(title: "Наименование", share: 0.25, alignment: .left),
    TableColumn(title: "Строка", share: 0.19, alignment: .left),
    TableColumn(title: "Ставка", share: 0.09, alignment: .right),
    TableColumn(title: "Без НДС", share: 0.14, alignment: .right),
    TableColumn(title: "НДС", share: 0.13, alignment: .right),
    TableColumn(title: "С НДС", share: 0.15, alignment: .right),
  ]

  /// Three rows per line — before, after, difference (rows А, Б and В/Г of the УКД form) — then
  /// the same for each VAT rate when there are several, and for the whole document.
  private var tableRows: [TableRow] {
    let lines = self.lines.enumerated().flatMap { index, line in Self.rows(line, number: String(index + 1), bold: false)
    }
    let byRate: [TableRow] =
      self.totalsByRate.count < 2 ? [] : self.totalsByRate.flatMap { Self.rows($0, number: "", bold: true) }
    return lines + byRate + Self.rows(self.total, number: "", bold: true)
  }

  private static func rows(_ line: CorrectionLine, number: String, bold: Bool) -> [TableRow] {
    [
      TableRow(
        cells: [
          number, line.description, "до изменения", line.before.rate, line.before.net, line.before.vat,
          line.before.gross,
        ], bold: bold),
      TableRow(
        cells: ["", "", "после изменения", line.after.rate, line.after.net, line.after.vat, line.after.gross],
        bold: bold),
      TableRow(
        cells: [
          "", "", "разница", line.difference.rate, line.difference.net, line.difference.vat, line.difference.gross,
        ], bold: bold),
    ]
  }
}
