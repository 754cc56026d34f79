/// An append-only byte buffer that the generated `encodeWireFields(to:)` methods write into.
///
/// It owns raw memory instead of appending to `[UInt8]`: every append then costs one
/// capacity compare, without Array's uniqueness check. Nested messages are written in one
/// pass: a one-byte length is reserved and, if the body turns out to be 128 bytes or more,
/// the body is moved up to make room for the longer varint.
public struct WireWriter: ~Copyable {
  @usableFromInline var base: UnsafeMutableRawPointer
  @usableFromInline var capacity: Int
  /// Bytes written so far.
  @usableFromInline var _count: Int
  public var count: Int { self._count }

  @inlinable
  public init(capacity: Int = 256) {
    let capacity = max(capacity, 16)
    self.base = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 1)
    self.capacity = capacity
    self._count = 0
  }

  deinit {
    self.base.deallocate()
  }

  @inlinable
  mutating func reserve(_ extra: Int) {
    if self.capacity &- self.count < extra {
      self.grow(toFit: extra)
    }
  }

  @usableFromInline @inline(never)
  mutating func grow(toFit extra: Int) {
    var newCapacity = self.capacity &* 2
    while newCapacity &- self.count < extra { newCapacity &*= 2 }
    let newBase = UnsafeMutableRawPointer.allocate(byteCount: newCapacity, alignment: 1)
    newBase.copyMemory(from: self.base, byteCount: self.count)
    self.base.deallocate()
    self.base = newBase
    self.capacity = newCapacity
  }

  @inlinable
  mutating func advance(by n: Int) {
    self._count &+= n
  }

  /// Appends `value` as unsigned LEB128.
  @inlinable
  public mutating func writeVarint(_ value: UInt64) {
    self.reserve(10)
    var value = value
    var at = self.base + self.count
    let start = at
    while value >= 0x80 {
      at.storeBytes(of: UInt8(truncatingIfNeeded: value) | 0x80, as: UInt8.self)
      at += 1
      value &>>= 7
    }
    at.storeBytes(of: UInt8(truncatingIfNeeded: value), as: UInt8.self)
    self._count &+= (at - start) &+ 1
  }

  /// Appends `value` zig-zag encoded, so small negative numbers stay short.
  @inlinable
  public mutating func writeSignedVarint(_ value: Int64) {
    self.writeVarint(UInt64(bitPattern: (value &<< 1) ^ (value &>> 63)))
  }

  @inlinable
  public mutating func writeHeader(_ number: UInt32, _ kind: WireKind) {
    let key = UInt32(truncatingIfNeeded: number) &<< 3 | UInt32(kind.rawValue)
    if key < 0x80 {
      self.reserve(1)
      self.base.storeBytes(of: UInt8(truncatingIfNeeded: key), toByteOffset: self.count, as: UInt8.self)
      self._count &+= 1
    } else {
      self.writeVarint(UInt64(key))
    }
  }

  @inlinable
  public mutating func writeByte(_ byte: UInt8) {
    self.reserve(1)
    self.base.storeBytes(of: byte, toByteOffset: self.count, as: UInt8.self)
    self._count &+= 1
  }

  @inlinable
  public mutating func writeFixed64(_ value: UInt64) {
    self.reserve(8)
    self.base.storeBytes(of: value.littleEndian, toByteOffset: self.count, as: UInt64.self)
    self._count &+= 8
  }

  @inlinable
  public mutating func writeBytes(_ bytes: UnsafeRawBufferPointer) {
    guard let source = bytes.baseAddress, bytes.count > 0 else { return }
    self.reserve(bytes.count)
    (self.base + self.count).copyMemory(from: source, byteCount: bytes.count)
    self._count &+= bytes.count
  }

  /// Appends a varint length and then `bytes`.
  @inlinable
  public mutating func writeLengthPrefixed(_ bytes: UnsafeRawBufferPointer) {
    self.writeVarint(UInt64(bytes.count))
    self.writeBytes(bytes)
  }

  /// Reserves one byte for a length and returns where it is; pair with `endLengthPrefix(_:)`.
  @inlinable
  public mutating func beginLengthPrefix() -> Int {
    self.reserve(1)
    let at = self.count
    self._count &+= 1
    return at
  }

  /// Writes the length of everything after the reserved byte at `start`.
  @inlinable
  public mutating func endLengthPrefix(_ start: Int) {
    let length = self.count &- start &- 1
    if length < 0x80 {
      self.base.storeBytes(of: UInt8(truncatingIfNeeded: length), toByteOffset: start, as: UInt8.self)
    } else {
      self.widenLengthPrefix(start, length: length)
    }
  }

  @usableFromInline @inline(never)
  mutating func widenLengthPrefix(_ start: Int, length: Int) {
    let width = WireWriter.varintSize(UInt64(length))
    self.reserve(width - 1)
    let body = self.base + start + 1
    // copyMemory is memmove: the regions overlap.
    (self.base + start + width).copyMemory(from: body, byteCount: length)
    var value = UInt64(length)
    var at = self.base + start
    while value >= 0x80 {
      at.storeBytes(of: UInt8(truncatingIfNeeded: value) | 0x80, as: UInt8.self)
      at += 1
      value >>= 7
    }
    at.storeBytes(of: UInt8(truncatingIfNeeded: value), as: UInt8.self)
    self._count += width - 1
  }

  @inlinable
  static func varintSize(_ value: UInt64) -> Int {
    let bits = 64 - (value | 1).leadingZeroBitCount
    return (bits + 6) / 7
  }

  /// Drops everything written after the first `count` bytes.
  @inlinable
  public mutating func truncate(to count: Int) {
    precondition(count >= 0 && count <= self._count)
    self._count = count
  }

  /// Calls `body` with the bytes written so far.
  @inlinable
  public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
    try body(UnsafeRawBufferPointer(start: self.base, count: self.count))
  }

  /// The bytes written, as an array.
  @inlinable
  public func bytes() -> [UInt8] {
    [UInt8](unsafeUninitializedCapacity: self.count) { buffer, initialized in
      if self.count > 0 {
        buffer.baseAddress!.initialize(from: self.base.assumingMemoryBound(to: UInt8.self), count: self.count)
      }
      initialized = self.count
    }
  }
}
