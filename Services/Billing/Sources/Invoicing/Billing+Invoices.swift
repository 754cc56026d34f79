import BillingAPI
import PostgresNIO
import RPC
import Storage
import WireCodec

extension FieldChecks {
  /// A hand-given invoice number outside every series Billing numbers itself, except a legacy
  /// invoice number below `invoiceSeriesStart`.
  mutating func outsideAutomaticSeries(_ number: String, settings: BillingSettings) {
    let start = Int64(settings.invoiceSeriesStart)
    let invoices = AutomaticSeries(series: settings.invoiceSeries, start: start)
    if !invoices.admits(number) {
      let first = AutomaticSeries.number(start, in: settings.invoiceSeries)
      self.add(
        "number", "NUMBER_IN_AUTOMATIC_SERIES",
        "\(number) is in the automatic series \(settings.invoiceSeries), which Billing numbers itself from \(first) on: "
          + "give a number outside it, or import legacy numbers below \(first) (setting invoiceSeriesStart).")
    }
    for series in [settings.correctionSeries, settings.actSeries]
    where AutomaticSeries(series: series, start: 1).position(of: number) != nil {
      self.add(
        "number", "NUMBER_IN_AUTOMATIC_SERIES",
        "\(number) is in the automatic series \(series) of corrections or acts; an invoice cannot take it.")
    }
  }
}

extension Billing {
  /// Records an invoice number for an account. Part 1 keeps only what payment matching
  /// needs; invoice contents, due dates and reminders come with Billing part 2.
  func issueInvoice(_ request: IssueInvoiceRequest, caller: Caller) async throws -> Invoice {
    return try await self.database.transaction { connection in
      let account = try self.visible(
        try await self.account(.number(request.accountNumber), on: connection), to: caller,
        with: BillingPermission.invoicesManage)
      var checks = FieldChecks()
      let minor = checks.amount(request.amount, currency: account.currency, limits: self.settings.amountLimits)
      let given = request.number.trimmingWhitespace
      if !given.isEmpty {
        checks.contractNumber(given, field: "number")
        checks.outsideAutomaticSeries(given, settings: self.settings)
      }
      try checks.check()
      let ids = try await connection.query(
        "SELECT nextval(pg_get_serial_sequence('invoices', 'id'))", logger: self.logger
      )
      .decode(Int64.self).collect()
      let number = given.nonEmpty ?? "СЧ-\(ids[0])"
      let numbers = try await connection.query(
        """
        INSERT INTO invoices (id, number, account_id, amount_minor, issued_on, created_at)
        VALUES (\(ids[0]), \(number), \(account.id), \(minor), \(request.date), \(self.now))
        RETURNING number
        """, logger: self.logger
      ).decode(String.self).collect()
      return Invoice(
        number: numbers[0], accountNumber: account.number, amount: Money.decimal(minor, currency: account.currency),
        date: request.date)
    }
  }
}
