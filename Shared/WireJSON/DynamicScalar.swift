import WireCodec

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// One scalar as the wire carries it, for schema-driven (not type-driven) coding.
enum DynamicScalar {
  case bool(Bool)
  /// int32, int64, timestamp and date: zig-zag varints.
  case signed(Int64)
  /// uint32, uint64 and enums: plain varints.
  case unsigned(UInt64)
  case double(Double)
  case string(String)
  case bytes([UInt8])
  case uuid(UUID)
  case decimal(ExactDecimal)
  /// An encoded nested message (without its length prefix).
  case message([UInt8])

  var kind: WireKind {
    switch self {
    case .bool, .signed, .unsigned: .varint
    case .double: .fixed64
    case .string, .bytes, .message: .bytes
    case .uuid: .fixed128
    case .decimal: .decimal
    }
  }

  /// Whether a single-cardinality field with this value is left off the wire (a message
  /// when its encoding is empty).
  var isDefault: Bool {
    switch self {
    case .bool(let value): !value
    case .signed(let value): value == 0
    case .unsigned(let value): value == 0
    case .double(let value): value.bitPattern == 0
    case .string(let value): value.isEmpty
    case .bytes(let value): value.isEmpty
    case .uuid(let value): value.isWireDefault
    case .decimal(let value): value.isWireDefault
    case .message(let value): value.isEmpty
    }
  }

  func write(_ writer: inout WireWriter) {
    switch self {
    case .bool(let value): value.writeWirePayload(to: &writer)
    case .signed(let value): writer.writeSignedVarint(value)
    case .unsigned(let value): writer.writeVarint(value)
    case .double(let value): value.writeWirePayload(to: &writer)
    case .string(let value): value.writeWirePayload(to: &writer)
    case .bytes(let value): value.withUnsafeBytes { writer.writeLengthPrefixed($0) }
    case .uuid(let value): value.writeWirePayload(to: &writer)
    case .decimal(let value): value.writeWirePayload(to: &writer)
    case .message(let value): value.withUnsafeBytes { writer.writeLengthPrefixed($0) }
    }
  }

  /// Map key order: numeric for integers, byte-wise for strings.
  func sortsBefore(_ other: DynamicScalar) -> Bool {
    switch (self, other) {
    case (.signed(let a), .signed(let b)): a < b
    case (.unsigned(let a), .unsigned(let b)): a < b
    case (.bool(let a), .bool(let b)): !a && b
    case (.string(let a), .string(let b)): Array(a.utf8).lexicographicallyPrecedes(b.utf8)
    default: false
    }
  }
}
