import BillingAPI
import BillingReferenceData
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

/// What issuing one account's monthly invoice came to.
enum InvoicingOutcome: Sendable {
  case issued
  /// Nothing was charged in the period, or the invoice exists already.
  case nothingToDo
  /// The invoice needs a rate into the local currency and none is stored for the day or before.
  case noRate
}

extension Billing {
  /// SQL condition on `ledger_entries e` (with `o`, the entry a reversal reverses, left-joined):
  /// the entry is realization — a charge, a discount, a correction write-off, or a reversal of
  /// one. What invoices bill, what postpaid debt and commission bases are made of.
  static let realizedEntry =
    "(e.kind IN ('charge', 'discount', 'correction') OR (e.kind = 'reversal' AND o.kind IN ('charge', 'discount', 'correction')))"

  /// ``realizedEntry`` without the join: the reversed entry's kind read by its key, for
  /// reversals only. For many accounts at once, where the planner would otherwise hash the
  /// whole ledger (a join, or an EXISTS it turns into a hashed subplan) to find the originals of
  /// a few reversals; a scalar subquery cannot be hashed.
  static let realizedEntryByLookup = """
    (e.kind IN ('charge', 'discount', 'correction') OR (e.kind = 'reversal'
      AND (SELECT o.kind FROM ledger_entries o WHERE o.id = e.reverses_entry_id) IN ('charge', 'discount', 'correction')))
    """

  /// The month invoiced on `date`: the previous month when `date` is a 1st, else none.
  static func invoicedPeriod(on date: CalendarDate) -> (start: CalendarDate, end: CalendarDate)? {
    let (year, month, day) = date.components
    guard day == 1,
      let start = CalendarDate(year: month == 1 ? year - 1 : year, month: month == 1 ? 12 : month - 1, day: 1)
    else {
      return nil
    }
    return (start, CalendarDate(daysSinceEpoch: date.daysSinceEpoch - 1))
  }

  /// One account's monthly invoice in the caller's transaction: month-end's path for an
  /// account alone — a batch redone account by account, a failed account retried on a later
  /// day — and the reference that `MonthEndEquivalenceTests` holds the batches to.
  func issueMonthlyInvoice(
    account id: UUID, period: (start: CalendarDate, end: CalendarDate), on date: CalendarDate,
    on connection: PostgresConnection
  ) async throws -> InvoicingOutcome {
    guard let account = try await self.account(.id(id), forUpdate: true, on: connection) else { return .nothingToDo }
    let existing = try await connection.query(
      PerAccountQueries.monthlyInvoice(of: id, periodStart: period.start), logger: self.logger
    ).decode(Int.self).collect()
    guard existing.isEmpty else { return .nothingToDo }
    // Charges, discounts and correction write-offs of the period, and reversals of them: what the customer owes for it.
    let lines = try await connection.query(
      PerAccountQueries.periodLines(of: id, from: period.start, through: period.end), logger: self.logger
    ).decode((String, String, String).self).collect()
    let (amounts, total) = try self.documentTotal(
      lines.map(\.2), currency: account.currency,
      what: "The \(period.start.monthKey) charges of account \(account.number)")
    guard total > 0 else { return .nothingToDo }

    let country = try await self.vatCountry(of: account, on: connection)
    // The VAT of the month's supply: the rate in force on the period's last day, not the issue day's.
    let vatRate = try await self.vatRate(country: country, on: period.end, on: connection)
    var conversion: (currency: String, rate: ExactDecimal, rateDate: CalendarDate, amount: Int64)?
    if let local = Self.localCurrencies[Country(column: country)], local != account.currency {
      guard let stored = try await self.rate(quote: local, currency: account.currency, on: date, on: connection),
        let rate = Money.rounded(stored.rate, to: 4),
        let amount = Money.convert(total, from: account.currency, to: local, at: rate)
      else {
        self.logger.warning(
          "no exchange rate for a monthly invoice",
          metadata: ["account": "\(account.number)", "currency": "\(account.currency)"])
        return .noRate
      }
      conversion = (local, rate, stored.date, amount)
    }
    let calendar = try await self.calendar(for: country, on: connection)
    let due = Self.collectionSchedule.dueDate(issuedOn: date, calendar: calendar)
    let number = try await self.nextInvoiceNumber(on: connection)
    let invoiceID = try await connection.query(
      """
      INSERT INTO invoices (number, account_id, amount_minor, issued_on, created_at, kind, period_start, period_end, currency,
                            local_currency, rate_units, rate_scale, rate_date, local_amount_minor, due_on)
      VALUES (\(number), \(id), \(total), \(date), \(self.now), 'monthly', \(period.start), \(period.end), \(account.currency),
              \(conversion?.currency ?? ""), \(conversion?.rate.units), \(conversion.map { Int16($0.rate.scale) }), \(conversion?.rateDate),
              \(conversion?.amount), \(due))
      RETURNING id
      """, logger: self.logger
    ).decode(Int64.self).collect()
    for ((code, name, _), amount) in zip(lines, amounts) where amount != 0 {
      try await connection.query(
        """
        INSERT INTO invoice_lines (invoice_id, service_code, description, amount_minor, vat_rate_hundredths)
        VALUES (\(invoiceID[0]), \(code), \(PlannedInvoice.description(code: code, name: name)), \(amount), \(Int32(vatRate.hundredths)))
        """, logger: self.logger)
    }
    try await EventOutbox.append(
      [
        self.invoiceIssuedEvent(
          number: number, account: account.number, customer: account.customerID, total: total,
          currency: account.currency, period: period, issuedOn: date, dueOn: due)
      ], on: connection, at: self.now, logger: self.logger)
    return .issued
  }

  /// The next number of the invoice series, zero-padded to 4 digits (NCR-0134), from
  /// `invoiceSeriesStart` on. The counter row stays locked until the invoice commits, so
  /// numbers have no gaps. A number already taken (a hand-given one from before numbers in
  /// the series were refused) is skipped, logged, rather than stopping invoicing for everyone.
  func nextInvoiceNumber(on connection: PostgresConnection) async throws -> String {
    try await self.reserveInvoiceNumbers(1, on: connection)[0]
  }

  /// The next number of `series`, starting at `start`; see ``nextInvoiceNumber(on:)``.
  func nextNumber(in series: String, from start: Int = 1, on connection: PostgresConnection) async throws -> String {
    AutomaticSeries.number(try await self.reserveNumbers(1, in: series, from: start, on: connection), in: series)
  }

  /// Takes `count` consecutive numbers of `series` (from `start` on) in one counter update and
  /// returns the first; the counter row stays locked until the caller's transaction ends.
  func reserveNumbers(_ count: Int64, in series: String, from start: Int, on connection: PostgresConnection)
    async throws -> Int64
  {
    try await connection.query(
      """
      INSERT INTO invoice_counters (series, next) VALUES (\(series), \(Int64(start)) + \(count))
      ON CONFLICT (series) DO UPDATE SET next = GREATEST(invoice_counters.next, \(Int64(start))) + \(count)
      RETURNING next - \(count)
      """, logger: self.logger
    ).decode(Int64.self).collect()[0]
  }
}
