/// A message: a struct whose fields are tagged with `@Field`. Apply `@WireMessage` to get
/// the conformance generated; writing it by hand is possible but never needed.
public protocol WireMessage: WireScalar {
  /// The message with every field at its default.
  init()
  /// Writes every non-default field, in ascending field-number order.
  func encodeWireFields(to writer: inout WireWriter)
  /// Reads fields until the end of the current message; unknown fields are skipped.
  init(wireFields reader: inout WireReader) throws(WireDecodingError)
  /// The message's name, documentation and fields, as Describe shows them.
  static var wireSchema: MessageSchema { get }
  /// The message's name in schemas (kept apart from `wireSchema` so recursive types work).
  static var wireMessageName: String { get }
  /// Adds the schemas that the message's fields refer to (generated: one line per field).
  static func collectFieldSchemas(into registry: inout SchemaRegistry)
}

extension WireMessage {
  public static var wireDefault: Self { Self() }
  public static var wireKind: WireKind { .bytes }
  public static var wireTypeName: String { "message:" + Self.wireMessageName }
  /// Not consulted for plain fields (see `encodeWire`); an optional or list element is always written.
  @inlinable public var isWireDefault: Bool { false }

  /// A plain message field is left off the wire when its encoding is empty (every field
  /// default), which is what a reader of the absent field gets back. Use `Message?` to keep presence.
  @inlinable
  public func encodeWire(field number: UInt32, to writer: inout WireWriter) {
    let rollback = writer.count
    writer.writeHeader(number, .bytes)
    let start = writer.beginLengthPrefix()
    self.encodeWireFields(to: &writer)
    if writer.count == start &+ 1 {
      writer.truncate(to: rollback)
    } else {
      writer.endLengthPrefix(start)
    }
  }

  @inlinable
  public func writeWirePayload(to writer: inout WireWriter) {
    let start = writer.beginLengthPrefix()
    self.encodeWireFields(to: &writer)
    writer.endLengthPrefix(start)
  }

  @inlinable
  public static func readWirePayload(from reader: inout WireReader) throws(WireDecodingError) -> Self {
    try reader.readNested { (reader: inout WireReader) throws(WireDecodingError) in
      try Self(wireFields: &reader)
    }
  }

  public static func collectWireSchemas(into registry: inout SchemaRegistry) {
    guard registry.insert(Self.wireSchema) else { return }
    Self.collectFieldSchemas(into: &registry)
  }

  /// Encodes the message as a top-level byte string (no outer length prefix).
  @inlinable
  public func wireEncoded() -> [UInt8] {
    var writer = WireWriter()
    self.encodeWireFields(to: &writer)
    return writer.bytes()
  }

  /// Decodes a top-level message, enforcing `limits`.
  @inlinable
  public init(wireEncoded bytes: UnsafeRawBufferPointer, limits: WireLimits = .default) throws(WireDecodingError) {
    var reader = try WireReader(bytes, limits: limits)
    try self.init(wireFields: &reader)
  }

  /// Decodes a top-level message, enforcing `limits`.
  @inlinable
  public init(wireEncoded bytes: [UInt8], limits: WireLimits = .default) throws(WireDecodingError) {
    // withUnsafeBytes only rethrows untyped errors, so the typed error travels in a Result.
    let result = bytes.withUnsafeBytes { raw in
      Result { () throws(WireDecodingError) -> Self in try Self(wireEncoded: raw, limits: limits) }
    }
    self = try result.get()
  }
}
