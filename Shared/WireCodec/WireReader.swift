/// A cursor over untrusted bytes that the generated `init(wireFields:)` initializers read from.
///
/// Every read checks the bytes that remain before touching them, and every length is checked
/// against what remains before anything is allocated for it, so truncated or hostile input
/// ends in a ``WireDecodingError`` rather than a trap or a large allocation.
public struct WireReader {
  @usableFromInline let base: UnsafeRawPointer
  /// Offset of the next unread byte.
  @usableFromInline var position: Int
  /// Offset one past the last byte of the message being read (narrowed inside nested ones).
  @usableFromInline var end: Int
  @usableFromInline var depth: Int
  @usableFromInline var elementsLeft: Int
  @usableFromInline let maxDepth: Int

  @inlinable
  public init(_ buffer: UnsafeRawBufferPointer, limits: WireLimits = .default) throws(WireDecodingError) {
    guard buffer.count <= limits.maxMessageBytes else {
      throw WireDecodingError(.messageTooLarge, at: limits.maxMessageBytes)
    }
    // An empty buffer may have no base address; any non-nil pointer works for zero bytes.
    self.base = buffer.baseAddress ?? UnsafeRawPointer(bitPattern: 0x10)!
    self.position = 0
    self.end = buffer.count
    self.depth = 0
    self.elementsLeft = limits.maxElements
    self.maxDepth = limits.maxDepth
  }

  @inlinable
  public var isAtEnd: Bool { self.position >= self.end }

  @inlinable
  func fail(_ reason: WireDecodingError.Reason) -> WireDecodingError {
    WireDecodingError(reason, at: self.position)
  }

  // MARK: Primitive reads

  @inlinable
  public mutating func readVarint() throws(WireDecodingError) -> UInt64 {
    guard self.position < self.end else { throw self.fail(.truncated) }
    let first = self.base.load(fromByteOffset: self.position, as: UInt8.self)
    if first < 0x80 {
      self.position &+= 1
      return UInt64(first)
    }
    // Two-byte varints (lengths and values up to 16383) are common enough to read inline.
    if self.end &- self.position >= 2 {
      let second = self.base.load(fromByteOffset: self.position &+ 1, as: UInt8.self)
      if second < 0x80 {
        self.position &+= 2
        return UInt64(first & 0x7F) | UInt64(second) &<< 7
      }
    }
    return try self.readLongVarint()
  }

  @usableFromInline
  mutating func readLongVarint() throws(WireDecodingError) -> UInt64 {
    var result: UInt64 = 0
    var shift: UInt64 = 0
    var at = self.position
    while true {
      guard at < self.end else { throw self.fail(.truncated) }
      let byte = self.base.load(fromByteOffset: at, as: UInt8.self)
      at &+= 1
      // The tenth byte may only carry the 64th bit.
      if shift == 63 && byte > 1 { throw self.fail(.varintOverflow) }
      result |= UInt64(byte & 0x7F) &<< shift
      if byte < 0x80 { break }
      shift &+= 7
    }
    self.position = at
    return result
  }

  @inlinable
  public mutating func readSignedVarint() throws(WireDecodingError) -> Int64 {
    let raw = try self.readVarint()
    return Int64(bitPattern: (raw &>> 1) ^ (0 &- (raw & 1)))
  }

  @inlinable
  public mutating func readByte() throws(WireDecodingError) -> UInt8 {
    guard self.position < self.end else { throw self.fail(.truncated) }
    defer { self.position &+= 1 }
    return self.base.load(fromByteOffset: self.position, as: UInt8.self)
  }

  @inlinable
  public mutating func readFixed64() throws(WireDecodingError) -> UInt64 {
    guard self.end &- self.position >= 8 else { throw self.fail(.truncated) }
    defer { self.position &+= 8 }
    return UInt64(littleEndian: self.base.loadUnaligned(fromByteOffset: self.position, as: UInt64.self))
  }

  /// The next `count` bytes, after checking they are there. The slice points into the
  /// input, so it is only valid while the input is.
  @inlinable
  public mutating func readSlice(count: Int) throws(WireDecodingError) -> UnsafeRawBufferPointer {
    guard count >= 0, self.end &- self.position >= count else { throw self.fail(.truncated) }
    defer { self.position &+= count }
    return UnsafeRawBufferPointer(start: self.base + self.position, count: count)
  }

  /// Offset of the next unread byte, for error reports.
  @inlinable
  public var offset: Int { self.position }

  /// Reads a varint length and checks it against the bytes that remain.
  @inlinable
  public mutating func readLength() throws(WireDecodingError) -> Int {
    let length = try self.readVarint()
    guard length <= UInt64(self.end &- self.position) else { throw self.fail(.truncated) }
    return Int(length)
  }

  // MARK: Fields

  /// The next field header, or `nil` at the end of the current message.
  @inlinable
  public mutating func nextField() throws(WireDecodingError) -> FieldHeader? {
    guard self.position < self.end else { return nil }
    let start = self.position
    let key = try self.readVarint()
    guard let kind = WireKind(rawValue: UInt8(key & 7)) else {
      self.position = start
      throw self.fail(.unknownKind)
    }
    let number = key &>> 3
    guard number != 0, number <= UInt64(FieldHeader.maxNumber) else {
      self.position = start
      throw self.fail(.invalidFieldNumber)
    }
    return FieldHeader(number: UInt32(truncatingIfNeeded: number), kind: kind)
  }

  /// Skips the payload of a field this reader does not know.
  @inlinable
  public mutating func skip(_ field: FieldHeader) throws(WireDecodingError) {
    switch field.kind {
    case .varint:
      _ = try self.readVarint()
    case .fixed64:
      try self.skipBytes(8)
    case .bytes:
      try self.skipBytes(try self.readLength())
    case .fixed128:
      try self.skipBytes(16)
    case .decimal:
      try self.skipBytes(1)
      _ = try self.readVarint()
    }
  }

  @inlinable
  mutating func skipBytes(_ count: Int) throws(WireDecodingError) {
    guard self.end &- self.position >= count else { throw self.fail(.truncated) }
    self.position &+= count
  }

  /// Throws unless `field` has the kind the caller's type is read from.
  @inlinable
  public func expect(_ field: FieldHeader, _ kind: WireKind) throws(WireDecodingError) {
    guard field.kind == kind else { throw self.fail(.kindMismatch) }
  }

  /// Counts `n` decoded list or map elements against the element budget.
  @inlinable
  public mutating func consumeElements(_ n: Int) throws(WireDecodingError) {
    self.elementsLeft &-= n
    guard self.elementsLeft >= 0 else { throw self.fail(.tooManyElements) }
  }

  /// Narrows the reader to the next `length` bytes, runs `body`, and restores it.
  /// `body` must consume exactly those bytes (it reads until `isAtEnd`).
  @inlinable
  public mutating func withLimit<R>(
    _ length: Int,
    _ body: (inout WireReader) throws(WireDecodingError) -> R
  ) throws(WireDecodingError) -> R {
    let outerEnd = self.end
    self.end = self.position &+ length
    let result = try body(&self)
    self.position = self.end
    self.end = outerEnd
    return result
  }

  /// Reads a length-prefixed nested message one level deeper, enforcing the depth limit.
  @inlinable
  public mutating func readNested<R>(
    _ body: (inout WireReader) throws(WireDecodingError) -> R
  ) throws(WireDecodingError) -> R {
    let length = try self.readLength()
    guard self.depth < self.maxDepth else { throw self.fail(.tooDeep) }
    self.depth &+= 1
    let result = try self.withLimit(length, body)
    self.depth &-= 1
    return result
  }
}
