import NIOCore
import TelecomAPI
import TelecomRules

/// Rated calls as rows of PostgreSQL's COPY text format, in the column order of
/// `call_staging` (``Telecom/callStagingColumns``): tab-separated, `\N` for NULL, and
/// backslash, tab, newline and carriage return escaped in text.
struct CallCopyRows {
  private(set) var buffer: ByteBuffer

  init(capacity: Int) {
    self.buffer = ByteBufferAllocator().buffer(capacity: capacity)
  }

  mutating func append(_ rated: RatedCall) {
    let call = rated.call
    self.text(call.callID)
    self.integer(call.startedAt)
    self.text(call.accountNumber)
    self.text(call.caller)
    self.text(call.dialed.description)
    self.text(call.service.code)
    self.text(call.placeOfService)
    self.raw(call.answered ? "t" : "f")
    self.integer(call.durationSeconds)
    self.integer(call.quantity)
    self.raw(rated.isRated ? "rated" : "unrated")
    self.text(rated.reason)
    if let lock = rated.lockID { self.text(lock) } else { self.raw("\\N") }
    self.text(rated.provider)
    if let minor = rated.retailMinor { self.integer(minor) } else { self.raw("\\N") }
    self.text(rated.retailCurrency)
    if let minor = rated.wholesaleMinor { self.integer(minor) } else { self.raw("\\N") }
    self.text(rated.wholesaleCurrency)
    self.raw(call.source.rawValue)
    self.raw(call.deliveryStatus)
    self.text(call.subscriptionID, last: true)
  }

  private mutating func raw(_ value: String, last: Bool = false) {
    self.buffer.writeString(value)
    self.buffer.writeInteger(last ? UInt8(ascii: "\n") : UInt8(ascii: "\t"))
  }

  private mutating func integer(_ value: Int64) {
    self.buffer.writeString(String(value))
    self.buffer.writeInteger(UInt8(ascii: "\t"))
  }

  private mutating func text(_ value: String, last: Bool = false) {
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
    self.buffer.writeInteger(last ? UInt8(ascii: "\n") : UInt8(ascii: "\t"))
  }
}
