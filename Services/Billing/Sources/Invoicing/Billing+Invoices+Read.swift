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

/// An invoices row as selected by ``columns`` (aliases `i` and `a`).
struct InvoiceRow: Sendable {
  static let columns = """
    i.id, i.number, a.number, i.amount_minor, i.issued_on, i.kind, i.period_start, i.period_end,
    CASE WHEN i.currency = '' THEN a.currency ELSE i.currency END, i.local_currency, i.rate_units, i.rate_scale, i.rate_date,
    i.local_amount_minor, i.due_on, i.paid_minor, i.paid_on, i.account_id
    """
  typealias Row = (
    Int64, String, String, Int64, CalendarDate, String, CalendarDate?, CalendarDate?, String, String, Int64?, Int16?,
    CalendarDate?,
    Int64?, CalendarDate?, Int64, CalendarDate?, UUID
  )

  let id: Int64
  let accountID: UUID
  var message: Invoice

  init(_ row: Row) {
    let (
      id, number, account, amount, issued, kind, start, end, currency, local, rateUnits, rateScale, rateDate,
      localAmount, due, paid, paidOn, accountID
    ) = row
    self.id = id
    self.accountID = accountID
    self.message = Invoice(
      number: number, accountNumber: account, amount: Money.decimal(amount, currency: currency), date: issued,
      monthly: kind == "monthly",
      periodStart: start, periodEnd: end, currency: currency, localCurrency: local,
      rate: rateUnits.map { ExactDecimal(units: $0, scale: UInt8(clamping: rateScale ?? 0)) } ?? .zero,
      rateDate: rateDate,
      localAmount: localAmount.map { Money.decimal($0, currency: local) } ?? .zero, dueOn: due,
      paid: Money.decimal(paid, currency: currency),
      paidOn: paidOn, lines: [], kind: kind == "monthly" ? .monthly : kind == "prepayment" ? .prepayment : .manual)
  }
}

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif
