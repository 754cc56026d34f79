public import WireCodec

#if canImport(FoundationEssentials)
  public import FoundationEssentials
#else
  public import Foundation
#endif

@WireMessage("Set a central bank's rate of a currency for a day.")
public struct SetExchangeRateRequest: Sendable, Hashable {
  @Field(1, "The local currency the rate is in: RUB (Bank of Russia) or KZT (National Bank of Kazakhstan)") public
    var quoteCurrency: String
  @Field(2, "The foreign currency, e.g. EUR") public var currency: String
  @Field(3, "The day the rate is for") public var date: CalendarDate
  @Field(4, "Units of the quote currency per one unit of the currency (exact, positive)") public var rate: ExactDecimal
}

/// Which bank's published file an import reads.
public enum RateFileFormat: Int32, WireEnum, Sendable {
  case unspecified = 0
  /// The Bank of Russia's daily XML (`ValCurs`), as published (Windows-1251).
  case bankOfRussia = 1
  /// The National Bank of Kazakhstan's rates XML (`get_rates.cfm`) or RSS (`rates_all.xml`).
  case nationalBankOfKazakhstan = 2

  public static var wireFallback: RateFileFormat { .unspecified }
}

@WireMessage("Import a central bank's published rate file: every currency in it, for the file's date.")
public struct ImportExchangeRatesRequest: Sendable, Hashable {
  @Field(1, "Which bank's format") public var format: RateFileFormat
  @Field(2, "The file as the bank publishes it, encoding included") public var file: Data
}

@WireMessage("What an import stored.")
public struct ImportExchangeRatesReply: Sendable, Hashable {
  @Field(1, "The rates' date") public var date: CalendarDate
  @Field(2, "The quote currency (RUB or KZT)") public var quoteCurrency: String
  @Field(3, "How many currencies were stored") public var stored: Int64
  @Field(4, "The currencies stored, in the file's order") public var imported: [String]
  @Field(5, "The currencies in the file that were not stored, each with why") public var skipped: [SkippedRate]
}

@WireMessage("A currency of a rate file that was not stored.")
public struct SkippedRate: Sendable, Hashable {
  @Field(1, "The code as the file gives it") public var currency: String
  @Field(2, "Why: QUOTE_CURRENCY (the bank's own currency) or NOT_A_CURRENCY_CODE") public var reason: String
}

@WireMessage("The rate in force on a day: that day's, or the latest earlier one.")
public struct GetExchangeRateRequest: Sendable, Hashable {
  @Field(1, "RUB or KZT") public var quoteCurrency: String
  @Field(2, "The foreign currency") public var currency: String
  @Field(3, "The day") public var date: CalendarDate
}

@WireMessage("A stored rate.")
public struct ExchangeRate: Sendable, Hashable {
  @Field(1, "Quote currency") public var quoteCurrency: String
  @Field(2, "Currency") public var currency: String
  @Field(3, "The day it was set for (on or before the day asked for)") public var date: CalendarDate
  @Field(4, "Units of the quote currency per one unit") public var rate: ExactDecimal
  @Field(5, "Where it came from: rpc, bank-of-russia, national-bank-of-kazakhstan") public var source: String
}

@WireMessage("Make a day a holiday or a working day in a country's production calendar.")
public struct SetCalendarDayRequest: Sendable, Hashable {
  @Field(1, "RU or KZ") public var country: Country
  @Field(2, "The day") public var date: CalendarDate
  @Field(3, "Working (e.g. a transferred Saturday) or not (a holiday)") public var working: Bool
  @Field(4, "Name or reason, e.g. the decree") public var name: String
}

@WireMessage("A country's non-standard days in a year: shipped holidays and transfers plus edits.")
public struct ListCalendarRequest: Sendable, Hashable {
  @Field(1, "RU or KZ") public var country: Country
  @Field(2, "Year") public var year: Int32
}

@WireMessage("One non-standard day.")
public struct CalendarDay: Sendable, Hashable {
  @Field(1, "The day") public var date: CalendarDate
  @Field(2, "A working day (a transferred weekend day) or a holiday") public var working: Bool
  @Field(3, "Name") public var name: String
  @Field(4, "Edited by RPC rather than shipped") public var edited: Bool
}

/// What a year of a production calendar rests on.
public enum CalendarBasis: Int32, WireEnum, Sendable {
  case unspecified = 0
  /// An official act fixes the year's days off: a government decree (RU), a Minister of Labour
  /// order or the ministry's published calendar (KZ).
  case decreed = 1
  /// Shipped data computed from the law's rules because no official act was known yet: the
  /// year's transfers may still change.
  case derived = 2
  /// No shipped data: weekends plus the law's fixed-date holidays and carry-over rule only.
  case fallbackOnly = 3

  public static var wireFallback: CalendarBasis { .unspecified }
}

@WireMessage("A year of a production calendar.")
public struct ListCalendarReply: Sendable, Hashable {
  @Field(1, "Days that differ from the Monday–Friday rule, in date order") public var days: [CalendarDay]
  @Field(2, "Kept for older clients: true exactly when basis is decreed") public var covered: Bool
  @Field(3, "What the year rests on: decreed, derived from the law's rules, or fallback rules only") public var basis:
    CalendarBasis
  @Field(4, "The decrees, orders and laws the year rests on") public var sources: [String]
}
