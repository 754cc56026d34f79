import BillingAPI
import BillingReferenceData
import PostgresNIO
import RPC
import Storage
import WireCodec

extension Billing {
  /// The local currency of a country whose invoices are converted, and which bank sets it.
  static let localCurrencies: [Country: String] = [.russia: "RUB", .kazakhstan: "KZT"]

  func setExchangeRate(_ request: SetExchangeRateRequest) async throws -> ExchangeRate {
    var checks = FieldChecks()
    let quote = checks.quoteCurrency(request.quoteCurrency)
    let currency = request.currency.uppercased()
    if !Currencies.isCodeShaped(currency) {
      checks.add("currency", "CURRENCY_UNSUPPORTED", "'\(request.currency)' is not an ISO 4217 code.")
    }
    if request.rate.units <= 0 { checks.add("rate", "RATE_NOT_POSITIVE", "A rate must be greater than zero.") }
    if quote == currency { checks.add("currency", "CURRENCY_SAME_AS_QUOTE", "A currency has no rate against itself.") }
    try checks.check()
    try await self.database.transaction { connection in
      try await self.storeRate(
        quote: quote, currency: currency, date: request.date, rate: request.rate, source: "rpc", on: connection)
    }
    return ExchangeRate(quoteCurrency: quote, currency: currency, date: request.date, rate: request.rate, source: "rpc")
  }

  /// Parses a bank's file (refused whole when unreadable) and stores every rate in it.
  func importExchangeRates(_ request: ImportExchangeRatesRequest) async throws -> ImportExchangeRatesReply {
    let rates: OfficialRates
    let source: String
    do {
      switch request.format {
      case .bankOfRussia:
        (rates, source) = (try BankOfRussiaRates.parse(request.file), "bank-of-russia")
      case .nationalBankOfKazakhstan:
        (rates, source) = (try NationalBankOfKazakhstanRates.parse(request.file), "national-bank-of-kazakhstan")
      case .unspecified:
        var checks = FieldChecks()
        checks.add("format", "REQUIRED", "Say which bank's format the file is in.")
        try checks.check()
        return ImportExchangeRatesReply()
      }
    } catch let error as RateFileError {
      throw BillingError.rateFileUnreadable("\(error)")
    }
    // Every currency the bank publishes is stored (a contract may be in any of them, and XDR
    // is stored too though no account is kept in it); what is skipped is said, with why.
    var reply = ImportExchangeRatesReply(date: rates.date, quoteCurrency: rates.quoteCurrency)
    var wanted: [OfficialRate] = []
    for rate in rates.rates.values.sorted(by: { $0.currency < $1.currency }) {
      if rate.currency == rates.quoteCurrency {
        reply.skipped.append(SkippedRate(currency: rate.currency, reason: "QUOTE_CURRENCY"))
      } else if !Currencies.isCodeShaped(rate.currency) {
        reply.skipped.append(SkippedRate(currency: rate.currency, reason: "NOT_A_CURRENCY_CODE"))
      } else {
        wanted.append(rate)
      }
    }
    let stored = wanted
    try await self.database.transaction { connection in
      for rate in stored {
        try await self.storeRate(
          quote: rates.quoteCurrency, currency: rate.currency, date: rates.date, rate: rate.perUnit, source: source,
          on: connection)
      }
    }
    reply.imported = wanted.map(\.currency)
    reply.stored = Int64(wanted.count)
    self.logger.info(
      "exchange rates imported",
      metadata: [
        "source": "\(source)", "date": "\(rates.date)", "imported": "\(reply.imported.count)",
        "skipped": "\(reply.skipped.count)",
      ])
    return reply
  }

  func getExchangeRate(_ request: GetExchangeRateRequest) async throws -> ExchangeRate {
    let rate = try await self.database.withConnection { connection in
      try await self.rate(
        quote: request.quoteCurrency.uppercased(), currency: request.currency.uppercased(), on: request.date,
        on: connection)
    }
    guard let rate else { throw BillingError.rateNotFound }
    return rate
  }

  /// A later setting for the same day replaces the earlier one (a bank's correction).
  func storeRate(
    quote: String, currency: String, date: CalendarDate, rate: ExactDecimal, source: String,
    on connection: PostgresConnection
  ) async throws {
    try await connection.query(
      """
      INSERT INTO exchange_rates (quote_currency, currency, on_date, rate_units, rate_scale, source, set_at)
      VALUES (\(quote), \(currency), \(date), \(rate.units), \(Int16(rate.scale)), \(source), \(self.now))
      ON CONFLICT (quote_currency, currency, on_date) DO UPDATE
        SET rate_units = EXCLUDED.rate_units, rate_scale = EXCLUDED.rate_scale, source = EXCLUDED.source, set_at = EXCLUDED.set_at
      """, logger: self.logger)
  }

  /// The rate on `date`, or the latest earlier one (banks publish none on weekends and holidays).
  func rate(quote: String, currency: String, on date: CalendarDate, on connection: PostgresConnection) async throws
    -> ExchangeRate?
  {
    try await connection.query(
      """
      SELECT on_date, rate_units, rate_scale, source FROM exchange_rates
      WHERE quote_currency = \(quote) AND currency = \(currency) AND on_date <= \(date)
      ORDER BY on_date DESC LIMIT 1
      """, logger: self.logger
    ).decode((CalendarDate, Int64, Int16, String).self).collect().first.map { day, units, scale, source in
      ExchangeRate(
        quoteCurrency: quote, currency: currency, date: day,
        rate: ExactDecimal(units: units, scale: UInt8(clamping: scale)), source: source)
    }
  }
}

extension FieldChecks {
  /// RUB or KZT: the currencies central-bank rates are published in.
  mutating func quoteCurrency(_ value: String, field: String = "quoteCurrency") -> String {
    let quote = value.uppercased()
    if !Billing.localCurrencies.values.contains(quote) {
      self.add(
        field, "QUOTE_CURRENCY_UNSUPPORTED",
        "Rates are kept in RUB (Bank of Russia) or KZT (National Bank of Kazakhstan).")
    }
    return quote
  }
}
