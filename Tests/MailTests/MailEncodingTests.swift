import Foundation
import Testing

@testable import Mail

@Suite("Message encoding")
struct MailEncodingTests {
  @Test(
    "dot-stuffing doubles a leading dot on every line and appends <CRLF>.<CRLF>",
    arguments: [
      ("plain", "plain\r\n.\r\n"),
      ("ends with newline\n", "ends with newline\r\n.\r\n"),
      (".leading", "..leading\r\n.\r\n"),
      ("a\n.\nb", "a\r\n..\r\nb\r\n.\r\n"),  // a lone "." would end DATA early
      ("a\r\n..two\r\n", "a\r\n...two\r\n.\r\n"),
      ("mid.dle\n. space", "mid.dle\r\n.. space\r\n.\r\n"),
      ("bare\rcarriage", "bare\r\ncarriage\r\n.\r\n"),
    ])
  func dotStuffing(input: String, expected: String) {
    #expect(MailEncoding.dotStuffed(input) == expected)
  }

  @Test(
    "a UTF-8 subject becomes base64 encoded-words of at most 75 characters that decode back",
    arguments: [
      "Счёт №42 оплачен 👍",
      String(repeating: "Напоминание о блокировке лицевого счёта 🚫📵 ", count: 4),
      "👨‍👩‍👧‍👦 семья",
    ])
  func encodedWords(subject: String) throws {
    let header = MailEncoding.headerText(subject)
    let words = header.components(separatedBy: "\r\n ")
    #expect(words.count == MailEncoding.encodedWords(subject).count)
    var decoded = Data()
    for word in words {
      #expect(word.count <= 75, "\(word) is \(word.count) characters")
      #expect(word.hasPrefix("=?UTF-8?B?") && word.hasSuffix("?="))
      let payload = try #require(Data(base64Encoded: String(word.dropFirst(10).dropLast(2))))
      // Each word must be valid UTF-8 on its own: no character is split between words.
      #expect(String(validating: payload, as: UTF8.self) != nil, "word \(word) splits a character")
      decoded.append(payload)
    }
    #expect(String(decoding: decoded, as: UTF8.self) == subject)
  }

  @Test("a long subject is split into several words")
  func longSubjectIsSplit() {
    #expect(MailEncoding.encodedWords(String(repeating: "ж", count: 100)).count == 5)  // 200 bytes / 45
  }

  @Test("ASCII subjects stay readable; line breaks cannot add headers")
  func asciiSubject() {
    #expect(MailEncoding.headerText("Invoice 42 is paid") == "Invoice 42 is paid")
    #expect(MailEncoding.headerText("Hi\r\nBcc: victim@example.com") == "Hi Bcc: victim@example.com")
    #expect(!MailEncoding.headerText("Привет\nBcc: x@y").contains("\n "))
  }

  @Test("display names: ASCII quoted and escaped, others encoded")
  func mailboxes() {
    #expect(MailEncoding.mailbox(MailAddress("a@b.test")) == "<a@b.test>")
    #expect(
      MailEncoding.mailbox(MailAddress("a@b.test", name: "Billing \"Dept\"")) == "\"Billing \\\"Dept\\\"\" <a@b.test>")
    #expect(
      MailEncoding.mailbox(MailAddress("a@b.test", name: "Абонент")) == "=?UTF-8?B?0JDQsdC+0L3QtdC90YI=?= <a@b.test>")
  }

  @Test("ASCII bodies go as 7bit, others as base64 in lines of 76 that decode back")
  func bodies() throws {
    #expect(MailEncoding.body("Hello\nworld\n") == ("7bit", ["Hello", "world"]))
    let text = String(repeating: "Ваш баланс ниже критического. ", count: 10)
    let (encoding, lines) = MailEncoding.body(text)
    #expect(encoding == "base64")
    #expect(lines.dropLast().allSatisfy { $0.count == 76 })
    let data = try #require(Data(base64Encoded: lines.joined()))
    #expect(String(decoding: data, as: UTF8.self) == text)
  }

  @Test(
    "RFC 5322 dates",
    arguments: [
      (1_730_815_389, "Tue, 05 Nov 2024 14:03:09 +0000"),
      (951_782_400, "Tue, 29 Feb 2000 00:00:00 +0000"),
      (-31_622_400, "Tue, 31 Dec 1968 00:00:00 +0000"),
    ])
  func dates(seconds: Int, expected: String) {
    #expect(MailEncoding.date(Date(timeIntervalSince1970: TimeInterval(seconds))) == expected)
  }

  @Test("the rendered message has the headers a relay expects and CRLF line endings")
  func rendered() {
    let message = OutgoingMessage(
      from: MailAddress("noreply@abonent.test", name: "Abonent"),
      to: [MailAddress("a@b.test"), MailAddress("c@d.test", name: "Анна")],
      subject: "Test", body: "one\ntwo", messageID: "id-1@abonent.test", date: Date(timeIntervalSince1970: 0))
    let text = message.rendered
    #expect(text.hasPrefix("Date: Thu, 01 Jan 1970 00:00:00 +0000\r\nFrom: \"Abonent\" <noreply@abonent.test>\r\n"))
    #expect(text.contains("\r\nTo: <a@b.test>,\r\n =?UTF-8?B?0JDQvdC90LA=?= <c@d.test>\r\n"))
    #expect(text.contains("\r\nMessage-ID: <id-1@abonent.test>\r\n"))
    #expect(
      text.contains(
        "\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 7bit\r\n\r\none\r\ntwo\r\n"))
    #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
  }

  @Test(
    "addresses that could break an SMTP command or a header are refused",
    arguments: [
      ("user@example.com", true), ("a.b+tag@sub.example.org", true),
      ("no-at-sign", false), ("two@@example.com", false), ("@example.com", false), ("user@", false),
      ("a b@example.com", false), ("a@example.com>\r\nRCPT TO:<x@y", false), ("ю@example.com", false),
    ])
  func addressValidation(address: String, valid: Bool) {
    #expect(MailAddress(address).isValid == valid)
  }
}
