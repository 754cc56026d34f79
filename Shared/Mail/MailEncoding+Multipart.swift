#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// RFC 2046 `multipart/mixed` for a mail with attachments, and the RFC 2231/2047 parameter
/// encodings its filenames need.
extension MailEncoding {
  /// The body part, then each attachment, between `boundary` delimiters; CRLF lines. The text
  /// part follows the same rules as a mail without attachments (``body(_:)``).
  static func multipartMixed(
    text: (encoding: String, lines: [String]), attachments: [MailAttachment], boundary: String
  ) -> [String] {
    var lines = [
      "--\(boundary)",
      "Content-Type: text/plain; charset=utf-8",
      "Content-Transfer-Encoding: \(text.encoding)",
      "",
    ]
    lines += text.lines
    for attachment in attachments {
      lines.append("--\(boundary)")
      lines += self.attachmentHeaders(attachment)
      lines.append("")
      lines += self.base64Lines(attachment.content)
    }
    lines.append("--\(boundary)--")
    return lines
  }

  /// The headers of one attachment part, folded lines included.
  static func attachmentHeaders(_ attachment: MailAttachment) -> [String] {
    let name =
      self.isQuotable(attachment.filename)
      ? "\"\(attachment.filename)\"" : "\"" + self.encodedWords(attachment.filename).joined(separator: "\r\n ") + "\""
    return [
      // `name` is what clients older than RFC 2183 read; they commonly decode RFC 2047 words in it.
      "Content-Type: \(attachment.contentType);\r\n name=\(name)",
      "Content-Disposition: attachment;\r\n " + self.filenameParameter(attachment.filename).joined(separator: ";\r\n "),
      "Content-Transfer-Encoding: base64",
    ]
  }

  /// `filename="…"` when the name is short printable ASCII; otherwise RFC 2231's
  /// `filename*=UTF-8''…` percent-encoding, cut into `filename*0*=`, `filename*1*=`, … sections
  /// so that no header line grows past 78 characters.
  package static func filenameParameter(_ filename: String) -> [String] {
    if self.isQuotable(filename) { return ["filename=\"\(filename)\""] }
    var sections: [String] = []
    var section = "UTF-8''"
    for scalar in filename.unicodeScalars {
      let encoded = self.percentEncoded(scalar)
      if section.utf8.count + encoded.utf8.count > Self.parameterSectionLength {
        sections.append(section)
        section = ""
      }
      section += encoded
    }
    sections.append(section)
    if sections.count == 1 { return ["filename*=" + sections[0]] }
    return sections.enumerated().map { "filename*\($0.offset)*=\($0.element)" }
  }

  /// A section's value length: with ` filename*NN*=` and `;` a folded line stays within 78.
  static let parameterSectionLength = 60

  /// Short printable ASCII without quotes or backslashes goes into a quoted-string as it is.
  /// `=?` is left out so that no client mistakes the name for an encoded-word.
  static func isQuotable(_ filename: String) -> Bool {
    filename.utf8.count <= Self.parameterSectionLength && !filename.contains("=?")
      && filename.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") }
  }

  /// One scalar as RFC 2231 `attribute-char`s: token bytes other than `*`, `'` and `%` stay,
  /// every other byte of its UTF-8 becomes `%XX`.
  static func percentEncoded(_ scalar: Unicode.Scalar) -> String {
    var out = ""
    for byte in String(scalar).utf8 {
      if MailAttachment.isTokenByte(byte) && !"*'%".utf8.contains(byte) {
        out.unicodeScalars.append(Unicode.Scalar(byte))
      } else {
        out += "%"
        out.unicodeScalars.append(Self.hexDigits[Int(byte >> 4)])
        out.unicodeScalars.append(Self.hexDigits[Int(byte & 0x0F)])
      }
    }
    return out
  }

  static let hexDigits = Array("0123456789ABCDEF".unicodeScalars)

  /// Base64 in lines of 76 characters (RFC 2045 §6.8): 57 bytes make one full line, so each
  /// line is encoded on its own and is the same as cutting the whole encoding every 76.
  package static func base64Lines(_ bytes: [UInt8]) -> [String] {
    stride(from: 0, to: bytes.count, by: 57).map { start in
      Data(bytes[start..<min(start + 57, bytes.count)]).base64EncodedString()
    }
  }

  /// A multipart boundary that no line of `text` contains. `=_` cannot occur in base64
  /// (`=` is only ever followed by `=` or the end), so base64 parts can never contain it; 24
  /// random letters and digits make a collision with the text part practically impossible, and
  /// the check makes it impossible.
  package static func boundary(avoiding text: [String]) -> String {
    let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
    while true {
      let boundary = "=_Abonent_" + String((0..<24).map { _ in alphabet[Int.random(in: 0..<alphabet.count)] })
      if !text.contains(where: { $0.contains(boundary) }) { return boundary }
    }
  }
}
