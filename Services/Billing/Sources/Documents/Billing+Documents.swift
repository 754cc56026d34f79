import BillingAPI
import BillingDocuments
import BillingRules
import PostgresNIO
import RPC
import Spreadsheets
import Storage
import WireCodec

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

extension Billing {
  func invoicePDF(_ request: InvoiceDocumentRequest, caller: Caller) async throws -> Document {
    let fonts = try self.documentFonts()
    return try await self.database.withConnection { connection in
      let (invoice, account) = try await self.invoice(request.number, caller: caller, on: connection)
      return try await self.invoiceDocument(invoice.message, account: account, fonts: fonts, on: connection)
    }
  }

  /// The invoice as a PDF.
  func invoiceDocument(_ invoice: Invoice, account: AccountRow, fonts: DocumentFonts, on connection: PostgresConnection)
    async throws -> Document
  {
    let sheet = InvoiceSheet(
      seller: self.documentSeller, customer: try await self.documentCustomer(of: account, on: connection),
      number: invoice.number,
      issueDate: try Self.documentDate(invoice.date),
      period: DocumentPeriod(
        start: try Self.documentDate(invoice.periodStart ?? invoice.date),
        end: try Self.documentDate(invoice.periodEnd ?? invoice.date)),
      paymentDueDate: try Self.documentDate(invoice.dueOn ?? invoice.date),
      lines: invoice.lines.map {
        InvoiceLine(
          description: $0.description, quantity: "1", unit: "усл.", amount: Money.russian($0.amount),
          vat: Self.documentVat(rate: $0.vatRate, net: $0.net, vat: $0.vat, gross: $0.amount))
      },
      total: Money.russian(invoice.amount), currencyCode: invoice.currency,
      vatTotals: invoice.vatTotals.map { Self.documentVat($0) },
      vatTotal: Self.documentVat(rate: nil, net: invoice.net, vat: invoice.vat, gross: invoice.amount),
      conversion: try invoice.rateDate.map { rateDate in
        CurrencyConversion(
          rateDate: try Self.documentDate(rateDate), rate: Money.russian(invoice.rate),
          localCurrencyCode: invoice.localCurrency,
          localTotal: Money.russian(invoice.localAmount))
      },
      paidOn: try invoice.paidOn.map(Self.documentDate))
    do {
      return Document(
        fileName: "\(invoice.number).pdf", mediaType: "application/pdf", content: Data(try sheet.render(fonts: fonts)))
    } catch {
      self.logger.error("invoice PDF failed", metadata: ["invoice": "\(invoice.number)", "error": "\(error)"])
      throw BillingError.documentsUnavailable
    }
  }

  /// The account's invoices of the period as a workbook: one row per invoice.
  func exportInvoices(_ request: ListInvoicesRequest, caller: Caller) async throws -> Document {
    var everything = request
    everything.page = PageRequest(size: 5000)
    let invoices = try await self.listInvoices(everything, caller: caller).invoices
    let columns = [
      XLSXColumn("Номер", width: 14), XLSXColumn("Дата", width: 12), XLSXColumn("Период с", width: 12),
      XLSXColumn("по", width: 12),
      XLSXColumn("Сумма", width: 14), XLSXColumn("Валюта", width: 8), XLSXColumn("Курс", width: 10),
      XLSXColumn("Сумма в местной валюте", width: 18),
      XLSXColumn("Местная валюта", width: 10), XLSXColumn("Срок оплаты", width: 12), XLSXColumn("Оплачено", width: 14),
      XLSXColumn("Дата оплаты", width: 12),
      XLSXColumn("Сумма без НДС", width: 14), XLSXColumn("Сумма НДС", width: 14), XLSXColumn("Ставки НДС", width: 12),
    ]
    let rows: [[XLSXCell]] = try invoices.map { invoice in
      [
        .text(invoice.number), .date(try Self.documentDate(invoice.date)),
        .date(try invoice.periodStart.map(Self.documentDate)),
        .date(try invoice.periodEnd.map(Self.documentDate)), .decimal(invoice.amount.description),
        .text(invoice.currency),
        invoice.localCurrency.isEmpty ? .empty : .decimal(invoice.rate.description),
        invoice.localCurrency.isEmpty ? .empty : .decimal(invoice.localAmount.description),
        .text(invoice.localCurrency),
        .date(try invoice.dueOn.map(Self.documentDate)), .decimal(invoice.paid.description),
        .date(try invoice.paidOn.map(Self.documentDate)),
        .decimal(invoice.net.description), .decimal(invoice.vat.description),
        .text(invoice.vatTotals.map { VatRate(percent: $0.rate)?.label ?? "\($0.rate) %" }.joined(separator: "; ")),
      ]
    }
    // The second sheet: every line with its rate, net, VAT and gross.
    let lineColumns = [
      XLSXColumn("Счёт", width: 14), XLSXColumn("Дата", width: 12), XLSXColumn("Услуга", width: 16),
      XLSXColumn("Наименование", width: 36),
      XLSXColumn("Ставка НДС, %", width: 10), XLSXColumn("Сумма без НДС", width: 14),
      XLSXColumn("Сумма НДС", width: 14),
      XLSXColumn("Сумма с НДС", width: 14), XLSXColumn("Валюта", width: 8),
    ]
    let lineRows: [[XLSXCell]] = try invoices.flatMap { invoice in
      try invoice.lines.map { line in
        [
          .text(invoice.number), .date(try Self.documentDate(invoice.date)), .text(line.serviceCode),
          .text(line.description),
          .decimal(line.vatRate.description), .decimal(line.net.description), .decimal(line.vat.description),
          .decimal(line.amount.description),
          .text(invoice.currency),
        ]
      }
    }
    return try self.workbook(
      [
        XLSXSheet(name: "Счета \(request.accountNumber)", columns: columns, rows: rows),
        XLSXSheet(name: "Строки \(request.accountNumber)", columns: lineColumns, rows: lineRows),
      ], fileName: "invoices-\(request.accountNumber).xlsx")
  }

  /// One sheet as an .xlsx document.
  func workbook(_ sheet: XLSXSheet, fileName: String) throws -> Document {
    try self.workbook([sheet], fileName: fileName)
  }

  /// Sheets as an .xlsx document.
  func workbook(_ sheets: [XLSXSheet], fileName: String) throws -> Document {
    do {
      return Document(
        fileName: fileName, mediaType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        content: Data(try XLSXWorkbook(sheets: sheets).render()))
    } catch {
      self.logger.error("workbook failed", metadata: ["file": "\(fileName)", "error": "\(error)"])
      throw BillingError.documentsUnavailable
    }
  }

  /// The operator as documents name it.
  var documentSeller: DocumentSeller {
    DocumentSeller(name: self.settings.sellerName, details: self.settings.sellerDetails)
  }

  /// The customer block of `account`'s documents.
  func documentCustomer(of account: AccountRow, on connection: PostgresConnection) async throws -> DocumentCustomer {
    let rows = try await connection.query(
      "SELECT name, tax_id, contract_number FROM customers WHERE id = \(account.customerID)", logger: self.logger
    ).decode((String, String?, String).self).collect()
    guard let (name, taxID, contract) = rows.first else { throw BillingError.customerNotFound }
    return DocumentCustomer(name: name, taxID: taxID, contractNumber: contract, personalAccount: account.number)
  }

  /// The PDF fonts, loaded once; a missing font refuses documents instead of failing the service.
  func documentFonts() throws -> DocumentFonts {
    do {
      return try self.fonts.get()
    } catch {
      self.logger.error("PDF fonts cannot be loaded", metadata: ["error": "\(error)"])
      throw BillingError.documentsUnavailable
    }
  }

  static func documentDate(_ date: CalendarDate) throws -> DocumentDate {
    guard let document = DocumentDate(date) else { throw BillingError.documentsUnavailable }
    return document
  }
}

extension Money {
  /// An amount as Russian documents print it: `1 234 567,89` (no-break thin spacing as a space).
  static func russian(_ amount: ExactDecimal) -> String {
    let text = amount.description
    let negative = text.hasPrefix("-")
    let digits = negative ? String(text.dropFirst()) : text
    let parts = digits.split(separator: ".", maxSplits: 1)
    var whole = ""
    for (index, character) in parts[0].reversed().enumerated() {
      if index > 0, index % 3 == 0 { whole.insert(" ", at: whole.startIndex) }
      whole.insert(character, at: whole.startIndex)
    }
    return (negative ? "−" : "") + whole + (parts.count > 1 ? "," + parts[1] : "")
  }
}
