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
  static let commissionReportMonths = 24

  func commissionReport(_ request: CommissionReportRequest) async throws -> CommissionReport {
    let page = try Self.pages.page(of: request.page, by: PageKeyPair<CalendarDate, String>.self)
    let (rows, currency) = try await self.commissionRows(request)
    let total = rows.reduce(0) { $0 + (Money.minorUnits($1.commission, currency: $1.currency) ?? 0) }
    // The report is computed whole (its total covers every row); the page is the rows after the
    // previous page's last (month, account), in the order commissionRows sorts them.
    let remaining = rows.drop { row in
      page.after.map { (row.month, row.accountNumber) <= ($0.first, $0.second) } ?? false
    }
    let (shown, next) = page.cut(Array(remaining.prefix(page.limit))) { PageKeyPair($0.month, $0.accountNumber) }
    return CommissionReport(rows: Array(shown), nextPageToken: next, total: Money.decimal(total, currency: currency))
  }

  /// Every row of the report, oldest month first, then by account number (Swift's order of the
  /// numbers, which paging compares with); and the currency of the total.
  func commissionRows(_ request: CommissionReportRequest) async throws -> ([CommissionRow], String) {
    var checks = FieldChecks()
    let (from, to) = (request.fromMonth, request.toMonth)
    if from.components.day != 1 { checks.add("fromMonth", "NOT_A_MONTH", "Months are given by their 1st day.") }
    if to.components.day != 1 { checks.add("toMonth", "NOT_A_MONTH", "Months are given by their 1st day.") }
    let months = (to.components.year - from.components.year) * 12 + to.components.month - from.components.month + 1
    if months < 1 || months > Self.commissionReportMonths {
      checks.add(
        "toMonth", "PERIOD_INVALID", "The period runs forward and spans 1–\(Self.commissionReportMonths) months.")
    }
    try checks.check()
    let end = CalendarDate(
      daysSinceEpoch: to.daysSinceEpoch
        + Int32(CalendarDate.daysIn(month: to.components.month, year: to.components.year)))
    return try await self.database.withConnection { connection in
      let agent = try await self.agent(request.agentCode, on: connection)
      let bindings = try await self.scaleHistory(of: agent, on: connection).bindings
      // Each account's base per month: charges less discounts and correction write-offs, as invoiced.
      let bases = try await connection.query(
        """
        SELECT date_trunc('month', e.value_date)::date, a.number, a.currency, c.name, (-sum(e.amount_minor))::text
        FROM ledger_entries e
        LEFT JOIN ledger_entries o ON o.id = e.reverses_entry_id
        JOIN accounts a ON a.id = e.account_id JOIN customers c ON c.id = a.customer_id
        WHERE c.agent = \(agent.code) AND e.value_date >= \(from) AND e.value_date < \(end)
          AND \(unescaped: Self.realizedEntry)
        GROUP BY 1, a.number, a.currency, c.name, a.seq ORDER BY 1, a.seq
        """, logger: self.logger
      ).decode((CalendarDate, String, String, String, String).self).collect().map {
        month, account, currency, client, base in
        (
          month, account, currency, client,
          try self.checked(
            base, currency: currency, what: "The \(month.monthKey) commission base of account \(account)")
        )
      }
      var rows: [CommissionRow] = []
      for (month, account, currency, client, base) in bases {
        // The scale bound for that month; accounts in another currency than its ranges are not comparable.
        guard let scale = bindings.last(where: { $0.fromMonth <= month })?.scale, scale.currency == currency,
          let index = CommissionBands.band(
            for: base, lowerBounds: scale.bands.map { Money.minorUnits($0.from, currency: currency) ?? 0 }),
          case let band = scale.bands[index]
        else { continue }
        let commission =
          base > 0
          ? Money.convert(base, at: ExactDecimal(units: band.percent.units, scale: band.percent.scale + 2)) ?? 0 : 0
        if request.hideZero, commission == 0 { continue }
        rows.append(
          CommissionRow(
            month: month, commissionType: scale.commissionType, client: client, accountNumber: account,
            commission: Money.decimal(commission, currency: currency), algorithm: scale.algorithm,
            percent: band.percent,
            base: Money.decimal(base, currency: currency), template: scale.description, rangeFrom: band.from,
            currency: currency))
      }
      rows.sort { ($0.month, $0.accountNumber) < ($1.month, $1.accountNumber) }
      return (rows, bindings.last?.scale.currency ?? rows.first?.currency ?? "RUB")
    }
  }

  func exportCommissionReport(_ request: CommissionReportRequest) async throws -> Document {
    let (rows, _) = try await self.commissionRows(request)
    guard rows.count <= 5000 else { throw BillingError.exportTooLarge }
    let columns = [
      XLSXColumn("Месяц", width: 12), XLSXColumn("Тип комиссии", width: 24), XLSXColumn("Клиент", width: 32),
      XLSXColumn("Лицевой счёт", width: 14),
      XLSXColumn("Комиссия", width: 14), XLSXColumn("Алгоритм", width: 30), XLSXColumn("Процент", width: 10),
      XLSXColumn("С суммы", width: 14),
      XLSXColumn("Шаблон", width: 30), XLSXColumn("Диапазон", width: 14), XLSXColumn("Валюта", width: 8),
    ]
    let cells: [[XLSXCell]] = try rows.map { row in
      [
        .date(try Self.documentDate(row.month)), .text(row.commissionType), .text(row.client), .text(row.accountNumber),
        .decimal(row.commission.description), .text(row.algorithm), .decimal(row.percent.description),
        .decimal(row.base.description),
        .text(row.template), .decimal(row.rangeFrom.description), .text(row.currency),
      ]
    }
    return try self.workbook(
      XLSXSheet(name: "Комиссии \(request.agentCode)".prefix(31).description, columns: columns, rows: cells),
      fileName: "commissions-\(request.agentCode).xlsx")
  }
}
