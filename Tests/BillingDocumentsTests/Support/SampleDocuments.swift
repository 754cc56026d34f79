import BillingDocuments

/// Documents filled the way the Billing service fills them, with the awkward parts real data
/// has: Cyrillic with «ёлочки» and «ё», a foreign-currency contract, a rouble sign in a bold total.
enum SampleDocuments {
  static func date(_ year: Int, _ month: Int, _ day: Int) throws -> DocumentDate {
    guard let date = DocumentDate(year: year, month: month, day: day) else {
      throw ExternalTool.Failure(description: "invalid sample date \(year)-\(month)-\(day)")
    }
    return date
  }

  static let seller = DocumentSeller(
    name: "ООО «Абонент Телеком»",
    details: [
      "ИНН 7701234567, КПП 770101001, ОГРН 1027700000001",
      "127006, г. Москва, ул. Тверская, д. 1",
      "р/с 40702810900000000001 в ПАО «Сбербанк», БИК 044525225, к/с 30101810400000000225",
    ])

  static func invoice(lineCount: Int = 3) throws -> InvoiceSheet {
    let lines = (1...lineCount).map { index in
      InvoiceLine(
        description: index == 1
          ? "Абонентская плата по тарифу «Бизнес 100» за февраль 2026 года, включая выделенный IP-адрес"
          : "Услуга связи № \(index): исходящие вызовы на номера мобильных операторов",
        quantity: "\(index)", unit: "мес.", amount: "\(index * 120),00",
        vat: DocumentVat(rate: "20 %", net: "\(index * 100),00", vat: "\(index * 20),00", gross: "\(index * 120),00"))
    }
    return InvoiceSheet(
      seller: self.seller,
      customer: DocumentCustomer(
        name: "ООО «Ромашка»", taxID: "7712345678", contractNumber: "№ Д-17/2025 от 15.01.2025",
        personalAccount: "100200300"),
      number: "NCR-0134",
      issueDate: try self.date(2026, 3, 1),
      period: DocumentPeriod(start: try self.date(2026, 2, 1), end: try self.date(2026, 2, 28)),
      paymentDueDate: try self.date(2026, 3, 10), lines: lines, total: "1 234,56", currencyCode: "EUR",
      vatTotals: [
        DocumentVat(rate: "20 %", net: "1 000,00", vat: "200,00", gross: "1 200,00"),
        DocumentVat(rate: "22 %", net: "28,33", vat: "6,23", gross: "34,56"),
      ],
      vatTotal: DocumentVat(rate: "", net: "1 028,33", vat: "206,23", gross: "1 234,56"),
      conversion: CurrencyConversion(
        rateDate: try self.date(2026, 3, 1), rate: "98,6424", localCurrencyCode: "RUB", localTotal: "121 777,00 ₽"),
      paidOn: try self.date(2026, 3, 5))
  }

  static func correction() throws -> CorrectionSheet {
    CorrectionSheet(
      seller: self.seller,
      customer: DocumentCustomer(
        name: "ИП Ёлкин Пётр Семёнович", taxID: "771234567890", contractNumber: "№ Д-17/2025",
        personalAccount: "100200300"),
      number: "К-0007",
      date: try self.date(2026, 3, 15), correctedNumber: "NCR-0134", correctedDate: try self.date(2026, 3, 1),
      reason: "Перерасчёт за простой канала 03.02.2026–05.02.2026",
      lines: [
        CorrectionLine(
          description: "Абонентская плата «Бизнес 100»",
          before: DocumentVat(rate: "20 %", net: "833,33", vat: "166,67", gross: "1 000,00"),
          after: DocumentVat(rate: "20 %", net: "750,00", vat: "150,00", gross: "900,00"),
          difference: DocumentVat(rate: "", net: "−83,33", vat: "−16,67", gross: "−100,00")),
        CorrectionLine(
          description: "Выделенный IP-адрес",
          before: DocumentVat(rate: "20 %", net: "195,47", vat: "39,09", gross: "234,56"),
          after: DocumentVat(rate: "20 %", net: "195,47", vat: "39,09", gross: "234,56"),
          difference: DocumentVat(rate: "", net: "0,00", vat: "0,00", gross: "0,00")),
      ],
      totalsByRate: [
        CorrectionLine(
          description: "Итого по ставке 20 %",
          before: DocumentVat(rate: "20 %", net: "1 028,80", vat: "205,76", gross: "1 234,56"),
          after: DocumentVat(rate: "20 %", net: "945,47", vat: "189,09", gross: "1 134,56"),
          difference: DocumentVat(rate: "", net: "−83,33", vat: "−16,67", gross: "−100,00"))
      ],
      total: CorrectionLine(
        description: "Итого", before: DocumentVat(rate: "", net: "1 028,80", vat: "205,76", gross: "1 234,56"),
        after: DocumentVat(rate: "", net: "945,47", vat: "189,09", gross: "1 134,56"),
        difference: DocumentVat(rate: "", net: "−83,33", vat: "−16,67", gross: "−100,00")),
      currencyCode: "RUB")
  }

  static func act() throws -> ActSheet {
    let vat = DocumentVat(rate: "22 %", net: "1 011,94", vat: "222,63", gross: "1 234,57")
    return ActSheet(
      seller: self.seller,
      customer: DocumentCustomer(
        name: "ООО «Ромашка»", taxID: "7712345678", contractNumber: "№ Д-17/2025", personalAccount: "100200300"),
      number: "ACT-0003", date: try self.date(2026, 1, 20), invoiceNumber: "NCR-0140",
      invoiceDate: try self.date(2026, 1, 12),
      lines: [ActLine(description: "Предоплата: Телефония — «Бизнес 100»", amount: vat.gross, vat: vat)],
      total: vat.gross, currencyCode: "RUB",
      vatTotals: [vat])
  }
}
