/// An exact decimal number: `units × 10^-scale`. Money and rates are always this, never a
/// binary float: 0.1 + 0.2 is exactly 0.3, and `12.30` keeps its two places.
///
/// Wire: kind `decimal` — one byte `scale` (0…18), then the zig-zag varint of `units`.
/// Equality and ordering are numeric (`1.5 == 1.50`); the scale is kept on the wire.
public struct ExactDecimal: Sendable {
  /// The unscaled integer: `12.30` is `units: 1230, scale: 2`.
  public var units: Int64
  /// Digits after the decimal point, 0…18.
  public var scale: UInt8

  /// The largest scale: 18 digits after the point still leave room for ±9.2 units.
  public static let maxScale: UInt8 = 18

  @inlinable
  public init(units: Int64, scale: UInt8) {
    precondition(scale <= ExactDecimal.maxScale, "ExactDecimal scale \(scale) is above 18")
    self.units = units
    self.scale = scale
  }

  public static let zero = ExactDecimal(units: 0, scale: 0)

  /// The value widened to scale 18, exact in 128 bits.
  var normalized: Int128 {
    Int128(self.units) * ExactDecimal.powersOfTen[Int(ExactDecimal.maxScale - self.scale)]
  }

  static let powersOfTen: [Int128] = (0...36).reduce(into: []) { powers, index in
    powers.append(index == 0 ? 1 : powers[index - 1] * 10)
  }
}

extension ExactDecimal: Hashable, Comparable {
  public static func == (lhs: ExactDecimal, rhs: ExactDecimal) -> Bool {
    lhs.normalized == rhs.normalized
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(self.normalized)
  }

  public static func < (lhs: ExactDecimal, rhs: ExactDecimal) -> Bool {
    lhs.normalized < rhs.normalized
  }
}

extension ExactDecimal: CustomStringConvertible {
  /// Plain decimal notation with exactly `scale` fractional digits: `-0.05`, `12.30`, `7`.
  public var description: String {
    let magnitude = String(self.units.magnitude)
    let sign = self.units < 0 ? "-" : ""
    guard self.scale > 0 else { return sign + magnitude }
    let digits = Int(self.scale)
    let padded =
      magnitude.count > digits ? magnitude : String(repeating: "0", count: digits + 1 - magnitude.count) + magnitude
    let split = padded.index(padded.endIndex, offsetBy: -digits)
    return sign + padded[..<split] + "." + padded[split...]
  }

  /// Parses plain decimal notation (`-12.30`, `+5`, `0.000001`); the scale is the number of
  /// digits written after the point. `nil` for anything else or values out of range.
  public init?(_ text: some StringProtocol) {
    var chars = Substring(text).utf8[...]
    var negative = false
    if let first = chars.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") {
      negative = first == UInt8(ascii: "-")
      chars = chars.dropFirst()
    }
    var magnitude: UInt64 = 0
    var scale = 0
    var seenPoint = false
    var seenDigit = false
    for char in chars {
      if char == UInt8(ascii: "."), !seenPoint {
        seenPoint = true
        continue
      }
      guard char >= UInt8(ascii: "0"), char <= UInt8(ascii: "9") else { return nil }
      seenDigit = true
      let (times10, overflow1) = magnitude.multipliedReportingOverflow(by: 10)
      let (sum, overflow2) = times10.addingReportingOverflow(UInt64(char - UInt8(ascii: "0")))
      guard !overflow1, !overflow2 else { return nil }
      magnitude = sum
      if seenPoint { scale += 1 }
    }
    guard seenDigit, scale <= Int(ExactDecimal.maxScale) else { return nil }
    // Int64.min has no positive counterpart, so the sign is applied through exactly(_:).
    guard let units = negative ? Int64(exactly: -Int128(magnitude)) : Int64(exactly: magnitude) else { return nil }
    self.init(units: units, scale: UInt8(scale))
  }
}

extension ExactDecimal: WireScalar {
  public static var wireDefault: ExactDecimal { .zero }
  public static var wireKind: WireKind { .decimal }
  public static var wireTypeName: String { "decimal" }
  /// Only `0` with scale 0 is left off the wire, so `0.00` keeps its scale.
  @inlinable public var isWireDefault: Bool { self.units == 0 && self.scale == 0 }

  @inlinable
  public func writeWirePayload(to writer: inout WireWriter) {
    writer.writeByte(self.scale)
    writer.writeSignedVarint(self.units)
  }

  @inlinable
  public static func readWirePayload(from reader: inout WireReader) throws(WireDecodingError) -> ExactDecimal {
    let scale = try reader.readByte()
    guard scale <= ExactDecimal.maxScale else { throw reader.fail(.valueOutOfRange) }
    return ExactDecimal(units: try reader.readSignedVarint(), scale: scale)
  }
}
