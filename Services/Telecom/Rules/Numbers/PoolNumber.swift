/// A number of the DID pool in E.164 (docs/telecom.md, "The DID number pool"): the country
/// code first (never 0), 8 to 15 digits in all, kept without the `+` (`74951201031`).
public struct PoolNumber: Sendable, Hashable, Comparable, CustomStringConvertible {
  public let digits: String

  public static let digitCounts = 8...15

  /// `text` with an optional leading `+`; spaces, dashes and brackets are not accepted, so a
  /// number is stored once however it was typed elsewhere.
  public init?(_ text: String) {
    let body = text.hasPrefix("+") ? text.dropFirst() : text[...]
    guard Self.digitCounts.contains(body.utf8.count), body.utf8.allSatisfy({ (0x30...0x39).contains($0) }),
      body.utf8.first != 0x30
    else { return nil }
    self.digits = String(body)
  }

  public var description: String { self.digits }

  public static func < (lhs: PoolNumber, rhs: PoolNumber) -> Bool { lhs.digits < rhs.digits }

  public static let formatMessage =
    "A number is E.164: 8 to 15 digits, the country code first (not 0), optionally after a +."
}

/// A search mask of the number list, as staff type it: digits with `%` (any run of digits) and
/// `_` (one digit), the seed's `%555%`; a mask with neither is a whole number.
public struct NumberMask: Sendable, Hashable {
  /// The LIKE pattern: digits, `%` and `_` only, so nothing needs escaping.
  public let pattern: String

  public static let maximumLength = 20

  public init?(_ text: String) {
    let body = text.hasPrefix("+") ? text.dropFirst() : text[...]
    guard (1...Self.maximumLength).contains(body.utf8.count),
      body.utf8.allSatisfy({ (0x30...0x39).contains($0) || $0 == UInt8(ascii: "%") || $0 == UInt8(ascii: "_") })
    else { return nil }
    self.pattern = String(body)
  }

  /// Whether the mask names one number exactly.
  public var isExact: Bool { !self.pattern.contains("%") && !self.pattern.contains("_") }

  /// What the LIKE pattern matches, for tests and for numbers already in memory: a table of
  /// pattern prefixes against text prefixes, so no mask (twenty `%` in a row) takes more than
  /// its length times the number's.
  public func matches(_ number: String) -> Bool {
    let pattern = Array(self.pattern.utf8)
    let text = Array(number.utf8)
    // matched[j]: the pattern so far matches the first j bytes of the text.
    var matched = [Bool](repeating: false, count: text.count + 1)
    matched[0] = true
    for symbol in pattern {
      var next = [Bool](repeating: false, count: text.count + 1)
      if symbol == UInt8(ascii: "%") {
        var any = false
        for j in 0...text.count {
          any = any || matched[j]
          next[j] = any
        }
      } else {
        for j in 0..<text.count where matched[j] && (symbol == UInt8(ascii: "_") || symbol == text[j]) {
          next[j + 1] = true
        }
      }
      matched = next
    }
    return matched[text.count]
  }

  public static let formatMessage = "A mask is 1 to 20 characters: digits, % for any digits and _ for one digit."
}
