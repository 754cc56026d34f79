import WireCodec

/// The National Bank of Kazakhstan's official rates, in either of its two feeds:
///
/// - `https://nationalbank.kz/rss/get_rates.cfm?fdate=DD.MM.YYYY` — root `<rates>`, one `<date>`,
///   items `<fullname>ЕВРО</fullname><title>EUR</title><description>531.12</description><quant>1</quant>…`;
/// - `https://nationalbank.kz/rss/rates_all.xml` — RSS 2.0, `<rss><channel>`, each item with its
///   own `<pubDate>DD.MM.YYYY</pubDate>` and no full name.
///
/// `description` is tenge per `quant` units (quant is 100 for e.g. KRW or UZS), with a decimal point.
public enum NationalBankOfKazakhstanRates {
  /// Parses either feed from its raw bytes (encoding as declared, UTF-8 in practice).
  public static func parse(_ bytes: some Sequence<UInt8>) throws(RateFileError) -> OfficialRates {
    let root = try XMLTreeParser.parse(try XMLText.decode(Array(bytes)))
    switch root.name {
    case "rates":
      return try self.ratesForDate(root)
    case "rss":
      guard let channel = root.child("channel") else { throw .missingField(currency: nil, field: "channel") }
      return try self.rssFeed(channel)
    default:
      throw .unexpectedRoot(root.name)
    }
  }

  private static func ratesForDate(_ root: XMLTreeElement) throws(RateFileError) -> OfficialRates {
    guard let dateText = root.field("date") else { throw .missingDate }
    return try self.collect(root.children(named: "item"), date: try RateNumbers.date(dateText))
  }

  /// The RSS feed dates every item; a feed whose items disagree is not one day's rates.
  private static func rssFeed(_ channel: XMLTreeElement) throws(RateFileError) -> OfficialRates {
    let items = channel.children(named: "item")
    var date: CalendarDate?
    for item in items {
      guard let text = item.field("pubDate") else { throw .missingDate }
      let itemDate = try RateNumbers.date(text)
      guard date == nil || date == itemDate else { throw .inconsistentDates }
      date = itemDate
    }
    guard let date else { throw .noRates }
    return try self.collect(items, date: date)
  }

  private static func collect(_ items: [XMLTreeElement], date: CalendarDate) throws(RateFileError) -> OfficialRates {
    var result = OfficialRates(date: date, quoteCurrency: "KZT", rates: [:])
    for item in items {
      guard let code = item.field("title"), !code.isEmpty else { throw .missingField(currency: nil, field: "title") }
      guard let rate = item.field("description") else { throw .missingField(currency: code, field: "description") }
      guard let quant = item.field("quant") else { throw .missingField(currency: code, field: "quant") }
      let official = try RateNumbers.officialRate(
        currency: code, name: item.field("fullname"),
        quotedText: rate, quotedField: "description", nominalText: quant, nominalField: "quant")
      guard result.rates[code] == nil else { throw .duplicateCurrency(code) }
      result.rates[code] = official
    }
    guard !result.rates.isEmpty else { throw .noRates }
    return result
  }
}
