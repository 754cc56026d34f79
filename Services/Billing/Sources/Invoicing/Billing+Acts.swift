import BillingAPI
import BillingDocuments
import BillingRules
import PostgresNIO
import RPC
import Storage
import WireCodec

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// Acts of services rendered: one per amount credited to a prepayment invoice.
extension Billing {
  /// An act for `amount` of a payment credited to a prepayment invoice, numbered in the act series.
  func issueAct(
    for invoice: OpenInvoice, amount: Int64, payment entry: Int64, on date: CalendarDate, account: AccountRow,
    on connection: PostgresConnection
  ) async throws {
    // The act's date is its date of supply: the VAT rate in force that day.
    let vatRate = try await self.vatRate(
      country: try await self.vatCountry(of: account, on: connection), on: date, on: connection)
    let number = try await self.nextNumber(in: self.settings.actSeries, on: connection)
    try await connection.query(
      """
      INSERT INTO acts (number, account_id, invoice_id, entry_id, amount_minor, issued_on, vat_rate_hundredths)
      VALUES (\(number), \(account.id), \(invoice.id), \(entry), \(amount), \(date), \(Int32(vatRate.hundredths)))
      """, logger: self.logger)
  }

  func listActs(_ request: ListActsRequest, caller: Caller) async throws -> ListActsReply {
    let page = try Self.pages.page(of: request.page, by: PageKeyPair<CalendarDate, Int64>.self)
    let after = page.after
    return try await self.database.withConnection { connection in
      let account = try self.visible(
        try await self.account(.number(request.accountNumber), on: connection), to: caller,
        with: BillingPermission.invoicesRead)
      let rows = try await connection.query(
        """
        SELECT t.number, i.number, t.issued_on, t.amount_minor, l.service_code, l.description, t.vat_rate_hundredths, t.id
        FROM acts t JOIN invoices i ON i.id = t.invoice_id JOIN invoice_lines l ON l.invoice_id = i.id
        WHERE t.account_id = \(account.id) AND (\(request.from)::date IS NULL OR t.issued_on >= \(request.from))
          AND (\(request.to)::date IS NULL OR t.issued_on <= \(request.to))
          AND (\(after?.first)::date IS NULL OR (t.issued_on, t.id) < (\(after?.first), \(after?.second)))
        ORDER BY t.issued_on DESC, t.id DESC LIMIT \(page.limit)
        """, logger: self.logger
      ).decode((String, String, CalendarDate, Int64, String, String, Int32, Int64).self).collect()
      let (shown, next) = page.cut(rows) { PageKeyPair($0.2, $0.7) }
      let acts = shown.map {
        let vat = VatLine.included(in: $0.3, rate: VatRate(column: $0.6))
        return ServiceAct(
          number: $0.0, accountNumber: account.number, invoiceNumber: $0.1, date: $0.2,
          amount: Money.decimal($0.3, currency: account.currency),
          currency: account.currency, serviceCode: $0.4, description: $0.5, vatRate: vat.rate.percent,
          net: Money.decimal(vat.net, currency: account.currency),
          vat: Money.decimal(vat.vat, currency: account.currency))
      }
      return ListActsReply(acts: acts, nextPageToken: next)
    }
  }

  func actPDF(_ request: ActDocumentRequest, caller: Caller) async throws -> Document {
    let fonts = try self.documentFonts()
    return try await self.database.withConnection { connection in
      let rows = try await connection.query(
        """
        SELECT t.account_id, t.issued_on, t.amount_minor, i.number, i.issued_on, l.description, t.vat_rate_hundredths
        FROM acts t JOIN invoices i ON i.id = t.invoice_id JOIN invoice_lines l ON l.invoice_id = i.id
        WHERE t.number = \(request.number)
        """, logger: self.logger
      ).decode((UUID, CalendarDate, Int64, String, CalendarDate, String, Int32).self).collect()
      var account: AccountRow?
      if let row = rows.first { account = try await self.account(.id(row.0), on: connection) }
      let visible = try self.visible(
        account, organization: \.organizationID, notFound: .actNotFound, to: caller,
        with: BillingPermission.invoicesRead)
      let (_, date, amount, invoiceNumber, invoiceDate, description, rate) = rows[0]
      let vat = VatLine.included(in: amount, rate: VatRate(column: rate))
      let amounts = self.documentVat(vat, currency: visible.currency)
      let sheet = ActSheet(
        seller: self.documentSeller, customer: try await self.documentCustomer(of: visible, on: connection),
        number: request.number,
        date: try Self.documentDate(date),
        invoiceNumber: invoiceNumber, invoiceDate: try Self.documentDate(invoiceDate),
        lines: [ActLine(description: description, amount: amounts.gross, vat: amounts)],
        total: amounts.gross, currencyCode: visible.currency, vatTotals: [amounts])
      do {
        return Document(
          fileName: "\(request.number).pdf", mediaType: "application/pdf", content: Data(try sheet.render(fonts: fonts))
        )
      } catch {
        self.logger.error("act PDF failed", metadata: ["act": "\(request.number)", "error": "\(error)"])
        throw BillingError.documentsUnavailable
      }
    }
  }
}
