import Foundation
import Testing

@testable import Mail

extension MailEncodingTests {
  static func message(body: String = "See attached.\n", attachments: [MailAttachment]) -> OutgoingMessage {
    OutgoingMessage(
      from: MailAddress("noreply@abonent.test", name: "Abonent"), to: [MailAddress("a@b.test")], subject: "Invoice",
      body: body, messageID: "id-1@abonent.test", date: Date(timeIntervalSince1970: 0), attachments: attachments)
  }

  @Test("a mail without attachments renders as before, byte for byte")
  func renderedWithoutAttachments() {
    let expected =
      "Date: Thu, 01 Jan 1970 00:00:00 +0000\r\n"
      + "From: \"Abonent\" <noreply@abonent.test>\r\n"
      + "To: <a@b.test>\r\n"
      + "Subject: Invoice\r\n"
      + "Message-ID: <id-1@abonent.test>\r\n"
      + "MIME-Version: 1.0\r\n"
      + "Content-Type: text/plain; charset=utf-8\r\n"
      + "Content-Transfer-Encoding: 7bit\r\n"
      + "\r\n"
      + "See attached.\r\n"
    #expect(Self.message(attachments: []).rendered == expected)
  }

  @Test("a mail with attachments is multipart/mixed: the text part, then each file in base64")
  func renderedWithAttachments() {
    let attachments = [
      MailAttachment(filename: "a.pdf", contentType: "application/pdf", content: Array("%PDF".utf8)),
      MailAttachment(
        filename: "Счёт.pdf", contentType: "application/pdf", content: [0x00, 0x01, 0x02, 0xFD, 0xFE, 0xFF]),
    ]
    let expected =
      "Date: Thu, 01 Jan 1970 00:00:00 +0000\r\n"
      + "From: \"Abonent\" <noreply@abonent.test>\r\n"
      + "To: <a@b.test>\r\n"
      + "Subject: Invoice\r\n"
      + "Message-ID: <id-1@abonent.test>\r\n"
      + "MIME-Version: 1.0\r\n"
      + "Content-Type: multipart/mixed; boundary=\"=_B\"\r\n"  // quoted: `=` is a tspecial
      + "\r\n"
      + "--=_B\r\n"  // the text part, under the same rules as a single-part mail
      + "Content-Type: text/plain; charset=utf-8\r\n"
      + "Content-Transfer-Encoding: 7bit\r\n"
      + "\r\n"
      + "See attached.\r\n"
      + "--=_B\r\n"  // an ASCII name: quoted as it is
      + "Content-Type: application/pdf;\r\n name=\"a.pdf\"\r\n"
      + "Content-Disposition: attachment;\r\n filename=\"a.pdf\"\r\n"
      + "Content-Transfer-Encoding: base64\r\n"
      + "\r\n"
      + "JVBERg==\r\n"  // "%PDF"
      + "--=_B\r\n"  // a Cyrillic name: RFC 2047 in `name` for old clients, RFC 2231 in `filename`
      + "Content-Type: application/pdf;\r\n name=\"=?UTF-8?B?0KHRh9GR0YIucGRm?=\"\r\n"
      + "Content-Disposition: attachment;\r\n filename*=UTF-8''%D0%A1%D1%87%D1%91%D1%82.pdf\r\n"
      + "Content-Transfer-Encoding: base64\r\n"
      + "\r\n"
      + "AAEC/f7/\r\n"  // 00 01 02 FD FE FF
      + "--=_B--\r\n"  // the closing delimiter
    #expect(Self.message(attachments: attachments).rendered(makeBoundary: { _ in "=_B" }) == expected)
  }

  @Test("the boundary occurs only as the delimiters, even when the text imitates one")
  func boundaryIsUnique() throws {
    let body = "--=_Abonent_\n=_Abonent_AAAA\n" + String(repeating: "=_", count: 50)
    let text = Self.message(body: body, attachments: AttachmentSamples.all).rendered
    let header = try #require(
      text.components(separatedBy: "\r\n").first { $0.hasPrefix("Content-Type: multipart/mixed") })
    let boundary = String(try #require(header.split(separator: "\"").dropFirst().first))
    #expect(boundary.hasPrefix("=_Abonent_") && boundary.count <= 70)
    let lines = text.components(separatedBy: "\r\n")
    let containing = lines.filter { $0.contains(boundary) }
    #expect(
      containing == [header] + Array(repeating: "--\(boundary)", count: AttachmentSamples.all.count + 1) + [
        "--\(boundary)--"
      ])
  }

  @Test(
    "attachments go as base64 in lines of 76 that decode back", arguments: [0, 1, 2, 56, 57, 58, 114, 1000, 3 * 256])
  func base64Lines(size: Int) throws {
    let bytes = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 97) }
    let lines = MailEncoding.base64Lines(bytes)
    #expect(lines.dropLast().allSatisfy { $0.count == 76 })
    #expect(lines.allSatisfy { !$0.isEmpty && $0.count <= 76 })
    #expect(try #require(Data(base64Encoded: lines.joined())) == Data(bytes))
  }

  @Test(
    "lines stay within 998 octets, and the folded filename and base64 lines within 78", arguments: AttachmentSamples.all
  )
  func lineLengths(attachment: MailAttachment) {
    let text = Self.message(attachments: [attachment]).rendered
    for line in text.components(separatedBy: "\r\n") {
      #expect(line.utf8.count <= 998, "\(line)")
      // A long content type is long by itself, and `name="` before a 72-character encoded-word
      // makes 79: RFC 5322's 78 is a SHOULD; 998 is the MUST that keeps SMTP working.
      if !line.hasPrefix("Content-Type:") && !line.hasPrefix(" name=") {
        #expect(line.utf8.count <= 78, "\(line)")
      }
    }
  }

  @Test(
    "non-ASCII and awkward filenames go as RFC 2231 sections that decode back",
    arguments: [
      "Счёт NCR-0001.pdf",
      "Акт сверки взаиморасчётов за период с 01.01.2026 по 31.03.2026 — ООО «Ромашка» 📄.xlsx",
      String(repeating: "я", count: 255),
      "quote\"and\\back.pdf",  // a backslash is refused by validation, but the encoding must not care
      "=?UTF-8?B?looks-encoded?=.pdf",
      "100% done * 'quoted' — итог.txt",
      "👨‍👩‍👧‍👦.png",
    ])
  func rfc2231(filename: String) throws {
    let sections = MailEncoding.filenameParameter(filename)
    #expect(sections.allSatisfy { $0.utf8.count + 2 <= 78 })  // folded: one space before, `;` after
    #expect(try Self.decodeRFC2231(sections) == filename)
  }

  @Test("short printable ASCII filenames stay quoted and readable")
  func quotedFilename() {
    #expect(MailEncoding.filenameParameter("invoice NCR-0001.pdf") == ["filename=\"invoice NCR-0001.pdf\""])
  }

  /// An independent reading of RFC 2231 §3–4: sections in order, charset and language on the
  /// first, `%XX` octets decoded after joining.
  static func decodeRFC2231(_ sections: [String]) throws -> String {
    var encoded = ""
    for (index, section) in sections.enumerated() {
      let name = sections.count == 1 ? "filename*=" : "filename*\(index)*="
      try #require(section.hasPrefix(name), "section \(index): \(section)")
      encoded += section.dropFirst(name.count)
    }
    try #require(encoded.hasPrefix("UTF-8''"))
    var bytes: [UInt8] = []
    var rest = Substring(encoded.dropFirst(7))
    while let first = rest.first {
      if first == "%" {
        bytes.append(try #require(UInt8(rest.dropFirst().prefix(2), radix: 16)))
        rest = rest.dropFirst(3)
      } else {
        #expect(first.isASCII && !" *'%\"();,/:<=>?@[\\]".contains(first), "\(first) is not an attribute-char")
        bytes.append(contentsOf: first.utf8)
        rest = rest.dropFirst()
      }
    }
    return String(decoding: bytes, as: UTF8.self)
  }
}
