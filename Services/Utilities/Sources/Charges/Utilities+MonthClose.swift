import BillingAPI
import BillingRules
import PostgresNIO
import RPC
import Storage
import UtilitiesAPI
import UtilitiesRules
import WireCodec

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// What closing one account's month came to.
enum AccountClose: Sendable {
  case charged(estimated: Int, held: Int)
  case alreadyClosed
  case failed(reason: String, message: String)
}

extension Utilities {
  /// Closes a month for every account, each in its own transaction under its row lock: a second
  /// run (or another replica at once) finds the month closed and adds nothing. The VAT rate
  /// comes from Billing before any transaction opens; the charges go to Billing after, and
  /// those Billing did not take stay pending for the poster.
  func closeMonth(_ request: CloseMonthRequest, caller: Caller) async throws -> CloseMonthReply {
    try caller.require(UtilitiesPermission.chargesPost)
    guard let month = BillingMonth(year: Int(request.year), month: Int(request.month)),
      let period = CalendarDate(year: month.year, month: month.month, day: 1)
    else {
      var checks = FieldChecks()
      checks.add("month", "MONTH_INVALID", "Give a year 2000–2100 and a month 1–12.")
      try checks.check()
      throw UtilitiesError.monthNotEnded
    }
    guard period.lastOfMonth < self.today else { throw UtilitiesError.monthNotEnded }
    let rate = try await self.vatRate(on: period.lastOfMonth)
    var reply = CloseMonthReply()
    var after = ""
    var charged: [String] = []
    while true {
      let start = after
      let numbers = try await self.database.withConnection { connection in
        try await connection.query(
          "SELECT number FROM utility_accounts WHERE number > \(start) ORDER BY number LIMIT 500", logger: self.logger
        ).decode(String.self).collect()
      }
      guard let last = numbers.last else { break }
      after = last
      for number in numbers {
        switch try await self.closeAccount(number, period: period, month: month, rate: rate) {
        case .charged(let estimated, let held):
          reply.accountsCharged += 1
          reply.metersEstimated += Int32(estimated)
          reply.readingsHeld += Int32(held)
          charged.append(number)
        case .alreadyClosed:
          reply.accountsAlreadyClosed += 1
        case .failed(let reason, let message):
          reply.failures.append(CloseFailure(accountNumber: number, reason: reason, message: message))
        }
      }
    }
    try await self.queueInvoiceNotices(accounts: charged, month: month)
    do {
      while try await self.postPendingCharges() > 0 {}
    } catch {
      self.logger.warning("posting the month's charges waits for Billing", metadata: ["error": "\(error)"])
    }
    reply.postedToBilling = try await self.database.withConnection { connection in
      try await connection.query(
        "SELECT count(*)::integer FROM month_charges WHERE period = \(period) AND posting = 'posted'",
        logger: self.logger
      ).decode(Int32.self).collect().first ?? 0
    }
    return reply
  }

  /// The VAT rate in force on `day` in `vatCountry`, from Billing's dated table.
  func vatRate(on day: CalendarDate) async throws -> VatRate {
    let country: Country =
      switch self.settings.vatCountry {
      case "KZ": .kazakhstan
      case "RU": .russia
      default: .other
      }
    var token = ""
    var best: VatRateEntry?
    repeat {
      guard
        let page = try await self.askBilling({
          try await $0.call(
            BillingContract.listVatRates,
            ListVatRatesRequest(country: country, page: PageRequest(size: 5000, token: token)), idempotent: true)
        })
      else { break }
      for entry in page.rates where entry.country == country && entry.effectiveFrom <= day {
        if best.map({ entry.effectiveFrom > $0.effectiveFrom }) ?? true { best = entry }
      }
      token = page.nextPageToken
    } while !token.isEmpty
    guard let best, let hundredths = Tenge.minor(best.rate, maximum: 10_000), let rate = VatRate(hundredths: hundredths)
    else {
      throw UtilitiesError.refused(reason: "VAT_RATE_MISSING", message: "Billing has no VAT rate for \(day).")
    }
    return rate
  }

  func closeAccount(_ number: String, period: CalendarDate, month: BillingMonth, rate: VatRate) async throws
    -> AccountClose
  {
    try await self.database.transaction { connection in
      guard
        let account = try await connection.query(
          "SELECT tariff_group, water_recipient, sewer_recipient FROM utility_accounts WHERE number = \(number) FOR UPDATE",
          logger: self.logger
        ).decode((Int32, String, String).self).collect().first
      else { return .failed(reason: "ACCOUNT_NOT_FOUND", message: "The account is gone.") }
      let closed = try await connection.query(
        "SELECT 1 FROM month_closes WHERE account_number = \(number) AND period = \(period)", logger: self.logger
      ).decode(Int32.self).collect()
      guard closed.isEmpty else { return .alreadyClosed }
      let prices = try await connection.query(
        """
        SELECT DISTINCT ON (service) service, price_minor FROM tariffs
        WHERE tariff_group = \(account.0) AND valid_from <= \(period) ORDER BY service, valid_from DESC
        """, logger: self.logger
      ).decode((String, Int64).self).collect()
      guard let water = prices.first(where: { $0.0 == "water" })?.1,
        let sewer = prices.first(where: { $0.0 == "sewer" })?.1
      else {
        return .failed(
          reason: "TARIFF_MISSING", message: "WaterTariff group \(account.0) has no water and sewer price on \(period)."
        )
      }
      let meters = try await connection.query(
        """
        SELECT \(unescaped: MeterRow.columns) FROM meters m WHERE m.account_number = \(number)
          AND m.installed_on <= \(period.lastOfMonth) AND (m.removed_on IS NULL OR m.removed_on >= \(period))
        ORDER BY m.id FOR UPDATE
        """, logger: self.logger
      ).decode(MeterRow.Row.self).collect().map(MeterRow.init)
      var cold: Int64 = 0
      var hot: Int64 = 0
      var estimated = 0
      var held = 0
      var anyEstimate = false
      for meter in meters {
        let result = try await self.closeMeter(meter, period: period, on: connection)
        held += result.held
        if result.consumption.estimated && meter.installed {
          estimated += 1
          anyEstimate = true
        }
        let (sum, overflow) = (meter.water == .hot ? hot : cold).addingReportingOverflow(result.litres)
        guard !overflow else { throw Self.tooLarge(number) }
        if meter.water == .hot { hot = sum } else { cold = sum }
      }
      guard let volumes = ChargeVolumes.litres(coldLitres: cold, hotLitres: hot) else { throw Self.tooLarge(number) }
      for (service, litres, price, recipient) in [
        ("water", volumes.water, water, account.1), ("sewer", volumes.sewer, sewer, account.2),
      ] {
        guard let line = ChargeLine.make(litres: litres, priceMinor: price, rate: rate) else {
          throw Self.tooLarge(number)
        }
        try await connection.query(
          """
          INSERT INTO month_charges (account_number, period, service, recipient, tariff_group, litres, price_minor,
            vat_hundredths, net_minor, vat_minor, gross_minor, estimated, posting)
          VALUES (\(number), \(period), \(service), \(recipient), \(account.0), \(litres), \(price), \(rate.hundredths),
            \(line.vat.net), \(line.vat.vat), \(line.vat.gross), \(anyEstimate), \(line.vat.gross > 0 ? "pending" : "nothing"))
          """, logger: self.logger)
      }
      try await connection.query(
        "INSERT INTO month_closes (account_number, period, closed_at) VALUES (\(number), \(period), \(self.now))",
        logger: self.logger)
      return .charged(estimated: estimated, held: held)
    }
  }

  static func tooLarge(_ account: String) -> UtilitiesError {
    UtilitiesError.refused(reason: "TOTAL_OUT_OF_RANGE", message: "The charge of \(account) is too large.")
  }

  /// One meter's month: this month's accepted reading (or an estimate) by ``MonthlyConsumption``,
  /// its anchor moved, the reading marked billed.
  private func closeMeter(_ meter: MeterRow, period: CalendarDate, on connection: PostgresConnection) async throws
    -> (consumption: MonthlyConsumption, litres: Int64, held: Int)
  {
    let reading = try await connection.query(
      """
      SELECT id, units FROM readings WHERE meter_id = \(meter.id) AND period = \(period) AND status = 'processing'
      ORDER BY read_on DESC, submitted_at DESC LIMIT 1
      """, logger: self.logger
    ).decode((UUID, Int64).self).collect().first
    let held =
      try await connection.query(
        "SELECT count(*)::integer FROM readings WHERE meter_id = \(meter.id) AND period = \(period) AND status = 'held'",
        logger: self.logger
      ).decode(Int32.self).collect().first ?? 0
    let history = try await connection.query(
      "SELECT units FROM meter_months WHERE meter_id = \(meter.id) ORDER BY period DESC LIMIT \(self.settings.estimationMonths)",
      logger: self.logger
    ).decode(Int64.self).collect()
    let consumption = MonthlyConsumption.month(
      reading: reading?.1, anchor: meter.anchorUnits, billedSinceAnchor: meter.billedSinceAnchor, history: history,
      register: meter.register, estimationMonths: meter.installed ? self.settings.estimationMonths : 0)
    // unitsPerCubicMetre divides 1000: litres are exact.
    let litres = consumption.units * (1000 / meter.register.unitsPerCubicMetre)
    try await connection.query(
      """
      INSERT INTO meter_months (meter_id, period, units, litres, estimated, reading_id)
      VALUES (\(meter.id), \(period), \(consumption.units), \(litres), \(consumption.estimated), \(reading?.0))
      """, logger: self.logger)
    try await connection.query(
      """
      UPDATE meters SET anchor_units = \(consumption.anchor), billed_since_anchor = \(consumption.billedSinceAnchor)
      WHERE id = \(meter.id)
      """, logger: self.logger)
    if let reading {
      try await connection.query(
        "UPDATE readings SET status = 'billed' WHERE id = \(reading.0)", logger: self.logger)
    }
    return (consumption, litres, Int(held))
  }
}
