import PostgresNIO
import RPC
import Storage
import UtilitiesAPI
import UtilitiesRules
import WireCodec

extension UtilityService {
  var column: String? {
    switch self {
    case .water: "water"
    case .sewer: "sewer"
    case .unspecified: nil
    }
  }

  init(column: String) { self = column == "sewer" ? .sewer : .water }

  /// The seed's «в/к».
  var letter: String { self == .sewer ? "к" : "в" }
}

extension Utilities {
  /// Sets a tariff group's price per m³ from a date; a price set again for the same date
  /// replaces it, and every change is kept with who made it and why.
  func setTariff(_ request: SetTariffRequest, caller: Caller) async throws -> WaterTariff {
    try caller.require(UtilitiesPermission.tariffsManage)
    var checks = FieldChecks()
    checks.date(request.validFrom, field: "validFrom")
    if !(1...999).contains(request.tariffGroup) {
      checks.add("tariffGroup", "OUT_OF_RANGE", "The tariff group is 1–999.")
    }
    if request.service.column == nil { checks.add("service", "REQUIRED", "Say water or sewer.") }
    if request.validFrom == nil { checks.add("validFrom", "REQUIRED", "Say from which day the price applies.") }
    let price = Tenge.minor(request.price)
    if price == nil {
      checks.add("price", "AMOUNT_OUT_OF_RANGE", "A price is 0–1,000,000 tenge with at most two decimals.")
    }
    checks.text(request.reason, field: "reason", name: "The reason", maximum: 500)
    try checks.check()
    guard let price, let validFrom = request.validFrom, let service = request.service.column else {
      throw UtilitiesError.accountNotFound
    }
    let actor = caller.actor
    return try await self.database.transaction { connection in
      let old = try await connection.query(
        """
        SELECT price_minor FROM tariffs WHERE tariff_group = \(request.tariffGroup) AND service = \(service)
          AND valid_from = \(validFrom) FOR UPDATE
        """, logger: self.logger
      ).decode(Int64.self).collect().first
      try await connection.query(
        """
        INSERT INTO tariffs (tariff_group, service, valid_from, price_minor, reason, set_by, set_at)
        VALUES (\(request.tariffGroup), \(service), \(validFrom), \(price), \(request.reason), \(actor), \(self.now))
        ON CONFLICT (tariff_group, service, valid_from) DO UPDATE
          SET price_minor = EXCLUDED.price_minor, reason = EXCLUDED.reason, set_by = EXCLUDED.set_by, set_at = EXCLUDED.set_at
        """, logger: self.logger)
      try await connection.query(
        """
        INSERT INTO tariff_changes (tariff_group, service, valid_from, old_price_minor, new_price_minor, reason, changed_by, changed_at)
        VALUES (\(request.tariffGroup), \(service), \(validFrom), \(old), \(price), \(request.reason), \(actor), \(self.now))
        """, logger: self.logger)
      return WaterTariff(
        tariffGroup: request.tariffGroup, service: request.service, validFrom: validFrom, price: Tenge.decimal(price),
        reason: request.reason, setBy: actor, setAt: self.now)
    }
  }

  func listTariffs(_ request: ListTariffsRequest, caller: Caller) async throws -> ListTariffsReply {
    try caller.require(UtilitiesPermission.metersRead)
    let page = try Self.pages.page(of: request.page, by: Int64.self)
    let group = request.tariffGroup == 0 ? nil : request.tariffGroup
    let offset = page.after ?? 0
    guard offset >= 0 else { throw PageRules.invalidToken }
    let rows = try await self.database.withConnection { connection in
      try await connection.query(
        """
        SELECT tariff_group, service, valid_from, price_minor, reason, set_by, set_at FROM tariffs
        WHERE \(group)::integer IS NULL OR tariff_group = \(group)
        ORDER BY tariff_group, service, valid_from OFFSET \(offset) LIMIT \(page.limit)
        """, logger: self.logger
      ).decode((Int32, String, CalendarDate, Int64, String, String, UTCTimestamp).self).collect()
    }
    // Tariffs are few and only added: an offset pages them well enough.
    let (shown, _) = page.cut(rows) { _ in 0 }
    let next = rows.count > page.size ? String(offset + Int64(page.size)) : ""
    return ListTariffsReply(
      tariffs: shown.map {
        WaterTariff(
          tariffGroup: $0.0, service: UtilityService(column: $0.1), validFrom: $0.2, price: Tenge.decimal($0.3),
          reason: $0.4, setBy: $0.5, setAt: $0.6)
      }, nextPageToken: next)
  }
}
