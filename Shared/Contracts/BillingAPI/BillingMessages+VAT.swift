public import RPC
public import WireCodec

/// Whether a tariff's price includes VAT.
public enum VatInclusion: Int32, WireEnum, Sendable {
  /// Not given: on CreateTariff it means `included`, the meaning prices had before VAT was tracked.
  case unspecified = 0
  /// The price is what the customer pays; the VAT is part of it.
  case included = 1
  /// The price is net; Billing charges it plus the VAT in force on the charge's day.
  case excluded = 2

  public static var wireFallback: VatInclusion { .unspecified }
}

@WireMessage("A country's VAT rate from a date on, until the next one.")
public struct VatRateEntry: Sendable, Hashable {
  @Field(1, "Country: RU, KZ or other") public var country: Country
  @Field(2, "First day the rate is in force") public var effectiveFrom: CalendarDate
  @Field(3, "Rate in percent (0–100, at most 2 decimals): 22 for 22 %") public var rate: ExactDecimal
  @Field(4, "Why: the law, or the staff's reason") public var reason: String
  @Field(5, "Who set it (user id, or the migration that shipped it)") public var setBy: String
  @Field(6, "When it was set") public var setAt: UTCTimestamp
}

@WireMessage("A country's VAT rates, oldest first; paged.")
public struct ListVatRatesRequest: Sendable, Hashable {
  @Field(1, "Only this country; unspecified for all") public var country: Country
  @Field(2, "Page: default 100, at most 5000") public var page: PageRequest
}

@WireMessage("A page of VAT rates.")
public struct ListVatRatesReply: Sendable, Hashable {
  @Field(1, "Rates by country, then date") public var rates: [VatRateEntry]
  @Field(2, "Token for the next page; empty on the last") public var nextPageToken: String
}

@WireMessage(
  "Set a country's VAT rate from a date on; a rate already set for that date is replaced, and the change is kept.")
public struct SetVatRateRequest: Sendable, Hashable {
  @Field(1, "Country: RU, KZ or other") public var country: Country
  @Field(2, "First day the rate is in force") public var effectiveFrom: CalendarDate
  @Field(3, "Rate in percent, 0–100, at most 2 decimals") public var rate: ExactDecimal
  @Field(4, "Why (the law, or what was wrong): required") public var reason: String
}

@WireMessage("One change of the VAT rate table.")
public struct VatRateChange: Sendable, Hashable {
  @Field(1, "Change id") public var id: Int64
  @Field(2, "Country") public var country: Country
  @Field(3, "The date the changed rate is in force from") public var effectiveFrom: CalendarDate
  @Field(4, "Rate before, in percent; absent when the date had none") public var oldRate: ExactDecimal?
  @Field(5, "Rate after, in percent") public var newRate: ExactDecimal
  @Field(6, "Why") public var reason: String
  @Field(7, "Who (user id, or the migration)") public var changedBy: String
  @Field(8, "When") public var changedAt: UTCTimestamp
}

@WireMessage("The history of the VAT rate table, oldest first; paged.")
public struct ListVatRateChangesRequest: Sendable, Hashable {
  @Field(1, "Only this country; unspecified for all") public var country: Country
  @Field(2, "Page: default 100, at most 5000") public var page: PageRequest
}

@WireMessage("A page of VAT rate changes.")
public struct ListVatRateChangesReply: Sendable, Hashable {
  @Field(1, "Changes, oldest first") public var changes: [VatRateChange]
  @Field(2, "Token for the next page; empty on the last") public var nextPageToken: String
}

@WireMessage("A document's amounts at one VAT rate: net + VAT = gross.")
public struct VatTotal: Sendable, Hashable {
  @Field(1, "Rate in percent") public var rate: ExactDecimal
  @Field(2, "Amount without VAT") public var net: ExactDecimal
  @Field(3, "VAT") public var vat: ExactDecimal
  @Field(4, "Amount with VAT") public var gross: ExactDecimal
}
