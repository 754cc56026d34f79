/// A map field: one `bytes` occurrence per entry, holding the key as field 1 and the value
/// as field 2. Writers emit entries in ascending key order so that equal maps encode to
/// equal bytes; readers accept any order, and a repeated key keeps the last value.
extension Dictionary: WireCodable where Key: WireScalar & Comparable, Value: WireScalar {
  public static var wireDefault: [Key: Value] { [:] }

  public static var wireFieldType: FieldType {
    FieldType(cardinality: .map, type: Value.wireTypeName, keyType: Key.wireTypeName)
  }

  @inlinable
  public func encodeWire(field number: UInt32, to writer: inout WireWriter) {
    for key in self.keys.sorted() {
      writer.writeHeader(number, .bytes)
      let start = writer.beginLengthPrefix()
      key.encodeWire(field: 1, to: &writer)
      self[key].unsafelyUnwrapped.encodeWire(field: 2, to: &writer)
      writer.endLengthPrefix(start)
    }
  }

  @inlinable
  public mutating func mergeWire(_ field: FieldHeader, from reader: inout WireReader) throws(WireDecodingError) {
    try reader.expect(field, .bytes)
    try reader.consumeElements(1)
    var key = Key.wireDefault
    var value = Value.wireDefault
    try reader.readNested { (reader: inout WireReader) throws(WireDecodingError) in
      while let entryField = try reader.nextField() {
        switch entryField.number {
        case 1: try key.mergeWire(entryField, from: &reader)
        case 2: try value.mergeWire(entryField, from: &reader)
        default: try reader.skip(entryField)
        }
      }
    }
    self[key] = value
  }

  public static func collectWireSchemas(into registry: inout SchemaRegistry) {
    Key.collectWireSchemas(into: &registry)
    Value.collectWireSchemas(into: &registry)
  }
}
