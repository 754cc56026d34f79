/// The act's page layout: seller, title, parties with the paid invoice as the basis, the
/// services table, the total, the customary statement and the signature lines.
extension ActSheet {
  /// The act as a PDF file.
  /// - Throws: `BillingDocumentError` if a font cannot be embedded or compression fails.
  public func render(fonts: DocumentFonts) throws(BillingDocumentError) -> [UInt8] {
    let title = "Акт об оказании услуг № \(self.number) от \(self.date.russianFormat)"
    var flow = PageFlow(fonts: fonts, title: title, creationDate: self.date)
    flow.sellerHeader(self.seller)
    flow.paragraph(title, size: 14, bold: true, spaceAfter: 10)
    flow.labeledValues(self.parties, size: 9.5, labelWidth: 130)
    flow.space(10)
    flow.amountsCaption(currencyCode: self.currencyCode)
    flow.table(
      columns: [
        TableColumn(title: "№", share: 0.05, alignment: .right),
        TableColumn(title: "Наименование услуги", share: 0.43, alignment: .left),
        TableColumn(title: "Без НДС", share: 0.15, alignment: .right),
        TableColumn(title: "Ставка", share: 0.10, alignment: .right),
        TableColumn(title: "НДС", share: 0.12, alignment: .right),
        TableColumn(title: "С НДС", share: 0.15, alignment: .right),
      ],
      rows: self.lines.enumerated().map { index, line in
        TableRow(cells: [String(index + 1), line.description, line.vat.net, line.vat.rate, line.vat.vat, line.amount])
      })
    flow.space(8)
    flow.paragraph("Итого, \(self.currencyCode): \(self.total)", size: 11, bold: true, alignment: .right, spaceAfter: 2)
    flow.vatIncluded(self.vatTotals, currencyCode: self.currencyCode)
    flow.space(10)
    flow.paragraph(
      "Вышеперечисленные услуги оказаны полностью и в срок. Заказчик претензий по объёму, качеству и срокам оказания услуг не имеет.",
      size: 9.5, spaceAfter: 24)
    flow.paragraph("Исполнитель ____________________        Заказчик ____________________", size: 10)
    let writer = flow.finished { page, count in "Акт № \(self.number) · страница \(page) из \(count)" }
    return try writer.render()
  }

  private var parties: [(label: String, value: String)] {
    self.customer.parties(role: "Заказчик", roleGenitive: "заказчика") + [
      ("Основание:", "оплата по счёту № \(self.invoiceNumber) от \(self.invoiceDate.russianFormat)")
    ]
  }
}
