import GRPCCore
import RPC
import TelecomAPI
import WireCodec

/// Where a report page ends: the last row's sort key. Sessions and calls sort by start then
/// record id; days by day, ICCID, kind, country, operator and currency (the row's identity),
/// so pages stay stable while usage arrives. Each part is hex in the token, so any text an
/// operator's name holds round-trips; the first part names the key's shape.
struct UsageReportCursor: PageKey {
  let parts: [String]

  init(parts: [String]) {
    self.parts = parts
  }

  init?(token: String) {
    var parts: [String] = []
    for hex in token.split(separator: "_", omittingEmptySubsequences: false) {
      let digits = Array(hex.utf8)
      guard digits.count % 2 == 0, digits.count <= 2_000 else { return nil }
      var bytes: [UInt8] = []
      for index in stride(from: 0, to: digits.count, by: 2) {
        guard let byte = UInt8(String(decoding: digits[index..<index + 2], as: UTF8.self), radix: 16) else {
          return nil
        }
        bytes.append(byte)
      }
      guard let part = String(validating: bytes, as: UTF8.self) else { return nil }
      parts.append(part)
    }
    guard parts.count <= 8 else { return nil }
    self.parts = parts
  }

  var token: String {
    self.parts.map { part in
      part.utf8.map { byte in (byte < 16 ? "0" : "") + String(byte, radix: 16) }.joined()
    }.joined(separator: "_")
  }

  /// The key of a session or call: `r`, its start in microseconds, its id.
  static func record(start: UTCTimestamp, id: String) -> UsageReportCursor {
    UsageReportCursor(parts: ["r", String(start.microsecondsSinceEpoch), id])
  }

  /// The key of a day row: `d`, the day, then the rest of the group.
  static func day(_ row: UsageReportRecord) -> UsageReportCursor {
    UsageReportCursor(parts: [
      "d", row.day.description, row.iccid, row.kind, row.country, row.networkOperator, row.currency,
    ])
  }

  /// A record key's start and id; nil for another shape.
  var record: (start: UTCTimestamp, id: String)? {
    guard self.parts.count == 3, self.parts[0] == "r", let micros = Int64(self.parts[1]) else { return nil }
    return (UTCTimestamp(microsecondsSinceEpoch: micros), self.parts[2])
  }

  /// A day key's parts after the day; nil for another shape.
  var day: (day: CalendarDate, rest: [String])? {
    guard self.parts.count == 7, self.parts[0] == "d", let day = CalendarDate(iso8601: self.parts[1]) else {
      return nil
    }
    return (day, Array(self.parts[2...]))
  }

  /// A token of another list or template.
  static let invalid = PlatformError(
    code: .invalidArgument, reason: "PAGE_TOKEN_INVALID", message: "The page token is not one this report gave out.")
}
