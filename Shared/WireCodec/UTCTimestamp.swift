/// An instant in UTC with microsecond precision — the precision of PostgreSQL's `timestamptz`,
/// so a value survives a round trip through the database unchanged.
///
/// Wire: kind `varint`, zig-zag of the microseconds since 1970-01-01T00:00:00Z.
public struct UTCTimestamp: Sendable, Hashable, Comparable {
  public var microsecondsSinceEpoch: Int64

  @inlinable
  public init(microsecondsSinceEpoch: Int64) {
    self.microsecondsSinceEpoch = microsecondsSinceEpoch
  }

  public static func < (lhs: UTCTimestamp, rhs: UTCTimestamp) -> Bool {
    lhs.microsecondsSinceEpoch < rhs.microsecondsSinceEpoch
  }

  /// 1970-01-01T00:00:00Z.
  public static let epoch = UTCTimestamp(microsecondsSinceEpoch: 0)
}

extension UTCTimestamp: WireScalar {
  public static var wireDefault: UTCTimestamp { .epoch }
  public static var wireKind: WireKind { .varint }
  public static var wireTypeName: String { "timestamp" }
  @inlinable public var isWireDefault: Bool { self.microsecondsSinceEpoch == 0 }

  @inlinable
  public func writeWirePayload(to writer: inout WireWriter) {
    writer.writeSignedVarint(self.microsecondsSinceEpoch)
  }

  @inlinable
  public static func readWirePayload(from reader: inout WireReader) throws(WireDecodingError) -> UTCTimestamp {
    UTCTimestamp(microsecondsSinceEpoch: try reader.readSignedVarint())
  }
}

extension UTCTimestamp: CustomStringConvertible {
  /// RFC 3339 with six fractional digits, e.g. `2026-11-21T22:32:43.123456Z`.
  public var description: String {
    let (days, micros) = self.microsecondsSinceEpoch.floorDivided(by: 86_400_000_000)
    let date = CalendarDate(daysSinceEpoch: Int32(clamping: days))
    let seconds = micros / 1_000_000
    let fraction = micros % 1_000_000
    return "\(date)T\(pad(seconds / 3600, 2)):\(pad(seconds / 60 % 60, 2)):\(pad(seconds % 60, 2)).\(pad(fraction, 6))Z"
  }

  /// Parses RFC 3339 (`Z` or a numeric offset; up to 6 fractional digits), or `nil`.
  public init?(rfc3339 text: String) {
    let chars = Array(text.utf8)
    guard chars.count >= 20, let date = CalendarDate(iso8601: String(decoding: chars[0..<10], as: UTF8.self)),
      chars[10] == UInt8(ascii: "T") || chars[10] == UInt8(ascii: "t") || chars[10] == UInt8(ascii: " "),
      let hour = digits(chars, 11, 2), chars[13] == UInt8(ascii: ":"),
      let minute = digits(chars, 14, 2), chars[16] == UInt8(ascii: ":"),
      let second = digits(chars, 17, 2), hour < 24, minute < 60, second < 60
    else { return nil }
    var at = 19
    var micros: Int64 = 0
    if at < chars.count, chars[at] == UInt8(ascii: ".") {
      at += 1
      var scale: Int64 = 100_000
      let start = at
      while at < chars.count, let digit = digits(chars, at, 1) {
        guard at - start < 6 else { return nil }
        micros += Int64(digit) * scale
        scale /= 10
        at += 1
      }
      guard at > start else { return nil }
    }
    guard at < chars.count else { return nil }
    var offsetSeconds: Int64 = 0
    switch chars[at] {
    case UInt8(ascii: "Z"), UInt8(ascii: "z"):
      at += 1
    case UInt8(ascii: "+"), UInt8(ascii: "-"):
      guard let oh = digits(chars, at + 1, 2), at + 3 < chars.count, chars[at + 3] == UInt8(ascii: ":"),
        let om = digits(chars, at + 4, 2)
      else { return nil }
      offsetSeconds = Int64(oh * 3600 + om * 60) * (chars[at] == UInt8(ascii: "+") ? 1 : -1)
      at += 6
    default:
      return nil
    }
    guard at == chars.count else { return nil }
    let daySeconds = Int64(hour * 3600 + minute * 60 + second) - offsetSeconds
    self.init(microsecondsSinceEpoch: (Int64(date.daysSinceEpoch) * 86_400 + daySeconds) * 1_000_000 + micros)
  }
}

@usableFromInline
func pad(_ value: some BinaryInteger, _ width: Int) -> String {
  let text = String(value)
  return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
}

/// The decimal number in `chars[at ..< at + count]`, or `nil` if any of them is not a digit.
func digits(_ chars: [UInt8], _ at: Int, _ count: Int) -> Int? {
  guard at >= 0, at + count <= chars.count else { return nil }
  var value = 0
  for char in chars[at..<(at + count)] {
    guard char >= UInt8(ascii: "0"), char <= UInt8(ascii: "9") else { return nil }
    value = value * 10 + Int(char - UInt8(ascii: "0"))
  }
  return value
}

extension Int64 {
  /// Quotient and remainder rounded toward negative infinity, so times before 1970 work.
  func floorDivided(by divisor: Int64) -> (quotient: Int64, remainder: Int64) {
    var (q, r) = self.quotientAndRemainder(dividingBy: divisor)
    if r < 0 {
      q -= 1
      r += divisor
    }
    return (q, r)
  }
}
