/// A type that can be the declared type of a message field: a scalar, an optional, a list,
/// a map or a nested message. The `@WireMessage` macro calls these two methods per field.
public protocol WireCodable: Sendable {
  /// The value a field has when it is absent from the wire.
  static var wireDefault: Self { get }
  /// How Describe shows this field type.
  static var wireFieldType: FieldType { get }
  /// Writes the field (header and payload), or nothing when the value is the default.
  func encodeWire(field number: UInt32, to writer: inout WireWriter)
  /// Merges one occurrence of the field: scalars replace, lists and maps append.
  mutating func mergeWire(_ field: FieldHeader, from reader: inout WireReader) throws(WireDecodingError)
  /// Adds the schemas of the messages and enums this type refers to.
  static func collectWireSchemas(into registry: inout SchemaRegistry)
}

/// A single value with its own wire kind: the element type of optionals, lists and maps.
public protocol WireScalar: WireCodable {
  static var wireKind: WireKind { get }
  /// The type's name in schemas: `string`, `int64`, `message:Invoice`, `enum:SimState`…
  static var wireTypeName: String { get }
  /// Whether the value is the default and so is left off the wire in a plain field.
  var isWireDefault: Bool { get }
  /// Writes the payload (for `.bytes` kinds including the length prefix), without a header.
  func writeWirePayload(to writer: inout WireWriter)
  /// Reads a payload of this type's kind (the header is already read).
  static func readWirePayload(from reader: inout WireReader) throws(WireDecodingError) -> Self
}

extension WireScalar {
  @inlinable
  public func encodeWire(field number: UInt32, to writer: inout WireWriter) {
    guard !self.isWireDefault else { return }
    writer.writeHeader(number, Self.wireKind)
    self.writeWirePayload(to: &writer)
  }

  @inlinable
  public mutating func mergeWire(_ field: FieldHeader, from reader: inout WireReader) throws(WireDecodingError) {
    try reader.expect(field, Self.wireKind)
    self = try Self.readWirePayload(from: &reader)
  }

  public static var wireFieldType: FieldType {
    FieldType(cardinality: .single, type: Self.wireTypeName)
  }

  public static func collectWireSchemas(into registry: inout SchemaRegistry) {}
}
