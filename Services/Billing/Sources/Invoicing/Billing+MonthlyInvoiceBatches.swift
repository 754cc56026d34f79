import BillingAPI
import BillingReferenceData
import BillingRules
import GRPCCore
import PostgresNIO
import RPC
import Storage
import WireCodec

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// How a month-end batch claims its accounts.
enum BatchClaim: Sendable {
  /// Passes over rows another runner holds: replicas running the same day share the accounts.
  case skipLocked
  /// Waits for them: the closing pass, so an account a runner (or a posting) held during the
  /// first pass is not left without its invoice.
  case waitForLocks
}

/// What the rates, VAT and calendars say for the accounts of one batch, looked up once per
/// batch (a handful of countries and currency pairs) rather than once per account.
struct InvoicingLookups: Sendable {
  /// By country: the VAT rate in force on the period's last day.
  var vat: [String: Result<VatRate, any Error>] = [:]
  /// By country: the last day to pay an invoice issued on the run's day.
  var dueOn: [String: Result<CalendarDate, any Error>] = [:]
  /// By `local/currency`: the central bank's rate of the day or the latest earlier one.
  var rates: [String: ExchangeRate] = [:]

  static func rateKey(local: String, currency: String) -> String { "\(local)/\(currency)" }
}

extension Billing {
  /// On the 1st: every open account gets an invoice for the previous month's charges, in
  /// batches of `invoicingBatchSize` accounts (docs/billing.md, Month-end in batches). A batch
  /// is one transaction: its accounts' rows locked, their month's lines read by one query,
  /// rates, VAT and due dates looked up once, the numbers reserved in one counter update, and
  /// the invoices, lines and `billing.invoice.issued` events written by one statement each.
  /// An account that cannot be invoiced is recorded as a failure and skipped; a batch that
  /// fails as a whole is redone one account at a time
  /// (``issueMonthlyInvoice(account:period:on:on:)``), so a bad account never holds up the rest.
  ///
  /// Batches skip accounts another transaction holds, so replicas running the day share the
  /// work; the stretches of accounts where a batch skipped some are kept (a few numbers per
  /// batch, never per account) and gone through again at the end, waiting for the locks, so an
  /// account held by a posting at the wrong moment still gets its invoice.
  func issueMonthlyInvoices(on date: CalendarDate, failed: CycleCounter) async throws -> (
    issued: Int64, withoutRate: Int64
  ) {
    guard let period = Self.invoicedPeriod(on: date) else { return (0, 0) }
    let shares = try await self.invoicingShares(workers: self.settings.invoicingWorkers)
    let tally = try await withThrowingTaskGroup(of: InvoicingTally.self) { group in
      for share in shares {
        group.addTask { try await self.invoiceShare(share, period: period, on: date, failed: failed) }
      }
      var total = InvoicingTally()
      for try await tally in group { total += tally }
      return total
    }
    return (tally.issued, tally.withoutRate)
  }

  /// The accounts split by `seq` into `workers` consecutive ranges of about equal size (the
  /// last one open-ended, for accounts opened during the run): one per worker. Every replica
  /// splits alike, so the same range of two replicas is shared by skipping locked rows.
  func invoicingShares(workers: Int) async throws -> [ClosedRange<Int64>] {
    let bounds = try await self.database.withConnection { connection in
      try await connection.query(
        "SELECT COALESCE(min(seq), 0), COALESCE(max(seq), 0) FROM accounts", logger: self.logger
      )
      .decode((Int64, Int64).self).collect()[0]
    }
    let (low, high) = (bounds.0, bounds.1)
    let size = max(1, (high - low + 1) / Int64(workers))
    return (0..<workers).map { index in
      let start = index == 0 ? Int64.min + 1 : low + Int64(index) * size
      let end = index == workers - 1 ? Int64.max : low + Int64(index + 1) * size - 1
      return start...end
    }
  }

  /// One worker's share of month-end: the accounts whose `seq` is in `share`, then the
  /// stretches where a batch skipped some, waiting for their locks.
  func invoiceShare(
    _ share: ClosedRange<Int64>, period: (start: CalendarDate, end: CalendarDate), on date: CalendarDate,
    failed: CycleCounter
  ) async throws -> InvoicingTally {
    var (tally, skipped) = try await self.invoiceRange(
      share, claim: .skipLocked, period: period, on: date, failed: failed)
    for stretch in skipped {
      tally += try await self.invoiceRange(stretch, claim: .waitForLocks, period: period, on: date, failed: failed).0
    }
    return tally
  }

  /// The accounts whose `seq` is in `range`, batch after batch; with the stretches of it where
  /// a batch skipped accounts another transaction held.
  func invoiceRange(
    _ range: ClosedRange<Int64>, claim: BatchClaim, period: (start: CalendarDate, end: CalendarDate),
    on date: CalendarDate, failed: CycleCounter
  ) async throws -> (InvoicingTally, skipped: [ClosedRange<Int64>]) {
    var tally = InvoicingTally()
    var skipped: [ClosedRange<Int64>] = []
    var after = range.lowerBound - 1
    while true {
      let batch = try await self.invoiceBatch(
        after: after, through: range.upperBound, claim: claim, period: period, on: date, failed: failed)
      tally += batch.tally
      if batch.skippedSome { skipped.append((after + 1)...(batch.last ?? range.upperBound)) }
      guard let last = batch.last else { break }
      after = last
    }
    return (tally, skipped)
  }

  /// Invoices the next batch of accounts with `seq` in `(after, upper]`. `last` is the batch's
  /// last account (`nil` when none was claimed); `skippedSome` says whether accounts of that
  /// stretch were passed over because another transaction held them.
  func invoiceBatch(
    after seq: Int64, through upper: Int64, claim: BatchClaim, period: (start: CalendarDate, end: CalendarDate),
    on date: CalendarDate, failed: CycleCounter
  ) async throws -> (last: Int64?, tally: InvoicingTally, skippedSome: Bool) {
    let outcome: (last: Int64?, tally: InvoicingTally, skippedSome: Bool, failures: [(ClaimedAccount, any Error)])
    do {
      outcome = try await self.database.transaction { connection in
        // Short statements over a few hundred rows: compiling them (JIT, on by default above
        // a cost the per-account lookups reach) took longer than running them.
        try await connection.query("SET LOCAL jit = off", logger: self.logger)
        let claimed = try await connection.query(
          PerAccountQueries.invoicingBatch(
            after: seq, through: upper, periodStart: period.start, limit: self.settings.invoicingBatchSize,
            claim: claim),
          logger: self.logger
        ).decode(ClaimedAccount.Row.self).collect().map(ClaimedAccount.init)
        // The claim's snapshot predates its locks: another runner may have invoiced an account
        // and let it go in between. A new statement sees that (its snapshot is newer); without
        // this the batch would meet the unique index and be redone one account at a time.
        let invoiced = try await Set(
          connection.query(
            """
            SELECT account_id FROM invoices
            WHERE account_id = ANY(\(claimed.map(\.id))) AND kind = 'monthly' AND period_start = \(period.start)
            """, logger: self.logger
          ).decode(UUID.self).collect())
        let accounts = claimed.filter { !invoiced.contains($0.id) }
        var skippedSome = false
        if claim == .skipLocked {
          let waiting = try await connection.query(
            PerAccountQueries.uninvoiced(after: seq, through: claimed.last?.seq ?? upper, periodStart: period.start),
            logger: self.logger
          ).decode(Int64.self).collect()[0]
          skippedSome = waiting > accounts.count
        }
        guard let last = claimed.last?.seq else { return (nil, InvoicingTally(), skippedSome, []) }
        let (tally, failures) = try await self.invoice(accounts, period: period, on: date, on: connection)
        return (last, tally, skippedSome, failures)
      }
    } catch {
      guard !Self.stopsTheCycle(error) else { throw error }
      let (reason, message) = Self.describe(error)
      self.logger.error(
        "a month-end batch failed as a whole; its accounts are invoiced one by one",
        metadata: ["after": "\(seq)", "reason": "\(reason)", "detail": "\(message)"])
      let redone = try await self.invoiceOneByOne(after: seq, through: upper, period: period, on: date, failed: failed)
      return (redone?.last, redone?.tally ?? InvoicingTally(), false)
    }
    // Recorded once the batch has committed: a batch rolled back and redone records nothing twice.
    for (account, error) in outcome.failures {
      let (reason, message) = Self.describe(error)
      try await self.recordFailure(.invoicing, item: account.id, for: date, reason: reason, message: message)
      failed.add()
    }
    return (outcome.last, outcome.tally, outcome.skippedSome)
  }

  /// Plans and writes the invoices of `accounts` (locked, in `seq` order) in the caller's
  /// transaction; returns what it did and the accounts that could not be invoiced.
  func invoice(
    _ accounts: [ClaimedAccount], period: (start: CalendarDate, end: CalendarDate), on date: CalendarDate,
    on connection: PostgresConnection
  ) async throws -> (InvoicingTally, [(ClaimedAccount, any Error)]) {
    var lines: [UUID: [MonthLine]] = [:]
    let rows = try await connection.query(
      PerAccountQueries.periodLines(ofAny: accounts.map(\.id), from: period.start, through: period.end),
      logger: self.logger
    ).decode((UUID, String, String, String).self)
    for try await (account, code, name, amount) in rows {
      lines[account, default: []].append((code, name, amount))
    }
    let lookups = try await self.invoicingLookups(for: accounts, period: period, on: date, on: connection)
    var tally = InvoicingTally()
    var planned: [PlannedInvoice] = []
    var failures: [(ClaimedAccount, any Error)] = []
    for account in accounts {
      switch self.planMonthlyInvoice(for: account, lines: lines[account.id] ?? [], period: period, lookups: lookups) {
      case .issue(let invoice): planned.append(invoice)
      case .nothingToDo: break
      case .noRate: tally.withoutRate += 1
      case .failed(let error): failures.append((account, error))
      }
    }
    if tally.withoutRate > 0 {
      self.logger.warning(
        "no exchange rate for monthly invoices", metadata: ["accounts": "\(tally.withoutRate)", "date": "\(date)"])
    }
    try await self.write(planned, period: period, on: date, on: connection)
    tally.issued = Int64(planned.count)
    let failedIDs = Set(failures.map(\.0.id))
    let settled = accounts.map(\.id).filter { !failedIDs.contains($0) }
    try await connection.query(
      """
      UPDATE cycle_failures SET resolved_at = \(self.now)
      WHERE step = \(CycleStep.invoicing.rawValue) AND item_id = ANY(\(settled)) AND resolved_at IS NULL
      """, logger: self.logger)
    return (tally, failures)
  }

  /// One account's invoice from its month's lines: the same decisions, in the same order, as
  /// ``issueMonthlyInvoice(account:period:on:on:)`` makes for an account alone.
  func planMonthlyInvoice(
    for account: ClaimedAccount, lines: [MonthLine], period: (start: CalendarDate, end: CalendarDate),
    lookups: InvoicingLookups
  ) -> InvoicePlanning {
    let amounts: [Int64]
    let total: Int64
    do {
      (amounts, total) = try self.documentTotal(
        lines.map(\.amount), currency: account.currency,
        what: "The \(period.start.monthKey) charges of account \(account.number)")
    } catch {
      return .failed(error)
    }
    guard total > 0 else { return .nothingToDo }
    let vat: VatRate
    switch lookups.vat[account.country] {
    case .success(let rate): vat = rate
    case .failure(let error): return .failed(error)
    case nil: return .failed(BillingError.vatRateMissing(account.country, on: period.end))
    }
    var conversion: PlannedInvoice.Conversion?
    if let local = Self.localCurrencies[Country(column: account.country)], local != account.currency {
      guard let stored = lookups.rates[InvoicingLookups.rateKey(local: local, currency: account.currency)],
        let rate = Money.rounded(stored.rate, to: 4),
        let amount = Money.convert(total, from: account.currency, to: local, at: rate)
      else { return .noRate }
      conversion = .init(currency: local, rate: rate, rateDate: stored.date, amountMinor: amount)
    }
    let dueOn: CalendarDate
    switch lookups.dueOn[account.country] {
    case .success(let day): dueOn = day
    case .failure(let error): return .failed(error)
    case nil: return .failed(BillingError.countryWithoutCalendar)
    }
    let billed = zip(lines, amounts).filter { $0.1 != 0 }.map {
      (code: $0.0.code, description: PlannedInvoice.description(code: $0.0.code, name: $0.0.name), amount: $0.1)
    }
    return .issue(
      PlannedInvoice(account: account, total: total, lines: billed, vat: vat, conversion: conversion, dueOn: dueOn))
  }

  /// VAT and due date per country and rates per currency pair, for the accounts of a batch.
  func invoicingLookups(
    for accounts: [ClaimedAccount], period: (start: CalendarDate, end: CalendarDate), on date: CalendarDate,
    on connection: PostgresConnection
  ) async throws -> InvoicingLookups {
    var lookups = InvoicingLookups()
    for country in Set(accounts.map(\.country)) {
      do {
        // The VAT of the month's supply: the rate in force on the period's last day, not the issue day's.
        lookups.vat[country] = .success(try await self.vatRate(country: country, on: period.end, on: connection))
      } catch let error as BillingError {
        lookups.vat[country] = .failure(error)
      }
      do {
        let calendar = try await self.calendar(for: country, on: connection)
        lookups.dueOn[country] = .success(Self.collectionSchedule.dueDate(issuedOn: date, calendar: calendar))
      } catch let error as CalendarDataError {
        lookups.dueOn[country] = .failure(error)
      }
    }
    let pairs = Set(
      accounts.compactMap { account -> [String]? in
        guard let local = Self.localCurrencies[Country(column: account.country)], local != account.currency else {
          return nil
        }
        return [local, account.currency]
      })
    for pair in pairs {
      if let rate = try await self.rate(quote: pair[0], currency: pair[1], on: date, on: connection) {
        lookups.rates[InvoicingLookups.rateKey(local: pair[0], currency: pair[1])] = rate
      }
    }
    return lookups
  }

  /// Writes `invoices` (numbered in their order), their lines and their events: one statement each.
  func write(
    _ invoices: [PlannedInvoice], period: (start: CalendarDate, end: CalendarDate), on date: CalendarDate,
    on connection: PostgresConnection
  ) async throws {
    guard !invoices.isEmpty else { return }
    let numbers = try await self.reserveInvoiceNumbers(invoices.count, on: connection)
    let unconverted = PlannedInvoice.Conversion(currency: "", rate: .zero, rateDate: date, amountMinor: 0)
    let conversions = invoices.map { $0.conversion ?? unconverted }
    let ids = try await connection.query(
      """
      INSERT INTO invoices (number, account_id, amount_minor, issued_on, created_at, kind, period_start, period_end, currency,
                            local_currency, rate_units, rate_scale, rate_date, local_amount_minor, due_on)
      SELECT v.number, v.account_id, v.amount, \(date), \(self.now), 'monthly', \(period.start), \(period.end), v.currency,
             v.local_currency, CASE WHEN v.converted THEN v.rate_units END, CASE WHEN v.converted THEN v.rate_scale END,
             CASE WHEN v.converted THEN v.rate_date::date END, CASE WHEN v.converted THEN v.local_amount END, v.due_on::date
      FROM unnest(\(numbers)::text[], \(invoices.map(\.account.id))::uuid[], \(invoices.map(\.total))::bigint[],
                  \(invoices.map(\.account.currency))::text[], \(conversions.map(\.currency))::text[],
                  \(invoices.map { $0.conversion != nil })::bool[], \(conversions.map(\.rate.units))::bigint[],
                  \(conversions.map { Int16($0.rate.scale) })::int2[], \(conversions.map(\.rateDate.description))::text[],
                  \(conversions.map(\.amountMinor))::bigint[], \(invoices.map(\.dueOn.description))::text[])
           WITH ORDINALITY AS v(number, account_id, amount, currency, local_currency, converted, rate_units, rate_scale,
                                rate_date, local_amount, due_on, n)
      ORDER BY v.n
      RETURNING id, account_id
      """, logger: self.logger
    ).decode((Int64, UUID).self).collect()
    let idOf = Dictionary(uniqueKeysWithValues: ids.map { ($0.1, $0.0) })
    var lines: (invoice: [Int64], code: [String], description: [String], amount: [Int64], vat: [Int32]) = (
      [], [], [], [], []
    )
    for invoice in invoices {
      // The statement inserts every row or fails; a missing one is a broken invariant, and the
      // batch is redone one account at a time.
      guard let id = idOf[invoice.account.id] else {
        throw PlatformError(
          code: .internalError, reason: "INTERNAL", message: "An invoice of the batch was not written.")
      }
      for line in invoice.lines {
        lines.invoice.append(id)
        lines.code.append(line.code)
        lines.description.append(line.description)
        lines.amount.append(line.amount)
        lines.vat.append(Int32(invoice.vat.hundredths))
      }
    }
    try await connection.query(
      """
      INSERT INTO invoice_lines (invoice_id, service_code, description, amount_minor, vat_rate_hundredths)
      SELECT l.invoice_id, l.code, l.description, l.amount, l.vat
      FROM unnest(\(lines.invoice)::bigint[], \(lines.code)::text[], \(lines.description)::text[], \(lines.amount)::bigint[],
                  \(lines.vat)::int4[]) WITH ORDINALITY AS l(invoice_id, code, description, amount, vat, n)
      ORDER BY l.n
      """, logger: self.logger)
    let events = zip(invoices, numbers).map { invoice, number in
      self.invoiceIssuedEvent(
        number: number, account: invoice.account.number, customer: invoice.account.customerID, total: invoice.total,
        currency: invoice.account.currency, period: period, issuedOn: date, dueOn: invoice.dueOn)
    }
    try await EventOutbox.append(events, on: connection, at: self.now, logger: self.logger)
  }

  /// `count` numbers of the invoice series in one counter update (more if some are taken by
  /// hand-given invoices from before numbers in the series were refused: those are skipped and
  /// logged rather than stopping invoicing for everyone). The counter row stays locked until
  /// the caller's transaction commits, so numbers have no gaps.
  func reserveInvoiceNumbers(_ count: Int, on connection: PostgresConnection) async throws -> [String] {
    var numbers: [String] = []
    let series = self.settings.invoiceSeries
    for _ in 0..<1000 where numbers.count < count {
      let wanted = Int64(count - numbers.count)
      let first = try await self.reserveNumbers(
        wanted, in: series, from: self.settings.invoiceSeriesStart, on: connection)
      let candidates = (0..<wanted).map { AutomaticSeries.number(first + $0, in: series) }
      let taken = try await Set(
        connection.query("SELECT number FROM invoices WHERE number = ANY(\(candidates))", logger: self.logger)
          .decode(String.self).collect())
      for number in candidates {
        if taken.contains(number) {
          self.logger.error("an automatic invoice number was taken by hand; skipped", metadata: ["number": "\(number)"])
        } else {
          numbers.append(number)
        }
      }
    }
    guard numbers.count == count else { throw BillingError.seriesExhausted(series) }
    return numbers
  }

  /// The next batch's accounts read without locks, then invoiced each in its own transaction:
  /// how a batch that failed as a whole is redone, so the account that broke it is recorded
  /// and skipped.
  func invoiceOneByOne(
    after seq: Int64, through upper: Int64, period: (start: CalendarDate, end: CalendarDate), on date: CalendarDate,
    failed: CycleCounter
  ) async throws -> (last: Int64, tally: InvoicingTally)? {
    let accounts = try await self.database.withConnection { connection in
      try await connection.query(
        PerAccountQueries.invoicingBatch(
          after: seq, through: upper, periodStart: period.start, limit: self.settings.invoicingBatchSize, claim: nil),
        logger: self.logger
      ).decode(ClaimedAccount.Row.self).collect().map(ClaimedAccount.init)
    }
    guard let last = accounts.last else { return nil }
    var tally = InvoicingTally()
    for account in accounts {
      let outcome = try await self.isolated(.invoicing, item: account.id, for: date, failed: failed) { connection in
        try await self.issueMonthlyInvoice(account: account.id, period: period, on: date, on: connection)
      }
      switch outcome {
      case .issued: tally.issued += 1
      case .noRate: tally.withoutRate += 1
      case .nothingToDo, nil: break
      }
    }
    return (last.seq, tally)
  }

  func invoiceIssuedEvent(
    number: String, account: String, customer: UUID, total: Int64, currency: String,
    period: (start: CalendarDate, end: CalendarDate), issuedOn: CalendarDate, dueOn: CalendarDate
  ) -> OutboxEvent {
    OutboxEvent(
      BillingEvents.invoiceIssued, key: account,
      message: InvoiceIssuedEvent(
        invoiceNumber: number, accountNumber: account, customerID: customer.uuidString.lowercased(),
        amount: Money.decimal(total, currency: currency), currency: currency, periodStart: period.start,
        periodEnd: period.end, issuedOn: issuedOn, dueOn: dueOn))
  }
}
