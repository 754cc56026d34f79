#if canImport(FoundationEssentials)
  public import FoundationEssentials
#else
  public import Foundation
#endif

/// UUIDs travel as their 16 bytes in RFC 4122 order, with no length prefix.
extension UUID: WireScalar {
  public static var wireDefault: UUID { UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)) }
  public static var wireKind: WireKind { .fixed128 }
  public static var wireTypeName: String { "uuid" }
  @inlinable public var isWireDefault: Bool { self == UUID.wireDefault }

  @inlinable
  public func writeWirePayload(to writer: inout WireWriter) {
    withUnsafeBytes(of: self.uuid) { writer.writeBytes($0) }
  }

  @inlinable
  public static func readWirePayload(from reader: inout WireReader) throws(WireDecodingError) -> UUID {
    let raw = try reader.readSlice(count: 16)
    return UUID(uuid: raw.loadUnaligned(as: uuid_t.self))
  }
}

/// Opaque bytes: a varint length, then the bytes.
extension Data: WireScalar {
  public static var wireDefault: Data { Data() }
  public static var wireKind: WireKind { .bytes }
  public static var wireTypeName: String { "bytes" }
  @inlinable public var isWireDefault: Bool { self.isEmpty }

  @inlinable
  public func writeWirePayload(to writer: inout WireWriter) {
    self.withUnsafeBytes { writer.writeLengthPrefixed($0) }
  }

  @inlinable
  public static func readWirePayload(from reader: inout WireReader) throws(WireDecodingError) -> Data {
    Data(try reader.readSlice(count: try reader.readLength()))
  }
}
