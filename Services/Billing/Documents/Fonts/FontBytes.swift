/// A bounds-checked, big-endian view of one table inside a font file.
///
/// Font files come from disk and may be truncated or hostile; every read checks its range and
/// fails with a typed error instead of trapping.
struct FontBytes: Sendable {
  let bytes: [UInt8]
  let range: Range<Int>

  init(bytes: [UInt8], range: Range<Int>) {
    self.bytes = bytes
    self.range = range
  }

  init(bytes: [UInt8]) {
    self.init(bytes: bytes, range: bytes.indices)
  }

  var count: Int { self.range.count }

  /// The absolute byte range of `length` bytes at `offset` (relative to this view), if inside it.
  func absoluteRange(at offset: Int, length: Int) throws(BillingDocumentError) -> Range<Int> {
    guard offset >= 0, length >= 0, offset <= self.count - length else {
      throw .fontMalformed(reason: "read of \(length) bytes at \(offset) outside a \(self.count)-byte table")
    }
    let start = self.range.lowerBound + offset
    return start..<(start + length)
  }

  func view(at offset: Int, length: Int) throws(BillingDocumentError) -> FontBytes {
    FontBytes(bytes: self.bytes, range: try self.absoluteRange(at: offset, length: length))
  }

  func uint8(at offset: Int) throws(BillingDocumentError) -> UInt8 {
    self.bytes[try self.absoluteRange(at: offset, length: 1).lowerBound]
  }

  func uint16(at offset: Int) throws(BillingDocumentError) -> UInt16 {
    let start = try self.absoluteRange(at: offset, length: 2).lowerBound
    return UInt16(self.bytes[start]) << 8 | UInt16(self.bytes[start + 1])
  }

  func int16(at offset: Int) throws(BillingDocumentError) -> Int16 {
    Int16(bitPattern: try self.uint16(at: offset))
  }

  func uint32(at offset: Int) throws(BillingDocumentError) -> UInt32 {
    let start = try self.absoluteRange(at: offset, length: 4).lowerBound
    return self.bytes[start..<(start + 4)].reduce(0) { $0 << 8 | UInt32($1) }
  }

  func slice(at offset: Int, length: Int) throws(BillingDocumentError) -> ArraySlice<UInt8> {
    self.bytes[try self.absoluteRange(at: offset, length: length)]
  }
}
