import NIOCore
import TelecomRules
import WireCodec

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

  mutating func text(_ value: String, separated: Bool = true) {
    if separated { self.separate() }
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

  /// Written digit by digit, without a String per number.
  mutating func integer(_ value: Int64?) {
    guard let value else { return self.null() }
    self.separate()
    self.writeDigits(of: value)
  }

  mutating func digits(_ number: DialedDigits) {
    self.separate()
    self.writeDigits(number)
  }

  /// An instant as `YYYY-MM-DD HH:MM:SS.ffffff+00`, from microseconds since the epoch (after 1970).
  mutating func timestamp(_ micros: Int64) {
    self.separate()
    self.writeTimestamp(micros)
  }

  /// Text built from pieces without a String of its own: `piece` writes into the field (raw
  /// pieces must need no escaping; ``text(_:separated:)`` escapes).
  mutating func composed(_ piece: (inout CopyTextRows) -> Void) {
    self.separate()
    piece(&self)
  }

  mutating func writeDigits(_ number: DialedDigits) {
    for index in 0..<number.count { self.buffer.writeInteger(UInt8(ascii: "0") + UInt8(number.digit(at: index) ?? 0)) }
  }

  mutating func writeDigits(of value: Int64) {
    if value < 0 { self.buffer.writeInteger(UInt8(ascii: "-")) }
    var magnitude = value.magnitude
    var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // up to 20 digits, reversed
    var count = 0
    withUnsafeMutableBytes(of: &digits) { bytes in
      repeat {
        bytes[count] = UInt8(ascii: "0") + UInt8(magnitude % 10)
        magnitude /= 10
        count += 1
      } while magnitude > 0
      for index in stride(from: count - 1, through: 0, by: -1) { self.buffer.writeInteger(bytes[index]) }
    }
  }

  mutating func writeTimestamp(_ micros: Int64, fraction: Bool = true) {
    let (days, rest) = micros.quotientAndRemainder(dividingBy: 86_400_000_000)
    let (year, month, day) = CalendarDate(daysSinceEpoch: Int32(days)).components
    let seconds = rest / 1_000_000
    self.pad(Int64(year), 4)
    self.buffer.writeInteger(UInt8(ascii: "-"))
    self.pad(Int64(month), 2)
    self.buffer.writeInteger(UInt8(ascii: "-"))
    self.pad(Int64(day), 2)
    self.buffer.writeInteger(UInt8(ascii: " "))
    self.pad(seconds / 3_600, 2)
    self.buffer.writeInteger(UInt8(ascii: ":"))
    self.pad(seconds / 60 % 60, 2)
    self.buffer.writeInteger(UInt8(ascii: ":"))
    self.pad(seconds % 60, 2)
    guard fraction else { return }
    self.buffer.writeInteger(UInt8(ascii: "."))
    self.pad(rest % 1_000_000, 6)
    self.buffer.writeStaticString("+00")
  }

  mutating func writeRaw(_ text: StaticString) { self.buffer.writeStaticString(text) }
  mutating func writeRaw(_ text: String) { self.buffer.writeString(text) }

  private mutating func pad(_ value: Int64, _ width: Int) {
    var divisor: Int64 = 1
    for _ in 1..<width { divisor *= 10 }
    var rest = value
    while divisor > 0 {
      self.buffer.writeInteger(UInt8(ascii: "0") + UInt8(rest / divisor % 10))
      rest %= divisor
      divisor /= 10
    }
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
