import BillingAPI
import BillingRules
import PostgresNIO
import RPC
import Storage
import WireCodec

extension Billing {
  func listInvoices(_ request: ListInvoicesRequest, caller: Caller) async throws -> ListInvoicesReply {
    let page = try Self.pages.page(of: request.page, by: PageKeyPair<CalendarDate, Int64>.self)
    let after = page.after
    let rows = try await self.database.withConnection { connection in
      let account = try self.visible(
        try await self.account(.number(request.accountNumber), on: connection), to: caller,
        with: BillingPermission.invoicesRead)
      let rows = try await connection.query(
        """
        SELECT \(unescaped: InvoiceRow.columns) FROM invoices i JOIN accounts a ON a.id = i.account_id
        WHERE i.account_id = \(account.id) AND (\(request.from)::date IS NULL OR i.issued_on >= \(request.from))
          AND (\(request.to)::date IS NULL OR i.issued_on <= \(request.to))
          AND (\(after?.first)::date IS NULL OR (i.issued_on, i.id) < (\(after?.first), \(after?.second)))
        ORDER BY i.issued_on DESC, i.id DESC LIMIT \(page.limit)
        """, logger: self.logger
      ).decode(InvoiceRow.Row.self).collect()
      let (shown, next) = page.cut(rows.map(InvoiceRow.init)) { PageKeyPair($0.message.date, $0.id) }
      return (try await self.withLines(Array(shown), on: connection), next)
    }
    return ListInvoicesReply(invoices: rows.0.map(\.message), nextPageToken: rows.1)
  }

  /// One invoice by number, with its account, if `caller` may read it.
  func invoice(_ number: String, caller: Caller, on connection: PostgresConnection) async throws -> (
    InvoiceRow, AccountRow
  ) {
    let rows = try await connection.query(
      """
      SELECT \(unescaped: InvoiceRow.columns) FROM invoices i JOIN accounts a ON a.id = i.account_id WHERE i.number = \(number)
      """, logger: self.logger
    ).decode(InvoiceRow.Row.self).collect()
    guard let row = rows.first.map(InvoiceRow.init) else { throw BillingError.invoiceNotFound }
    let account = try self.visible(
      try await self.account(.id(row.accountID), on: connection), organization: \.organizationID,
      notFound: .invoiceNotFound, to: caller,
      with: BillingPermission.invoicesRead)
    guard let invoice = try await self.withLines([row], on: connection).first else {
      throw BillingError.invoiceNotFound
    }
    return (invoice, account)
  }

  func withLines(_ invoices: [InvoiceRow], on connection: PostgresConnection) async throws -> [InvoiceRow] {
    let ids = invoices.map(\.id)
    let lines = try await connection.query(
      """
      SELECT invoice_id, service_code, description, amount_minor, vat_rate_hundredths FROM invoice_lines
      WHERE invoice_id = ANY(\(ids)) ORDER BY invoice_id, service_code
      """, logger: self.logger
    ).decode((Int64, String, String, Int64, Int32).self).collect()
    let byInvoice = Dictionary(grouping: lines, by: \.0)
    return try invoices.map { invoice in
      var invoice = invoice
      let currency = invoice.message.currency
      // Line amounts are gross (what the ledger charged): the VAT is read out of them per line.
      let items = (byInvoice[invoice.id] ?? []).map { ($0, VatLine.included(in: $0.3, rate: VatRate(column: $0.4))) }
      invoice.message.lines = items.map { line, vat in
        InvoiceItem(
          serviceCode: line.1, description: line.2, amount: Money.decimal(line.3, currency: currency),
          vatRate: vat.rate.percent,
          net: Money.decimal(vat.net, currency: currency), vat: Money.decimal(vat.vat, currency: currency))
      }
      guard let totals = VatLine.totalsByRate(items.map { $0.1 }), let sum = VatLine.grandTotal(totals) else {
        throw BillingError.totalOutOfRange("The VAT totals of invoice \(invoice.message.number)")
      }
      // A manual invoice (IssueInvoice) has no lines, so no VAT: net and VAT stay zero.
      invoice.message.vatTotals = totals.map { $0.total(currency: currency) }
      invoice.message.net = Money.decimal(sum.net, currency: currency)
      invoice.message.vat = Money.decimal(sum.vat, currency: currency)
      return invoice
    }
  }
}

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif
