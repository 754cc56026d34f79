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

/// A tariffs row as selected by ``columns`` (table alias `t`).
struct TariffRow: Sendable {
  static let columns =
    "t.id, t.service_code, t.name, t.country, t.currency, t.price_minor, t.period, t.active, t.price_includes_vat"
  typealias Row = (UUID, String, String, String, String, Int64, Period, Bool, Bool)

  let id: UUID
  let priceMinor: Int64
  /// Whether the price includes VAT; a price without is charged with the VAT added.
  let includesVat: Bool
  let message: Tariff

  init(_ row: Row) {
    let (id, service, name, country, currency, price, period, active, includesVat) = row
    self.id = id
    self.priceMinor = price
    self.includesVat = includesVat
    self.message = Tariff(
      id: id.uuidString.lowercased(), serviceCode: service, name: name, country: Country(column: country),
      currency: currency,
      price: Money.decimal(price, currency: currency), period: period.message,
      active: active,
      vatInclusion: includesVat ? .included : .excluded)
  }
}

extension TariffRow {
  /// `tariffs.period` as stored.
  enum Period: String, PostgresCodable, Sendable {
    case monthly
    case oneTime = "one_time"

    var message: ChargePeriod { self == .oneTime ? .oneTime : .monthly }
  }
}
