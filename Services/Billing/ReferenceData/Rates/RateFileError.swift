/// Why a central bank's rate file was refused. A rate file is refused whole rather than read in
/// part: a missing or misread rate would price an invoice wrongly.
public enum RateFileError: Error, Sendable, Hashable {
  /// The prolog declares an encoding other than UTF-8 or Windows-1251.
  case unsupportedEncoding(String)
  /// The bytes are not valid UTF-8 (and no other encoding was declared).
  case invalidUTF8
  /// The document ends inside a tag or with elements still open: a cut-off download.
  case truncated
  /// Not well-formed XML; `offset` is a byte offset into the decoded UTF-8 text.
  case malformedXML(offset: Int, reason: String)
  /// The root element is not the one this bank's format has.
  case unexpectedRoot(String)
  case missingDate
  case invalidDate(String)
  /// The RSS variant carries a date per item; they must agree.
  case inconsistentDates
  /// `currency` is `nil` when the missing field is the currency code itself.
  case missingField(currency: String?, field: String)
  case invalidNumber(currency: String, field: String, text: String)
  /// Dividing by a nominal like 3 would need rounding; the banks only use powers of ten.
  case nominalNotPowerOfTen(currency: String, nominal: Int)
  /// `quoted / nominal` needs more than ExactDecimal's 18 fractional digits.
  case rateTooPrecise(currency: String)
  case duplicateCurrency(String)
  case noRates
}
