import BillingAPI
import PostgresNIO
import RPC
import Storage
import WireCodec

extension Billing {
  /// The longest period one statement covers: three years of value dates.
  static let statementDays: Int32 = 3 * 366

  /// A reconciliation statement (акт сверки) of an account: the balance before the period,
  /// every entry of the period by value date with its running balance, and the balance after.
  /// Balances are sums of value-dated entries, so the closing balance of a period ending today
  /// is the account's balance unless entries are dated after today.
  func accountStatement(_ request: AccountStatementRequest, caller: Caller) async throws -> AccountStatement {
    let page = try Self.pages.page(of: request.page, by: PageKeyPair<CalendarDate, Int64>.self)
    let to = request.to ?? self.today
    let from = request.from ?? CalendarDate(year: to.components.year, month: to.components.month, day: 1) ?? to
    var checks = FieldChecks()
    checks.date(request.from, field: "from")
    checks.date(request.to, field: "to")
    if !checks.violations.isEmpty {
      try checks.check()
    } else if from > to {
      checks.add("from", "PERIOD_INVALID", "The period starts (\(from)) after it ends (\(to)).")
    } else if to.daysSinceEpoch - from.daysSinceEpoch >= Self.statementDays {
      checks.add("to", "PERIOD_INVALID", "One statement covers at most three years; ask for several.")
    }
    try checks.check()
    return try await self.database.withConnection { connection in
      let account = try self.visible(
        try await self.account(.number(request.accountNumber), on: connection), to: caller,
        with: BillingPermission.accountsRead)
      let currency = account.currency
      let sums = try await connection.query(
        """
        SELECT (SELECT sum(amount_minor) FROM ledger_entries WHERE account_id = \(account.id) AND value_date < \(from))::text,
          sum(-amount_minor) FILTER (WHERE amount_minor < 0)::text, sum(amount_minor) FILTER (WHERE amount_minor > 0)::text
        FROM ledger_entries WHERE account_id = \(account.id) AND value_date BETWEEN \(from) AND \(to)
        """, logger: self.logger
      ).decode((String?, String?, String?).self).collect()
      let opening = try self.checked(sums.first?.0, currency: currency, what: "The opening balance")
      let debit = try self.checked(sums.first?.1, currency: currency, what: "The period's debits")
      let credit = try self.checked(sums.first?.2, currency: currency, what: "The period's credits")
      let closing = try self.withinBalanceLimit(
        opening + credit - debit, currency: currency, what: "The closing balance")
      let rows = try await connection.query(
        """
        SELECT id, value_date, kind, service_code, purpose, amount_minor, running::text FROM (
          SELECT id, value_date, kind, service_code, purpose, amount_minor,
            sum(amount_minor) OVER (ORDER BY value_date, id) AS running
          FROM ledger_entries WHERE account_id = \(account.id) AND value_date BETWEEN \(from) AND \(to)
        ) s
        WHERE \(page.after?.first)::date IS NULL OR (value_date, id) > (\(page.after?.first), \(page.after?.second))
        ORDER BY value_date, id LIMIT \(page.limit)
        """, logger: self.logger
      ).decode((Int64, CalendarDate, String, String, String, Int64, String).self).collect()
      let (shown, next) = page.cut(rows) { PageKeyPair($0.1, $0.0) }
      let lines = try shown.map { id, date, kind, service, purpose, amount, running in
        let balance = try self.withinBalanceLimit(
          opening + self.checked(running, currency: currency, what: "A running balance"), currency: currency,
          what: "A running balance")
        return StatementLine(
          entryID: id, date: date, kind: EntryKind(column: kind), serviceCode: service, purpose: purpose,
          debit: Money.decimal(amount < 0 ? -amount : 0, currency: currency),
          credit: Money.decimal(amount > 0 ? amount : 0, currency: currency),
          balanceAfter: Money.decimal(balance, currency: currency))
      }
      let customerName =
        try await connection.query(
          "SELECT name FROM customers WHERE id = \(account.customerID)", logger: self.logger
        ).decode(String.self).collect().first ?? ""
      return AccountStatement(
        accountNumber: account.number, currency: currency, from: from, to: to,
        openingBalance: Money.decimal(opening, currency: currency),
        totalDebit: Money.decimal(debit, currency: currency), totalCredit: Money.decimal(credit, currency: currency),
        closingBalance: Money.decimal(closing, currency: currency), lines: lines, nextPageToken: next,
        customerName: customerName)
    }
  }
}
