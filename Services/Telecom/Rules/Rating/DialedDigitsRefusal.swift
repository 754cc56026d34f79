/// Why a piece of text is not a usable dialed number or prefix.
///
/// Typed so that callers (API handlers, price-list importers) can tell the user exactly what is wrong
/// instead of passing an opaque error along.
public enum DialedDigitsRefusal: Error, Hashable, Sendable {
  /// No digits at all (an empty string, or a lone "+").
  case empty
  /// More than `DialedDigits.maximumCount` digits; `count` is how many digits were seen.
  case tooLong(count: Int)
  /// The UTF-8 byte at `offset` (counted in UTF-8 bytes of the input) is not an ASCII digit.
  case notADigit(offset: Int, byte: UInt8)
}
