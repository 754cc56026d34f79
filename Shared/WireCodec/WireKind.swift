/// How a field's payload is laid out on the wire; the low three bits of every field header.
///
/// A reader that does not know a field can still skip it, because the kind alone says how
/// long the payload is. See docs/wire-format.md §3.
public enum WireKind: UInt8, Sendable, Hashable {
  /// Unsigned LEB128, 1–10 bytes.
  case varint = 0
  /// Eight bytes, little-endian.
  case fixed64 = 1
  /// A varint length, then that many bytes.
  case bytes = 2
  /// Sixteen bytes, in order (UUIDs).
  case fixed128 = 3
  /// One scale byte, then a zig-zag varint of the unscaled value.
  case decimal = 4
}

/// A decoded field header: which field, and how its payload is laid out.
public struct FieldHeader: Sendable, Hashable {
  public var number: UInt32
  public var kind: WireKind

  @inlinable
  public init(number: UInt32, kind: WireKind) {
    self.number = number
    self.kind = kind
  }
}

extension FieldHeader {
  /// The largest field number a header can carry (2^29 − 1), so a header fits a 32-bit varint.
  public static let maxNumber: UInt32 = (1 << 29) - 1
}
