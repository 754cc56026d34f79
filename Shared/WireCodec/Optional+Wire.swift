/// An optional field: absent means `nil`; present means the value, even if it is the
/// type's default — so `Int64?` tells 0 from "not given".
extension Optional: WireCodable where Wrapped: WireScalar {
  public static var wireDefault: Wrapped? { nil }

  public static var wireFieldType: FieldType {
    FieldType(cardinality: .optional, type: Wrapped.wireTypeName)
  }

  @inlinable
  public func encodeWire(field number: UInt32, to writer: inout WireWriter) {
    guard let value = self else { return }
    writer.writeHeader(number, Wrapped.wireKind)
    value.writeWirePayload(to: &writer)
  }

  @inlinable
  public mutating func mergeWire(_ field: FieldHeader, from reader: inout WireReader) throws(WireDecodingError) {
    try reader.expect(field, Wrapped.wireKind)
    self = try Wrapped.readWirePayload(from: &reader)
  }

  public static func collectWireSchemas(into registry: inout SchemaRegistry) {
    Wrapped.collectWireSchemas(into: &registry)
  }
}
