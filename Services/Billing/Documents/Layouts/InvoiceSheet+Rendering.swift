/// The invoice's page layout: seller, title, parties, charges table, totals, payment mark.
extension InvoiceSheet {
  /// The invoice as a PDF file.
  /// - Throws: `BillingDocumentError` if a font cannot be embedded or compression fails.
  public func render(fonts: DocumentFonts) throws(BillingDocumentError) -> [UInt8] {
    let title = "Счёт № \(self.number) от \(self.issueDate.russianFormat)"
    var flow = PageFlow(fonts: fonts, title: title, creationDate: self.issueDate)
    flow.sellerHeader(self.seller)
    flow.paragraph(title, size: 15, bold: true, spaceAfter: 10)
    flow.labeledValues(self.parties, size: 9.5, labelWidth: 130)
    flow.space(10)
    flow.amountsCaption(currencyCode: self.currencyCode)
    flow.table(columns: Self.columns, rows: self.tableRows)
    flow.space(8)
    self.totals(&flow)
    let writer = flow.finished { page, count in "Счёт № \(self.number) · страница \(page) из \(count)" }
    return try writer.render()
  }

  private var parties: [(label: String, value: String)] {
    self.customer.parties(role: "Плательщик", roleGenitive: "плательщика") + [
      ("Период:", self.period.russianFormat),
      ("Оплатить до:", self.paymentDueDate.russianFormat),
    ]
  }

  /// Headers short enough for one line each, so the columns stay narrow; the currency is in the caption.
  private static let columns = [
    TableColumn(title: "№", share: 0.05, alignment: .right),
    TableColumn(title: "Наименование", share: 0.32, alignment: .left),
    TableColumn(title: "Кол-во", share: 0.09, alignment: .right),
    TableColumn(title: "Ед.", share: 0.06, alignment: .left),
    TableColumn(title: "Без НДС", share: 0.13, alignment: .right),
    TableColumn(title: "Ставка", share: 0.09, alignment: .right),
    TableColumn(title: "НДС", share: 0.12, alignment: .right),
    TableColumn(title: "С НДС", share: 0.14, alignment: .right),
  ]

  /// The lines, then a total row per VAT rate when there are several, then the grand total.
  private var tableRows: [TableRow] {
    let lines = self.lines.enumerated().map { index, line in
      TableRow(cells: [
        String(index + 1), line.description, line.quantity, line.unit, line.vat.net, line.vat.rate, line.vat.vat,
        line.amount,
      ])
    }
    let byRate: [TableRow] =
      self.vatTotals.count < 2
      ? []
      : self.vatTotals.map { total in
        TableRow(
          cells: ["", "Итого по ставке \(total.rate)", "", "", total.net, total.rate, total.vat, total.gross],
          bold: true)
      }
    let total = self.vatTotal
    return lines + byRate + [TableRow(cells: ["", "Итого", "", "", total.net, "", total.vat, total.gross], bold: true)]
  }

  private func totals(_ flow: inout PageFlow) {
    flow.paragraph("Итого, \(self.currencyCode): \(self.total)", size: 11, bold: true, alignment: .right, spaceAfter: 2)
    flow.vatIncluded(self.vatTotals, currencyCode: self.currencyCode)
    flow.space(2)
    if let conversion {
      flow.paragraph(
        "Курс \(conversion.bank) на \(conversion.rateDate.russianFormat): 1 \(self.currencyCode) = \(conversion.rate) \(conversion.localCurrencyCode)",
        size: 9.5, alignment: .right)
      flow.paragraph(
        "Итого к оплате, \(conversion.localCurrencyCode): \(conversion.localTotal)", size: 11, bold: true,
        alignment: .right, spaceAfter: 4)
    }
    flow.space(10)
    if let paidOn {
      flow.paragraph("Оплачен \(paidOn.russianFormat)", size: 11, bold: true)
    } else {
      flow.paragraph(
        "Оплатить до \(self.paymentDueDate.russianFormat). В назначении платежа укажите номер счёта и лицевой счёт.",
        size: 9)
    }
  }
}
