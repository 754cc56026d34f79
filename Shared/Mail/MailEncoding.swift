#if canImport(FoundationEssentials)
  package import FoundationEssentials
#else
  package import Foundation
#endif

/// The byte-level rules of RFC 5321/5322/2045/2047 that a message must follow on the wire.
package enum MailEncoding {
  /// RFC 2047 allows 75 characters per encoded-word; `=?UTF-8?B?` and `?=` take 12 of them,
  /// leaving 63 for base64, i.e. 15 quads of 3 bytes each.
  static let encodedWordPayloadBytes = 45

  /// `text` as a header value: unchanged when it is printable ASCII, otherwise as RFC 2047
  /// base64 encoded-words, each at most 75 characters and never splitting a character, joined
  /// by folding whitespace. Line breaks in `text` become spaces, so a value cannot add headers.
  package static func headerText(_ text: String) -> String {
    let flat = text.replacingLineBreaks()
    let isPlain = flat.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F } && flat.utf8.count <= 900 && !flat.contains("=?")
    return isPlain ? flat : self.encodedWords(flat).joined(separator: "\r\n ")
  }

  /// `text` cut between characters into encoded-words of at most 75 characters.
  package static func encodedWords(_ text: String) -> [String] {
    var words: [String] = []
    var chunk: [UInt8] = []
    func flush() {
      guard !chunk.isEmpty else { return }
      words.append("=?UTF-8?B?" + Data(chunk).base64EncodedString() + "?=")
      chunk.removeAll()
    }
    for character in text {
      // A grapheme longer than one word (a long emoji sequence) is cut between its scalars.
      let pieces: [String] =
        character.utf8.count <= Self.encodedWordPayloadBytes
        ? [String(character)] : character.unicodeScalars.map { String($0) }
      for piece in pieces {
        if chunk.count + piece.utf8.count > Self.encodedWordPayloadBytes { flush() }
        chunk.append(contentsOf: piece.utf8)
      }
    }
    flush()
    return words
  }

  /// A `From`/`To` mailbox: `"Name" <address>`, the name quoted when ASCII and encoded otherwise.
  package static func mailbox(_ mailbox: MailAddress) -> String {
    guard let name = mailbox.name?.replacingLineBreaks(), !name.isEmpty else { return "<\(mailbox.address)>" }
    if name.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) && !name.contains("=?") {
      let escaped = name.replacing("\\", with: "\\\\").replacing("\"", with: "\\\"")
      return "\"\(escaped)\" <\(mailbox.address)>"
    }
    return self.encodedWords(name).joined(separator: " ") + " <\(mailbox.address)>"
  }

  /// `text` with every line ending as CRLF.
  package static func crlfLines(_ text: String) -> [Substring] {
    // "\r\n" is one Character, so it is replaced first; then a lone "\r" cannot be part of one.
    text.replacing("\r\n", with: "\n").replacing("\r", with: "\n").split(
      separator: "\n", omittingEmptySubsequences: false)
  }

  /// The body and its `Content-Transfer-Encoding`: `7bit` when it is ASCII with lines of at most
  /// 998 octets (so it stays readable, and dot-stuffing matters), otherwise base64 in lines of 76.
  package static func body(_ text: String) -> (encoding: String, lines: [String]) {
    var lines = self.crlfLines(text)
    if lines.count > 1, lines.last?.isEmpty == true { lines.removeLast() }
    if text.utf8.allSatisfy({ $0 < 0x80 && $0 != 0 }) && lines.allSatisfy({ $0.utf8.count <= 998 }) {
      return ("7bit", lines.map(String.init))
    }
    let encoded = Data(lines.joined(separator: "\r\n").utf8).base64EncodedString()
    var out: [String] = []
    var rest = encoded[...]
    while !rest.isEmpty {
      out.append(String(rest.prefix(76)))
      rest = rest.dropFirst(76)
    }
    return ("base64", out)
  }

  /// The DATA payload for `message` (CRLF lines): every line that starts with `.` gets a second
  /// one (RFC 5321 §4.5.2), and the terminating `<CRLF>.<CRLF>` is appended.
  package static func dotStuffed(_ message: String) -> String {
    var lines = self.crlfLines(message)
    // Text that ends with a line break has an empty last "line" that is not part of it.
    if lines.count > 1, lines.last?.isEmpty == true { lines.removeLast() }
    var out = ""
    out.reserveCapacity(message.utf8.count + 8)
    for line in lines {
      if line.hasPrefix(".") { out += "." }
      out += line
      out += "\r\n"
    }
    return out + ".\r\n"
  }

  /// An RFC 5322 date, e.g. `Tue, 05 Nov 2024 14:03:09 +0000`.
  package static func date(_ date: Date) -> String {
    let seconds = Int64(date.timeIntervalSince1970.rounded(.down))
    let days = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400
    let secondOfDay = seconds - days * 86400
    let (year, month, day) = self.civil(fromDays: days)
    let weekday = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"][Int(((days % 7) + 7) % 7)]
    let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    func two(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }
    return "\(weekday), \(two(day)) \(months[Int(month) - 1]) \(year) "
      + "\(two(secondOfDay / 3600)):\(two(secondOfDay % 3600 / 60)):\(two(secondOfDay % 60)) +0000"
  }

  /// Howard Hinnant's days-to-civil: the proleptic Gregorian date `days` after 1970-01-01.
  static func civil(fromDays days: Int64) -> (Int64, Int64, Int64) {
    let z = days + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let dayOfEra = z - era * 146_097
    let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
    let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
    let monthIndex = (5 * dayOfYear + 2) / 153
    let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
    let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
    return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
  }
}

extension String {
  func replacingLineBreaks() -> String {
    self.replacing("\r\n", with: " ").replacing("\r", with: " ").replacing("\n", with: " ")
  }
}
