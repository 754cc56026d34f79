public import RPC
public import WireCodec

/// How often a tariff is charged.
public enum ChargePeriod: Int32, WireEnum, Sendable {
  case unspecified = 0
  /// Once a month, the first time on activation.
  case monthly = 1
  /// Once, on activation.
  case oneTime = 2

  public static var wireFallback: ChargePeriod { .unspecified }
}

@WireMessage("Add a service to the catalogue (SMS package, technical support, telephony, call tracking, …).")
public struct CreateServiceRequest: Sendable, Hashable {
  @Field(1, "Service code: 1–64 of a-z, 0-9, '-', '_'; unique, and what ledger entries name") public var code: String
  @Field(2, "Name shown to customers") public var name: String
  @Field(3, "Description") public var description: String
}

@WireMessage("A service of the catalogue with its tariffs.")
public struct CatalogueService: Sendable, Hashable {
  @Field(1, "Service code") public var code: String
  @Field(2, "Name") public var name: String
  @Field(3, "Description") public var description: String
  @Field(4, "Tariffs (those matching the list's filter)") public var tariffs: [Tariff]
  @Field(5, "When the service was added") public var createdAt: UTCTimestamp
}

@WireMessage("Add a tariff to a service: a price in one currency for customers of one country.")
public struct CreateTariffRequest: Sendable, Hashable {
  @Field(1, "Service code") public var serviceCode: String
  @Field(2, "Tariff name, unique within the service and country") public var name: String
  @Field(3, "Country whose customers may subscribe to it") public var country: Country
  @Field(4, "Currency, ISO 4217: RUB, KZT, USD or EUR") public var currency: String
  @Field(5, "Price per period, in the currency (exact; no more digits than the currency has)") public var price:
    ExactDecimal
  @Field(6, "Monthly or one-time") public var period: ChargePeriod
  @Field(7, "Whether the price includes VAT; unspecified means included") public var vatInclusion: VatInclusion
}

@WireMessage("A price of a service.")
public struct Tariff: Sendable, Hashable {
  @Field(1, "Tariff id (UUID)") public var id: String
  @Field(2, "Service code") public var serviceCode: String
  @Field(3, "Name") public var name: String
  @Field(4, "Country") public var country: Country
  @Field(5, "Currency") public var currency: String
  @Field(6, "Price per period") public var price: ExactDecimal
  @Field(7, "Monthly or one-time") public var period: ChargePeriod
  @Field(8, "Offered to new subscriptions") public var active: Bool
  @Field(9, "Whether the price includes VAT (included) or VAT is charged on top of it (excluded)") public
    var vatInclusion: VatInclusion
}

@WireMessage(
  "The catalogue: services in the order they were added, with the tariffs of one country and currency if given.")
public struct ListServicesRequest: Sendable, Hashable {
  @Field(1, "Only tariffs for this country; unspecified for all") public var country: Country
  @Field(2, "Only tariffs in this currency; empty for all") public var currency: String
  @Field(3, "Page: default 100, at most 5000") public var page: PageRequest
}

@WireMessage("A page of the catalogue.")
public struct ListServicesReply: Sendable, Hashable {
  @Field(1, "Services") public var services: [CatalogueService]
  @Field(2, "Token for the next page; empty on the last") public var nextPageToken: String
}
