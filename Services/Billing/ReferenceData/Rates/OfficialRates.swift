public import WireCodec

/// One currency in a central bank's daily file.
public struct OfficialRate: Sendable, Hashable {
  /// ISO 4217 letter code as the bank writes it ("EUR").
  public var currency: String
  /// The bank's own name for it ("Евро", "ЕВРО"); `nil` where the file has none.
  public var name: String?
  /// How many units the bank quotes for: 1, 10, 100, 10 000 …
  public var nominal: Int
  /// The bank's figure for `nominal` units, in the quote currency.
  public var quoted: ExactDecimal
  /// `quoted / nominal`, exact: the quote currency per one unit.
  public var perUnit: ExactDecimal

  public init(currency: String, name: String?, nominal: Int, quoted: ExactDecimal, perUnit: ExactDecimal) {
    self.currency = currency
    self.name = name
    self.nominal = nominal
    self.quoted = quoted
    self.perUnit = perUnit
  }
}

/// A central bank's official rates for one day.
public struct OfficialRates: Sendable, Hashable {
  /// The day the rates are set for.
  public var date: CalendarDate
  /// The bank's own currency, which every rate is expressed in: "RUB" or "KZT".
  public var quoteCurrency: String
  /// By currency code.
  public var rates: [String: OfficialRate]

  public init(date: CalendarDate, quoteCurrency: String, rates: [String: OfficialRate]) {
    self.date = date
    self.quoteCurrency = quoteCurrency
    self.rates = rates
  }

  /// The exact per-unit rate of `currency` in the quote currency, if the bank published one.
  public func perUnit(_ currency: String) -> ExactDecimal? {
    self.rates[currency]?.perUnit
  }
}
