import WireCodec

/// Numbers as the banks write them, read exactly.
enum RateNumbers {
  /// A positive rate: "98,6424" (Bank of Russia, comma) or "531.12" (NBK, point).
  static func rate(_ text: String, currency: String, field: String) throws(RateFileError) -> ExactDecimal {
    let commas = text.filter { $0 == "," }.count
    let points = text.filter { $0 == "." }.count
    guard commas + points <= 1, let value = ExactDecimal(text.replacing(",", with: ".")), value > .zero else {
      throw .invalidNumber(currency: currency, field: field, text: text)
    }
    return value
  }

  /// A nominal (units quoted for): a positive integer, and it must be a power of ten so that the
  /// per-unit rate is a decimal shift rather than a rounded division. Returns the exponent.
  static func nominal(_ text: String, currency: String, field: String) throws(RateFileError) -> (
    value: Int, exponent: Int
  ) {
    guard let value = Int(text), value > 0 else { throw .invalidNumber(currency: currency, field: field, text: text) }
    var rest = value
    var exponent = 0
    while rest % 10 == 0 {
      rest /= 10
      exponent += 1
    }
    guard rest == 1 else { throw .nominalNotPowerOfTen(currency: currency, nominal: value) }
    return (value, exponent)
  }

  /// `quoted / 10^exponent`, exact. Trailing zeros are dropped only if the scale would otherwise
  /// exceed ExactDecimal's 18 digits, so the usual result keeps the bank's digits.
  static func perUnit(_ quoted: ExactDecimal, exponent: Int, currency: String) throws(RateFileError) -> ExactDecimal {
    var units = quoted.units
    var scale = Int(quoted.scale)
    while scale + exponent > Int(ExactDecimal.maxScale), scale > 0, units % 10 == 0 {
      units /= 10
      scale -= 1
    }
    guard scale + exponent <= Int(ExactDecimal.maxScale) else { throw .rateTooPrecise(currency: currency) }
    return ExactDecimal(units: units, scale: UInt8(scale + exponent))
  }

  /// `DD.MM.YYYY`, the date format of both banks.
  static func date(_ text: String) throws(RateFileError) -> CalendarDate {
    let parts = text.split(separator: ".", omittingEmptySubsequences: false)
    guard parts.count == 3, parts[0].count == 2, parts[1].count == 2, parts[2].count == 4,
      parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
      let day = Int(parts[0]), let month = Int(parts[1]), let year = Int(parts[2]),
      let date = CalendarDate(year: year, month: month, day: day)
    else { throw .invalidDate(text) }
    return date
  }

  /// Builds one rate, with the checks every bank's item needs.
  static func officialRate(
    currency: String, name: String?, quotedText: String, quotedField: String, nominalText: String, nominalField: String
  ) throws(RateFileError) -> OfficialRate {
    let quoted = try rate(quotedText, currency: currency, field: quotedField)
    let nominal = try nominal(nominalText, currency: currency, field: nominalField)
    let perUnit = try perUnit(quoted, exponent: nominal.exponent, currency: currency)
    return OfficialRate(currency: currency, name: name, nominal: nominal.value, quoted: quoted, perUnit: perUnit)
  }
}
