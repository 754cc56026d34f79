import BillingAPI
import PostgresNIO
import RPC
import Storage
import WireCodec

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

extension Billing {
  func createService(_ request: CreateServiceRequest, caller: Caller) async throws -> CatalogueService {
    let name = request.name.trimmingWhitespace
    var checks = FieldChecks()
    checks.serviceCode(request.code)
    checks.text(name, field: "name", name: "The service name")
    checks.text(request.description, field: "description", name: "The description", maximum: 2000, required: false)
    try checks.check()
    let created = self.now
    try await self.database.transaction { connection in
      try await connection.query(
        """
        INSERT INTO catalogue_services (code, name, description, created_at) VALUES (\(request.code), \(name), \(request.description), \(created))
        """, logger: self.logger)
    }
    return CatalogueService(
      code: request.code, name: name, description: request.description, tariffs: [], createdAt: created)
  }

  func createTariff(_ request: CreateTariffRequest, caller: Caller) async throws -> Tariff {
    let name = request.name.trimmingWhitespace
    var checks = FieldChecks()
    checks.text(name, field: "name", name: "The tariff name")
    if request.country == .unspecified {
      checks.add("country", "REQUIRED", "Say which country's customers the tariff is for.")
    }
    if request.period == .unspecified {
      checks.add("period", "REQUIRED", "Say whether the tariff is monthly or one-time.")
    }
    let currency = checks.currency(request.currency)
    let price = checks.amount(request.price, currency: currency, limits: self.settings.amountLimits, field: "price")
    try checks.check()
    let id = UUID()
    try await self.database.transaction { connection in
      let known = try await connection.query(
        "SELECT 1 FROM catalogue_services WHERE code = \(request.serviceCode)", logger: self.logger
      ).decode(Int.self).collect()
      guard !known.isEmpty else { throw BillingError.serviceNotFound }
      try await connection.query(
        """
        INSERT INTO tariffs (id, service_code, name, country, currency, price_minor, period, created_at, price_includes_vat)
        VALUES (\(id), \(request.serviceCode), \(name), \(request.country.column), \(currency), \(price), \(request.period.column), \(self.now),
                \(request.vatInclusion != .excluded))
        """, logger: self.logger)
    }
    return Tariff(
      id: id.uuidString.lowercased(), serviceCode: request.serviceCode, name: name, country: request.country,
      currency: currency,
      price: Money.decimal(price, currency: currency), period: request.period, active: true,
      vatInclusion: request.vatInclusion == .excluded ? .excluded : .included)
  }

  /// Services in the order they were added, each with the tariffs matching the filter.
  func listServices(_ request: ListServicesRequest) async throws -> ListServicesReply {
    let page = try Self.pages.page(of: request.page, by: Int64.self)
    let after = page.after ?? 0
    let country = request.country == .unspecified ? nil : request.country.column
    let currency = request.currency.nonEmpty
    return try await self.database.withConnection { connection in
      let services = try await connection.query(
        """
        SELECT code, name, description, created_at, seq FROM catalogue_services WHERE seq > \(after) ORDER BY seq LIMIT \(page.limit)
        """, logger: self.logger
      ).decode((String, String, String, UTCTimestamp, Int64).self).collect()
      let (shown, next) = page.cut(services) { $0.4 }
      let codes = shown.map(\.0)
      let tariffs = try await connection.query(
        """
        SELECT \(unescaped: TariffRow.columns) FROM tariffs t
        WHERE t.service_code = ANY(\(codes)) AND (\(country)::text IS NULL OR t.country = \(country))
          AND (\(currency)::text IS NULL OR t.currency = \(currency))
        ORDER BY t.service_code, t.country, t.name
        """, logger: self.logger
      ).decode(TariffRow.Row.self).collect().map { TariffRow($0).message }
      let byService = Dictionary(grouping: tariffs, by: \.serviceCode)
      return ListServicesReply(
        services: shown.map { code, name, description, created, _ in
          CatalogueService(
            code: code, name: name, description: description, tariffs: byService[code] ?? [], createdAt: created)
        },
        nextPageToken: next)
    }
  }
}

extension ChargePeriod {
  var column: String { (self == .oneTime ? TariffRow.Period.oneTime : .monthly).rawValue }
}
