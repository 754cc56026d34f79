import BillingAPI
import BillingRules
import GRPCCore
import PostgresNIO
import RPC
import Storage
import WireCodec

/// The dated VAT rate table (migration 114 ships the laws' rates): staff set a country's rate
/// from a date on, every change is kept with who, when, old and new rate and why, and documents
/// take the rate in force on their date of supply.
extension Billing {
  func listVatRates(_ request: ListVatRatesRequest) async throws -> ListVatRatesReply {
    // RU, KZ, other (the wire enum's order), each oldest first: the key is (country's place, date).
    let page = try Self.pages.page(of: request.page, by: PageKeyPair<Int64, CalendarDate>.self)
    let order = ["RU", "KZ", "other"]
    let place = { (country: String) in Int64((order.firstIndex(of: country) ?? order.count - 1) + 1) }
    let country = request.country == .unspecified ? nil : request.country.column
    let rows = try await self.database.withConnection { connection in
      try await connection.query(
        """
        SELECT country, effective_from, rate_hundredths, reason, set_by, set_at FROM vat_rates
        WHERE (\(country)::text IS NULL OR country = \(country))
          AND (\(page.after?.first)::bigint IS NULL
               OR (COALESCE(array_position(\(order)::text[], country), 3), effective_from) > (\(page.after?.first), \(page.after?.second)))
        ORDER BY COALESCE(array_position(\(order)::text[], country), 3), effective_from LIMIT \(page.limit)
        """, logger: self.logger
      ).decode((String, CalendarDate, Int32, String, String, UTCTimestamp).self).collect()
    }
    let (shown, next) = page.cut(rows) { PageKeyPair(place($0.0), $0.1) }
    return ListVatRatesReply(
      rates: shown.map { country, from, rate, reason, by, at in
        VatRateEntry(
          country: Country(column: country), effectiveFrom: from, rate: VatRate(column: rate).percent, reason: reason,
          setBy: by, setAt: at)
      },
      nextPageToken: next)
  }

  func setVatRate(_ request: SetVatRateRequest, caller: Caller) async throws -> VatRateEntry {
    var checks = FieldChecks()
    if request.country == .unspecified {
      checks.add("country", "REQUIRED", "Say which country the rate is for: RU, KZ or other.")
    }
    let rate = VatRate(percent: request.rate)
    if rate == nil {
      checks.add(
        "rate", "VAT_RATE_INVALID", "A VAT rate is 0–100 percent with at most two decimals; \(request.rate) is not.")
    }
    let reason = request.reason.trimmingWhitespace
    checks.text(reason, field: "reason", name: "The reason", maximum: 500)
    try checks.check()
    guard let rate else { throw BillingError.vatRateMissing("", on: request.effectiveFrom) }
    let country = request.country.column
    let at = self.now
    try await self.database.transaction { connection in
      // Rate edits are rare: one at a time, so the old rate each change records is the one it replaced.
      try await connection.query("LOCK TABLE vat_rates IN SHARE ROW EXCLUSIVE MODE", logger: self.logger)
      let old = try await connection.query(
        """
        SELECT rate_hundredths FROM vat_rates WHERE country = \(country) AND effective_from = \(request.effectiveFrom)
        """, logger: self.logger
      ).decode(Int32.self).collect().first
      try await connection.query(
        """
        INSERT INTO vat_rates (country, effective_from, rate_hundredths, reason, set_by, set_at)
        VALUES (\(country), \(request.effectiveFrom), \(Int32(rate.hundredths)), \(reason), \(caller.userID), \(at))
        ON CONFLICT (country, effective_from) DO UPDATE
          SET rate_hundredths = EXCLUDED.rate_hundredths, reason = EXCLUDED.reason, set_by = EXCLUDED.set_by, set_at = EXCLUDED.set_at
        """, logger: self.logger)
      try await connection.query(
        """
        INSERT INTO vat_rate_changes (country, effective_from, old_rate_hundredths, new_rate_hundredths, reason, changed_by, changed_at)
        VALUES (\(country), \(request.effectiveFrom), \(old), \(Int32(rate.hundredths)), \(reason), \(caller.userID), \(at))
        """, logger: self.logger)
    }
    self.logger.info(
      "VAT rate set",
      metadata: [
        "country": "\(country)", "from": "\(request.effectiveFrom)", "rate": "\(rate.percent)",
        "by": "\(caller.userID)",
      ])
    return VatRateEntry(
      country: Country(column: country), effectiveFrom: request.effectiveFrom, rate: rate.percent, reason: reason,
      setBy: caller.userID, setAt: at)
  }

  func listVatRateChanges(_ request: ListVatRateChangesRequest) async throws -> ListVatRateChangesReply {
    let page = try Self.pages.page(of: request.page, by: Int64.self)
    let after = page.after ?? 0
    let country = request.country == .unspecified ? nil : request.country.column
    let rows = try await self.database.withConnection { connection in
      try await connection.query(
        """
        SELECT id, country, effective_from, old_rate_hundredths, new_rate_hundredths, reason, changed_by, changed_at FROM vat_rate_changes
        WHERE id > \(after) AND (\(country)::text IS NULL OR country = \(country))
        ORDER BY id LIMIT \(page.limit)
        """, logger: self.logger
      ).decode((Int64, String, CalendarDate, Int32?, Int32, String, String, UTCTimestamp).self).collect()
    }
    let (shown, next) = page.cut(rows) { $0.0 }
    return ListVatRateChangesReply(
      changes: shown.map { id, country, from, old, new, reason, by, at in
        VatRateChange(
          id: id, country: Country(column: country), effectiveFrom: from,
          oldRate: old.map { VatRate(column: $0).percent },
          newRate: VatRate(column: new).percent, reason: reason, changedBy: by, changedAt: at)
      },
      nextPageToken: next)
  }

  /// The VAT rate in force in `country` (a customers.country value: RU, KZ, other) on `date`:
  /// the latest rate from that day or before. VAT_RATE_MISSING when the table has none.
  func vatRate(country: String, on date: CalendarDate, on connection: PostgresConnection) async throws -> VatRate {
    let rows = try await connection.query(
      """
      SELECT rate_hundredths FROM vat_rates WHERE country = \(country) AND effective_from <= \(date) ORDER BY effective_from DESC LIMIT 1
      """, logger: self.logger
    ).decode(Int32.self).collect()
    guard let rate = rows.first else { throw BillingError.vatRateMissing(country, on: date) }
    return VatRate(column: rate)
  }

  /// The customer's country of `account` (RU, KZ, other), for its VAT.
  func vatCountry(of account: AccountRow, on connection: PostgresConnection) async throws -> String {
    try await connection.query("SELECT country FROM customers WHERE id = \(account.customerID)", logger: self.logger)
      .decode(String.self).collect().first ?? "other"
  }

  /// What one period of `tariff` charges on `date`: its price, or, for a price without VAT, the
  /// price plus the VAT in force that day in the tariff's country (the customer's).
  func chargedPriceMinor(of tariff: TariffRow, on date: CalendarDate, on connection: PostgresConnection) async throws
    -> Int64
  {
    guard !tariff.includesVat else { return tariff.priceMinor }
    let rate = try await self.vatRate(country: tariff.message.country.column, on: date, on: connection)
    guard let line = VatLine.added(to: tariff.priceMinor, rate: rate) else {
      throw BillingError.totalOutOfRange("The price with VAT")
    }
    return line.gross
  }
}

extension BillingError {
  static func vatRateMissing(_ country: String, on date: CalendarDate) -> BillingError {
    BillingError(
      code: .failedPrecondition, reason: "VAT_RATE_MISSING",
      message:
        "No VAT rate is set for \(country.isEmpty ? "the country" : country) on \(date) or before; set one with SetVatRate."
    )
  }
}
