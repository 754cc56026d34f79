/// A SIM card's ICCID (ITU-T E.118): 19 or 20 decimal digits, beginning with the telecom
/// industry identifier 89, the last digit a Luhn check digit over all the others. Parsing is
/// the only way to get one, so a stored or compared ICCID is always a valid one.
public struct ICCID: Sendable, Hashable, Comparable, CustomStringConvertible {
  /// The digits, as printed on the card.
  public let digits: String

  /// Why a text is not an ICCID; each case is a stable reason the API returns.
  public enum Refusal: Error, Sendable, Equatable {
    /// Not 19 or 20 digits, or something other than digits.
    case format
    /// Digits of the right length that do not begin with 89.
    case industry
    /// The Luhn check digit does not match the others (a mistyped or misread digit).
    case checkDigit

    public var reason: String {
      switch self {
      case .format: "ICCID_FORMAT"
      case .industry: "ICCID_NOT_TELECOM"
      case .checkDigit: "ICCID_CHECK_DIGIT"
      }
    }

    public var message: String {
      switch self {
      case .format: "An ICCID is 19 or 20 digits."
      case .industry: "An ICCID begins with 89, the telecom industry identifier."
      case .checkDigit: "The ICCID's last digit (its Luhn check digit) does not match the others: a digit is mistyped."
      }
    }
  }

  public static let lengths = 19...20

  /// Parses `text`, refusing anything but a valid ICCID. Surrounding spaces are not trimmed:
  /// callers pass what they read from a form or a file, and a refused value is reported as is.
  public init(_ text: String) throws(Refusal) {
    let bytes = Array(text.utf8)
    guard Self.lengths.contains(bytes.count), bytes.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
      throw .format
    }
    guard bytes[0] == 0x38, bytes[1] == 0x39 else { throw .industry }
    guard Self.luhnDigit(of: bytes.dropLast().map { Int($0 - 0x30) }) == Int(bytes[bytes.count - 1] - 0x30) else {
      throw .checkDigit
    }
    self.digits = text
  }

  /// The Luhn check digit for `payload` (digits, most significant first): every second digit
  /// from the right, starting with the last, is doubled (less 9 above 9), and the check digit
  /// brings the sum to a multiple of 10.
  public static func luhnDigit(of payload: [Int]) -> Int {
    var sum = 0
    for (offset, digit) in payload.reversed().enumerated() {
      if offset % 2 == 0 {
        let doubled = digit * 2
        sum += doubled > 9 ? doubled - 9 : doubled
      } else {
        sum += digit
      }
    }
    return (10 - sum % 10) % 10
  }

  public var description: String { self.digits }

  public static func < (lhs: ICCID, rhs: ICCID) -> Bool { lhs.digits < rhs.digits }
}
