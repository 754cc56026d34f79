/// A repeated field. Elements of kind `bytes` (strings, bytes, messages) are written one
/// field occurrence each; all other kinds are packed into a single `bytes` occurrence.
/// Readers accept both forms for every element type (docs/wire-format.md §5).
extension Array: WireCodable where Element: WireScalar {
  public static var wireDefault: [Element] { [] }

  public static var wireFieldType: FieldType {
    FieldType(cardinality: .repeated, type: Element.wireTypeName)
  }

  @inlinable
  public func encodeWire(field number: UInt32, to writer: inout WireWriter) {
    guard !self.isEmpty else { return }
    if Element.wireKind == .bytes {
      for element in self {
        writer.writeHeader(number, .bytes)
        element.writeWirePayload(to: &writer)
      }
    } else {
      writer.writeHeader(number, .bytes)
      let start = writer.beginLengthPrefix()
      for element in self {
        element.writeWirePayload(to: &writer)
      }
      writer.endLengthPrefix(start)
    }
  }

  @inlinable
  public mutating func mergeWire(_ field: FieldHeader, from reader: inout WireReader) throws(WireDecodingError) {
    if field.kind == Element.wireKind {
      try reader.consumeElements(1)
      self.append(try Element.readWirePayload(from: &reader))
    } else if field.kind == .bytes {
      try self.mergePacked(from: &reader)
    } else {
      throw reader.fail(.kindMismatch)
    }
  }

  @inlinable
  mutating func mergePacked(from reader: inout WireReader) throws(WireDecodingError) {
    let length = try reader.readLength()
    try reader.withLimit(length) { (reader: inout WireReader) throws(WireDecodingError) in
      while !reader.isAtEnd {
        try reader.consumeElements(1)
        self.append(try Element.readWirePayload(from: &reader))
      }
    }
  }

  public static func collectWireSchemas(into registry: inout SchemaRegistry) {
    Element.collectWireSchemas(into: &registry)
  }
}
