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
    flow.table(columns: Self.columns(currencyCode: self.currencyCode), rows: self.tableRows)
    flow.space(8)
    flow.paragraph(
      "Изменение суммы, \(self.currencyCode): \(self.totalDifference)", size: 11, bold: true, alignment: .right)
    let writer = flow.finished { page, count in "УКД № \(self.number) · страница \(page) из \(count)" }
    return try writer.render()
  }

  private var parties: [(label: String, value: String)] {
    var pairs = self.customer.parties(role: "Покупатель", roleGenitive: "покупателя")
    if let reason { pairs.append(("Основание:", reason)) }
    return pairs
  }

  private static func columns(currencyCode: String) -> [TableColumn] {
    [
      TableColumn(title: "№", share: 0.06, alignment: .right),
      TableColumn(title: "Наименование", share: 0.40, alignment: .left),
      TableColumn(title: "До изменения, \(currencyCode)", share: 0.18, alignment: .right),
      TableColumn(title: "После изменения, \(currencyCode)", share: 0.18, alignment: .right),
      TableColumn(title: "Разница, \(currencyCode)", share: 0.18, alignment: .right),
    ]
  }

  private var tableRows: [TableRow] {
    self.lines.enumerated().map { index, line in
      TableRow(cells: [String(index + 1), line.description, line.amountBefore, line.amountAfter, line.difference])
    } + [TableRow(cells: ["", "Итого", self.totalBefore, self.totalAfter, self.totalDifference], bold: true)]
  }
}
