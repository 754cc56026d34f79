import Testing

@testable import Mail

@Suite("Mail validation")
struct MailValidationTests {
  static func mail(_ attachments: [MailAttachment]) -> Mail {
    Mail(to: [MailAddress("a@customer.test")], subject: "s", body: "b", attachments: attachments)
  }

  static func file(_ filename: String = "a.pdf", type: String = "application/pdf", size: Int = 1) -> MailAttachment {
    MailAttachment(filename: filename, contentType: type, content: Array(repeating: 0x25, count: size))
  }

  @Test(
    "good attachments pass",
    arguments: [
      "a.pdf", "Счёт NCR-0001.pdf", String(repeating: "я", count: 255), "with space & (brackets).PDF", "📄", ".hidden",
    ])
  func goodFilename(filename: String) throws {
    try Self.mail([Self.file(filename)]).validate()
  }

  @Test(
    "filenames that are empty, too long, or could break a header or a path are refused",
    arguments: [
      "", String(repeating: "я", count: 256), "a\r\nBcc: victim@example.com.pdf", "line\nbreak.pdf", "nul\u{0}.pdf",
      "tab\t.pdf", "del\u{7F}.pdf", "c1\u{85}.pdf", "../../etc/passwd", "dir/file.pdf", "C:\\evil.exe",
    ])
  func badFilename(filename: String) {
    #expect(throws: MailError.invalidAttachmentFilename(filename)) { try Self.mail([Self.file(filename)]).validate() }
  }

  @Test(
    "content types must be a bare type/subtype",
    arguments: [
      ("application/pdf", true), ("text/csv", true),
      ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", true),
      ("image/svg+xml", true), ("application", false), ("application/", false), ("/pdf", false), ("a/b/c", false),
      ("application/pdf; name=x.exe", false), ("text/plain\r\nBcc: victim@example.com", false),
      ("appli cation/pdf", false),
      ("тип/pdf", false), ("text/\"plain\"", false), ("", false),
    ])
  func contentType(type: String, valid: Bool) {
    let mail = Self.mail([Self.file(type: type)])
    if valid {
      #expect(throws: Never.self) { try mail.validate() }
    } else {
      #expect(throws: MailError.invalidAttachmentContentType(type)) { try mail.validate() }
    }
  }

  @Test("all attachments together may hold 10 MiB, not a byte more")
  func sizeLimit() throws {
    let limit = MailAttachment.maxTotalBytes
    #expect(limit == 10 * 1024 * 1024)
    try Self.mail([Self.file(size: limit - 1000), Self.file("b.pdf", size: 1000)]).validate()
    #expect(throws: MailError.attachmentsTooLarge(bytes: limit + 1, limit: limit)) {
      try Self.mail([Self.file(size: limit - 1000), Self.file("b.pdf", size: 1001)]).validate()
    }
  }

  @Test("errors say what is wrong on one line")
  func descriptions() {
    #expect(MailError.invalidAttachmentFilename("a\r\nb").description.contains("\"a\\r\\nb\""))
    #expect(
      MailError.attachmentsTooLarge(bytes: 11, limit: 10).description
        == "attachments of 11 bytes exceed the limit of 10 bytes per mail")
  }
}
