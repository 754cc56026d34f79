/// A dialed number or a price-list prefix: 1 to 20 ASCII decimal digits, leading zeros significant.
///
/// Why packed nibbles rather than an integer value: 20 digits do not fit in a `UInt64` (max ≈ 1.8e19), and prefix
/// matching wants "the first k digits", which on a decimal integer needs a division. Here each digit takes four
/// bits, left-aligned, so a prefix is a mask and digit access is a shift. DialedDigits 0..<16 live in `lead`, digits
/// 16..<20 in `tail`; unused nibbles are always zero, so equality, hashing and ordering are plain field compares.
/// The value is 16 bytes and never allocates, so numbers can be parsed once and passed around freely.
public struct DialedDigits: Hashable, Sendable {
  /// The longest accepted number (E.164 allows 15; internal routing numbers may be longer).
  public static let maximumCount = 20

  /// DialedDigits 0..<16, four bits each, digit 0 in the top nibble.
  @usableFromInline let lead: UInt64
  /// DialedDigits 16..<20, four bits each, digit 16 in the top nibble of the 16 bits.
  @usableFromInline let tail: UInt16
  /// Number of digits, 1...20 (0 only for the internal empty value used while building).
  @usableFromInline let length: UInt8

  @inlinable init(lead: UInt64, tail: UInt16, length: UInt8) {
    self.lead = lead
    self.tail = tail
    self.length = length
  }

  /// Parses text that must consist of 1...20 ASCII digits and nothing else (no '+', no spaces).
  public init(_ text: some StringProtocol) throws(DialedDigitsRefusal) {
    var lead: UInt64 = 0
    var tail: UInt16 = 0
    var count = 0
    for byte in text.utf8 {
      guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else {
        throw .notADigit(offset: count, byte: byte)
      }
      let digit = byte &- UInt8(ascii: "0")
      if count < 16 {
        lead |= UInt64(digit) << UInt64(60 - 4 * count)
      } else if count < DialedDigits.maximumCount {
        tail |= UInt16(digit) << UInt16(12 - 4 * (count - 16))
      }
      count += 1
    }
    guard count > 0 else { throw .empty }
    guard count <= DialedDigits.maximumCount else { throw .tooLong(count: count) }
    self.init(lead: lead, tail: tail, length: UInt8(count))
  }

  /// Parses a dialed number as users and switches write it: an optional single leading '+' is dropped
  /// (it only says "international format"), the rest must be 1...20 digits.
  public init(dialedNumber text: some StringProtocol) throws(DialedDigitsRefusal) {
    if text.utf8.first == UInt8(ascii: "+") {
      do {
        try self.init(text.dropFirst())
      } catch .notADigit(let offset, let byte) {
        throw .notADigit(offset: offset + 1, byte: byte)  // report offsets in the caller's text
      }
    } else {
      try self.init(text)
    }
  }

  /// How many digits there are (1...20).
  @inlinable public var count: Int { Int(length) }

  /// The digit (0...9) at `index`, or `nil` when `index` is outside `0..<count` (no trap on a bad index).
  @inlinable public func digit(at index: Int) -> Int? {
    index >= 0 && index < count ? unsafeDigit(at: index) : nil
  }

  /// Digit access without the range check, for the lookup loops that already bound `index` by `count`.
  @inlinable @inline(__always) func unsafeDigit(at index: Int) -> Int {
    if index < 16 {
      return Int(truncatingIfNeeded: (lead &>> UInt64(60 &- 4 &* index)) & 0xF)
    }
    return Int(truncatingIfNeeded: (tail &>> UInt16(12 &- 4 &* (index &- 16))) & 0xF)
  }

  /// The first `length` digits, or `nil` when `length` is outside `1...count` (no trap on a bad length).
  public func prefix(_ length: Int) -> DialedDigits? {
    length >= 1 && length <= count ? unsafePrefix(length) : nil
  }

  @inlinable func unsafePrefix(_ length: Int) -> DialedDigits {
    let leadDigits = min(length, 16)
    // A full-width shift is not "all bits gone" with masking shifts, hence the explicit full-lane cases.
    let leadMask: UInt64 = leadDigits == 16 ? ~0 : ~(~UInt64(0) &>> UInt64(4 &* leadDigits))
    let tailDigits = max(length &- 16, 0)
    let tailMask: UInt16 = tailDigits == 4 ? ~0 : ~(~UInt16(0) &>> UInt16(4 &* tailDigits))
    return DialedDigits(lead: lead & leadMask, tail: tailDigits == 0 ? 0 : tail & tailMask, length: UInt8(length))
  }

  /// True when `prefix` is this number's first `prefix.count` digits (a number starts with itself).
  public func hasPrefix(_ prefix: DialedDigits) -> Bool {
    prefix.count <= count && unsafePrefix(prefix.count) == prefix
  }
}

extension DialedDigits: Comparable {
  /// Lexicographic digit order, a proper prefix before its extensions ("7" < "70" < "700" < "71" < "8"),
  /// which is the order price lists are usually printed in.
  public static func < (lhs: DialedDigits, rhs: DialedDigits) -> Bool {
    if lhs.lead != rhs.lead { return lhs.lead < rhs.lead }
    if lhs.tail != rhs.tail { return lhs.tail < rhs.tail }
    return lhs.length < rhs.length
  }
}

extension DialedDigits: CustomStringConvertible {
  /// The digits as text, e.g. for log lines and refusal messages.
  public var description: String {
    var text = ""
    text.reserveCapacity(count)
    for index in 0..<count {
      text.unicodeScalars.append(Unicode.Scalar(UInt8(ascii: "0") + UInt8(unsafeDigit(at: index))))
    }
    return text
  }
}
