// Wire conformances of the standard library's scalar types. Layouts: docs/wire-format.md §4.

extension Bool: WireScalar {
  public static var wireDefault: Bool { false }
  public static var wireKind: WireKind { .varint }
  public static var wireTypeName: String { "bool" }
  @inlinable public var isWireDefault: Bool { !self }

  @inlinable
  public func writeWirePayload(to writer: inout WireWriter) {
    writer.writeByte(self ? 1 : 0)
  }

  @inlinable
  public static func readWirePayload(from reader: inout WireReader) throws(WireDecodingError) -> Bool {
    switch try reader.readVarint() {
    case 0: return false
    case 1: return true
    default: throw reader.fail(.valueOutOfRange)
    }
  }
}

extension Int64: WireScalar {
  public static var wireDefault: Int64 { 0 }
  public static var wireKind: WireKind { .varint }
  public static var wireTypeName: String { "int64" }
  @inlinable public var isWireDefault: Bool { self == 0 }

  @inlinable
  public func writeWirePayload(to writer: inout WireWriter) {
    writer.writeSignedVarint(self)
  }

  @inlinable
  public static func readWirePayload(from reader: inout WireReader) throws(WireDecodingError) -> Int64 {
    try reader.readSignedVarint()
  }
}

extension Int32: WireScalar {
  public static var wireDefault: Int32 { 0 }
  public static var wireKind: WireKind { .varint }
  public static var wireTypeName: String { "int32" }
  @inlinable public var isWireDefault: Bool { self == 0 }

  @inlinable
  public func writeWirePayload(to writer: inout WireWriter) {
    writer.writeSignedVarint(Int64(self))
  }

  @inlinable
  public static func readWirePayload(from reader: inout WireReader) throws(WireDecodingError) -> Int32 {
    guard let value = Int32(exactly: try reader.readSignedVarint()) else { throw reader.fail(.valueOutOfRange) }
    return value
  }
}

/// `Int` travels as `int64`: Abonent only runs on 64-bit platforms.
extension Int: WireScalar {
  public static var wireDefault: Int { 0 }
  public static var wireKind: WireKind { .varint }
  public static var wireTypeName: String { "int64" }
  @inlinable public var isWireDefault: Bool { self == 0 }

  @inlinable
  public func writeWirePayload(to writer: inout WireWriter) {
    writer.writeSignedVarint(Int64(self))
  }

  @inlinable
  public static func readWirePayload(from reader: inout WireReader) throws(WireDecodingError) -> Int {
    guard let value = Int(exactly: try reader.readSignedVarint()) else { throw reader.fail(.valueOutOfRange) }
    return value
  }
}

extension UInt64: WireScalar {
  public static var wireDefault: UInt64 { 0 }
  public static var wireKind: WireKind { .varint }
  public static var wireTypeName: String { "uint64" }
  @inlinable public var isWireDefault: Bool { self == 0 }

  @inlinable
  public func writeWirePayload(to writer: inout WireWriter) {
    writer.writeVarint(self)
  }

  @inlinable
  public static func readWirePayload(from reader: inout WireReader) throws(WireDecodingError) -> UInt64 {
    try reader.readVarint()
  }
}

extension UInt32: WireScalar {
  public static var wireDefault: UInt32 { 0 }
  public static var wireKind: WireKind { .varint }
  public static var wireTypeName: String { "uint32" }
  @inlinable public var isWireDefault: Bool { self == 0 }

  @inlinable
  public func writeWirePayload(to writer: inout WireWriter) {
    writer.writeVarint(UInt64(self))
  }

  @inlinable
  public static func readWirePayload(from reader: inout WireReader) throws(WireDecodingError) -> UInt32 {
    guard let value = UInt32(exactly: try reader.readVarint()) else { throw reader.fail(.valueOutOfRange) }
    return value
  }
}

/// For measures only (signal strength, litres per hour): never money. Money is ``ExactDecimal``.
extension Double: WireScalar {
  public static var wireDefault: Double { 0 }
  public static var wireKind: WireKind { .fixed64 }
  public static var wireTypeName: String { "double" }
  /// Negative zero is not the default: its sign survives the trip.
  @inlinable public var isWireDefault: Bool { self.bitPattern == 0 }

  @inlinable
  public func writeWirePayload(to writer: inout WireWriter) {
    writer.writeFixed64(self.bitPattern)
  }

  @inlinable
  public static func readWirePayload(from reader: inout WireReader) throws(WireDecodingError) -> Double {
    Double(bitPattern: try reader.readFixed64())
  }
}

extension String: WireScalar {
  public static var wireDefault: String { "" }
  public static var wireKind: WireKind { .bytes }
  public static var wireTypeName: String { "string" }
  @inlinable public var isWireDefault: Bool { self.isEmpty }

  @inlinable
  public func writeWirePayload(to writer: inout WireWriter) {
    var copy = self
    copy.withUTF8 { utf8 in
      writer.writeLengthPrefixed(UnsafeRawBufferPointer(utf8))
    }
  }

  @inlinable
  public static func readWirePayload(from reader: inout WireReader) throws(WireDecodingError) -> String {
    let start = reader.offset
    let raw = try reader.readSlice(count: try reader.readLength())
    guard let text = String.validatingUTF8(raw.assumingMemoryBound(to: UInt8.self)) else {
      throw WireDecodingError(.invalidUTF8, at: start)
    }
    return text
  }

  /// `String(validating:as:)` is generic and not specialized into callers: every call looks
  /// up `UnsafeBufferPointer<Encoding.CodeUnit>` metadata at run time (about half of a
  /// small message's decode; see docs/BENCHMARKS.md). These concrete paths avoid it.
  @inlinable
  static func validatingUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
    if #available(macOS 26, iOS 26, watchOS 26, tvOS 26, visionOS 26, *) {
      guard let utf8 = try? UTF8Span(validating: bytes.span) else { return nil }
      return String(copying: utf8)
    }
    var parser = UTF8.ForwardParser()
    var iterator = bytes.makeIterator()
    while true {
      switch parser.parseScalar(from: &iterator) {
      case .valid: continue
      case .error: return nil
      case .emptyInput: return String(decoding: bytes, as: UTF8.self)
      }
    }
  }
}
