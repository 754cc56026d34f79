/// The water utility's documents (Utilities' «Расшифровка по получателям» and «Сверка
/// взаиморасчетов»), set by the same writer as Billing's. Values arrive formatted; the layouts
/// only place them.
public struct ChargeBreakdownSheet: Sendable, Hashable {
  /// «Год: 2019 Месяц: Ноябрь».
  public var year: String
  public var monthName: String
  public var contractNumber: String
  public var payer: String
  /// Cells per row: №, Лицевой счёт, Получатель, Тар. гр., в/к, М. куб, Тариф, НДС %, Сумма.
  public var rows: [[String]]
  public var total: String
  public var date: DocumentDate

  public init(
    year: String, monthName: String, contractNumber: String, payer: String, rows: [[String]], total: String,
    date: DocumentDate
  ) {
    self.year = year
    self.monthName = monthName
    self.contractNumber = contractNumber
    self.payer = payer
    self.rows = rows
    self.total = total
    self.date = date
  }

  /// The breakdown as a PDF file.
  public func render(fonts: DocumentFonts) throws(BillingDocumentError) -> [UInt8] {
    let title = "Расшифровка по получателям"
    var flow = PageFlow(fonts: fonts, title: title, creationDate: self.date)
    flow.paragraph(title, size: 14, bold: true, spaceAfter: 8)
    flow.paragraph("Год: \(self.year)    Месяц: \(self.monthName)", size: 10, spaceAfter: 2)
    flow.paragraph("Договор: №\(self.contractNumber)    Плательщик: \(self.payer)", size: 10, spaceAfter: 10)
    flow.table(
      columns: [
        TableColumn(title: "№", share: 0.04, alignment: .right),
        TableColumn(title: "Лицевой счёт", share: 0.16, alignment: .left),
        TableColumn(title: "Получатель", share: 0.22, alignment: .left),
        TableColumn(title: "Тар. гр.", share: 0.09, alignment: .right),
        TableColumn(title: "в/к", share: 0.05, alignment: .left),
        TableColumn(title: "М. куб", share: 0.11, alignment: .right),
        TableColumn(title: "Тариф", share: 0.10, alignment: .right),
        TableColumn(title: "НДС, %", share: 0.09, alignment: .right),
        TableColumn(title: "Сумма, тг", share: 0.14, alignment: .right),
      ],
      rows: self.rows.map { TableRow(cells: $0) } + [
        TableRow(cells: ["", "Итог", "", "", "", "", "", "", self.total], bold: true)
      ])
    let writer = flow.finished { page, count in "Расшифровка начислений · страница \(page) из \(count)" }
    return try writer.render()
  }
}

/// «Сверка взаиморасчетов»: a reconciliation statement of one personal account.
public struct ReconciliationSheet: Sendable, Hashable {
  public var accountNumber: String
  public var contractNumber: String
  public var payer: String
  public var period: String
  public var openingBalance: String
  /// Cells per row: Дата, Содержание, Начислено, Оплачено, Сальдо.
  public var rows: [[String]]
  public var totalCharged: String
  public var totalPaid: String
  public var closingBalance: String
  public var date: DocumentDate

  public init(
    accountNumber: String, contractNumber: String, payer: String, period: String, openingBalance: String,
    rows: [[String]], totalCharged: String, totalPaid: String, closingBalance: String, date: DocumentDate
  ) {
    self.accountNumber = accountNumber
    self.contractNumber = contractNumber
    self.payer = payer
    self.period = period
    self.openingBalance = openingBalance
    self.rows = rows
    self.totalCharged = totalCharged
    self.totalPaid = totalPaid
    self.closingBalance = closingBalance
    self.date = date
  }

  /// The statement as a PDF file.
  public func render(fonts: DocumentFonts) throws(BillingDocumentError) -> [UInt8] {
    let title = "Акт сверки взаиморасчетов"
    var flow = PageFlow(fonts: fonts, title: title, creationDate: self.date)
    flow.paragraph(title, size: 14, bold: true, spaceAfter: 8)
    flow.labeledValues(
      [
        ("Договор:", "№\(self.contractNumber)"), ("Плательщик:", self.payer), ("Лицевой счёт:", self.accountNumber),
        ("Период:", self.period),
      ], size: 9.5, labelWidth: 110)
    flow.space(6)
    flow.paragraph("Сальдо на начало периода, тг: \(self.openingBalance)", size: 10, spaceAfter: 6)
    flow.table(
      columns: [
        TableColumn(title: "Дата", share: 0.13, alignment: .left),
        TableColumn(title: "Содержание", share: 0.39, alignment: .left),
        TableColumn(title: "Начислено, тг", share: 0.16, alignment: .right),
        TableColumn(title: "Оплачено, тг", share: 0.16, alignment: .right),
        TableColumn(title: "Сальдо, тг", share: 0.16, alignment: .right),
      ],
      rows: self.rows.map { TableRow(cells: $0) } + [
        TableRow(cells: ["Итого", "", self.totalCharged, self.totalPaid, ""], bold: true)
      ])
    flow.space(6)
    flow.paragraph("Сальдо на конец периода, тг: \(self.closingBalance)", size: 10, bold: true, spaceAfter: 4)
    let writer = flow.finished { page, count in "Акт сверки · страница \(page) из \(count)" }
    return try writer.render()
  }
}
