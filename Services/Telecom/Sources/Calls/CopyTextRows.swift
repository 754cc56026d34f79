import NIOCore

/// Rows in PostgreSQL's COPY text format: tab-separated fields, a newline after each row,
/// `\N` for NULL, and backslash, tab, newline and carriage return escaped in text. Values are
/// written field by field; ``endRow()`` closes a row.
struct CopyTextRows {
  private(set) var buffer: ByteBuffer
  private(set) var count = 0
  private var atRowStart = true

  init(capacity: Int) {
    self.buffer = ByteBufferAllocator().buffer(capacity: capacity)
  }

  mutating func text(_ value: String) {
    self.separate()
    var value = value
    value.withUTF8 { bytes in
      for byte in bytes {
        switch byte {
        case UInt8(ascii: "\\"): self.buffer.writeStaticString("\\\\")
        case UInt8(ascii: "\t"): self.buffer.writeStaticString("\\t")
        case UInt8(ascii: "\n"): self.buffer.writeStaticString("\\n")
        case UInt8(ascii: "\r"): self.buffer.writeStaticString("\\r")
        default: self.buffer.writeInteger(byte)
        }
      }
    }
  }

  /// A value known to hold none of the characters COPY escapes (codes, numbers, times).
  mutating func plain(_ value: String) {
    self.separate()
    self.buffer.writeString(value)
  }

  mutating func integer(_ value: Int64?) {
    guard let value else { return self.null() }
    self.plain(String(value))
  }

  mutating func null() {
    self.separate()
    self.buffer.writeStaticString("\\N")
  }

  mutating func endRow() {
    self.buffer.writeInteger(UInt8(ascii: "\n"))
    self.atRowStart = true
    self.count += 1
  }

  private mutating func separate() {
    if self.atRowStart { self.atRowStart = false } else { self.buffer.writeInteger(UInt8(ascii: "\t")) }
  }
}
