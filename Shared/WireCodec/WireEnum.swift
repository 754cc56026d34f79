/// An enumeration field. Declare `enum X: Int32, WireEnum { case unspecified = 0, ... }`.
///
/// Wire: kind `varint`, the case's raw value. A value this build does not know does not
/// fail the message: it reads as `wireFallback`, so a newer peer can add cases freely.
public protocol WireEnum: WireScalar, CaseIterable, RawRepresentable where RawValue == Int32 {
  /// The case an unknown wire value reads as (usually `unspecified`, value 0).
  static var wireFallback: Self { get }
  /// The enum's name in schemas; the Swift type name unless overridden.
  static var wireEnumName: String { get }
}

extension WireEnum {
  public static var wireEnumName: String { String(describing: Self.self) }
  /// The case with raw value 0, as in every enum's first line.
  public static var wireDefault: Self { Self(rawValue: 0) ?? Self.wireFallback }
  public static var wireKind: WireKind { .varint }
  public static var wireTypeName: String { "enum:" + Self.wireEnumName }
  @inlinable public var isWireDefault: Bool { self.rawValue == 0 }

  @inlinable
  public func writeWirePayload(to writer: inout WireWriter) {
    writer.writeVarint(UInt64(UInt32(bitPattern: self.rawValue)))
  }

  @inlinable
  public static func readWirePayload(from reader: inout WireReader) throws(WireDecodingError) -> Self {
    let raw = try reader.readVarint()
    guard let narrow = UInt32(exactly: raw) else { return Self.wireFallback }
    return Self(rawValue: Int32(bitPattern: narrow)) ?? Self.wireFallback
  }

  public static func collectWireSchemas(into registry: inout SchemaRegistry) {
    let values = Self.allCases.map { EnumValueSchema(name: String(describing: $0), number: $0.rawValue) }
    registry.insert(EnumSchema(name: Self.wireEnumName, values: values))
  }
}
