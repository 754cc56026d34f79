import WireCodec

/// The Bank of Russia's daily rates, `https://www.cbr.ru/scripts/XML_daily.asp?date_req=DD/MM/YYYY`:
///
///     <?xml version="1.0" encoding="windows-1251"?>
///     <ValCurs Date="01.03.2026" name="Foreign Currency Market">
///       <Valute ID="R01239"><NumCode>978</NumCode><CharCode>EUR</CharCode><Nominal>1</Nominal>
///         <Name>Евро</Name><Value>98,6424</Value><VunitRate>98,6424</VunitRate></Valute>
///       …
///
/// Rates are roubles per `Nominal` units, with a decimal comma.
public enum BankOfRussiaRates {
  /// Parses a file's raw bytes (Windows-1251 when the prolog says so, UTF-8 otherwise).
  public static func parse(_ bytes: some Sequence<UInt8>) throws(RateFileError) -> OfficialRates {
    let root = try XMLTreeParser.parse(try XMLText.decode(Array(bytes)))
    guard root.name == "ValCurs" else { throw .unexpectedRoot(root.name) }
    guard let dateText = root.attributes["Date"] else { throw .missingDate }
    var result = OfficialRates(date: try RateNumbers.date(dateText), quoteCurrency: "RUB", rates: [:])
    for valute in root.children(named: "Valute") {
      let rate = try self.rate(valute)
      guard result.rates[rate.currency] == nil else { throw .duplicateCurrency(rate.currency) }
      result.rates[rate.currency] = rate
    }
    guard !result.rates.isEmpty else { throw .noRates }
    return result
  }

  /// `VunitRate` (the bank's own per-unit figure, added in 2022) is not used: `Value / Nominal`
  /// is computed exactly here, and older files and archives do not have it.
  private static func rate(_ valute: XMLTreeElement) throws(RateFileError) -> OfficialRate {
    guard let code = valute.field("CharCode"), !code.isEmpty else {
      throw .missingField(currency: nil, field: "CharCode")
    }
    guard let value = valute.field("Value") else { throw .missingField(currency: code, field: "Value") }
    guard let nominal = valute.field("Nominal") else { throw .missingField(currency: code, field: "Nominal") }
    return try RateNumbers.officialRate(
      currency: code, name: valute.field("Name"),
      quotedText: value, quotedField: "Value", nominalText: nominal, nominalField: "Nominal")
  }
}
