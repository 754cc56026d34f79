import Foundation
import Logging
import TestSupport
import Testing

@testable import Mail

@Suite(
  "SMTP client against aiosmtpd on loopback",
  .enabled(if: SMTPSink.python != nil, "set ABONENT_TEST_PYTHON to a Python with aiosmtpd (scripts/test.sh does)"))
struct SMTPClientTests {
  static let sender = MailAddress("noreply@abonent.test", name: "Абонент · Billing")

  func message(to: String = "anna@customer.test", subject: String, body: String) -> OutgoingMessage {
    OutgoingMessage(
      from: Self.sender, to: [MailAddress(to, name: "Анна Петрова")], subject: subject, body: body,
      messageID: "\(UUID().uuidString.lowercased())@abonent.test", date: Date())
  }

  func client(_ sink: SMTPSink, configure: (inout MailSettings) -> Void = { _ in }) throws -> SMTPClient {
    var settings = MailSettings(host: "127.0.0.1", port: sink.port, from: Self.sender)
    // Generous: the refusals under test come from the server's answers, not from timeouts, and
    // the whole suite shares two cores.
    settings.timeout = .seconds(30)
    configure(&settings)
    return try SMTPClient(settings: settings, logger: Logger(label: "smtp-test"))
  }

  @Test("a UTF-8 message arrives with subject, body and names that Python's email package decodes back")
  func utf8Message() async throws {
    let sink = try SMTPSink()
    try await sink.start()
    let subject = "Счёт №42 оплачен 👍 — спасибо, что выбираете нас! " + String(repeating: "ё", count: 40)
    let body = "Здравствуйте!\nБаланс: 1 250,00 ₽ 💰\n.\n..точки в начале строк\nКонец."
    try await self.client(sink).withSession { session in
      try await session.send(self.message(subject: subject, body: body))
    }
    let mails = try sink.received()
    try #require(mails.count == 1)
    let mail = mails[0]
    #expect(mail.subject == subject)
    #expect(mail.text == body)
    #expect(mail.mailFrom == "noreply@abonent.test" && mail.rcptTos == ["anna@customer.test"])
    #expect(mail.from == "Абонент · Billing <noreply@abonent.test>")
    #expect(mail.to == "Анна Петрова <anna@customer.test>")
    #expect(mail.contentType == "text/plain" && mail.charset == "utf-8" && mail.transferEncoding == "base64")
    #expect(mail.messageId.hasSuffix("@abonent.test>"))
    // The subject on the wire: encoded-words only, none over 75 characters.
    let subjectLines = mail.raw.components(separatedBy: "\r\n").drop { !$0.hasPrefix("Subject:") }.prefix {
      !$0.contains(":") || $0.hasPrefix("Subject:")
    }
    let words = subjectLines.joined().replacingOccurrences(of: "Subject:", with: "").split(separator: " ")
    #expect(words.count > 1)
    #expect(words.allSatisfy { $0.hasPrefix("=?UTF-8?B?") && $0.count <= 75 })
  }

  @Test("an ASCII body with dot-led lines survives DATA intact (dot-stuffing on the wire)")
  func dotStuffing() async throws {
    let sink = try SMTPSink()
    try await sink.start()
    let body = "Line one\n.\n.hidden\n..two dots\nlast"
    try await self.client(sink).withSession { session in
      try await session.send(self.message(subject: "dots", body: body))
    }
    let mails = try sink.received()
    try #require(mails.count == 1)
    #expect(mails[0].transferEncoding == "7bit")
    #expect(mails[0].text == body)
    #expect(mails[0].raw.contains("\r\n.\r\n.hidden\r\n..two dots\r\n"))
  }

  @Test("AUTH with the right credentials delivers", arguments: ["PLAIN", "LOGIN"])
  func authenticated(mechanism: String) async throws {
    let sink = try SMTPSink(options: ["--auth", "robot:pa:ss", "--auth-mechanisms", mechanism])
    try await sink.start()
    let client = try self.client(sink) {
      $0.user = "robot"
      $0.password = "pa:ss"
    }
    try await client.withSession { session in
      try await session.send(self.message(subject: "auth \(mechanism)", body: "ok"))
    }
    let mails = try sink.received()
    #expect(mails.map(\.subject) == ["auth \(mechanism)"])
    #expect(mails.first?.authenticated == true)
  }

  @Test("wrong credentials are a transient failure and send nothing")
  func wrongPassword() async throws {
    let sink = try SMTPSink(options: ["--auth", "robot:right"])
    try await sink.start()
    let client = try self.client(sink) {
      $0.user = "robot"
      $0.password = "wrong"
    }
    let error = await #expect(throws: SMTPError.self) {
      try await client.withSession { session in try await session.send(self.message(subject: "x", body: "x")) }
    }
    #expect(error?.isPermanent == false)
    #expect(error?.message.contains("535") == true)
    #expect(try sink.received().isEmpty)
  }

  @Test("STARTTLS: the message travels encrypted, verified against the configured CA")
  func startTLS() async throws {
    let sink = try SMTPSink(options: [
      "--tls-cert", Fixtures.serverCertificate, "--tls-key", Fixtures.serverKey, "--require-starttls",
    ])
    try await sink.start()
    let client = try self.client(sink) {
      $0.tls = .requiredStartTLS
      $0.tlsCAFile = Fixtures.caCertificate
    }
    try await client.withSession { session in try await session.send(self.message(subject: "секрет", body: "tls")) }
    let mails = try sink.received()
    try #require(mails.count == 1)
    #expect(mails[0].tls)
    #expect(mails[0].subject == "секрет")
  }

  @Test("STARTTLS with an untrusted certificate fails, transiently, before anything is sent")
  func untrustedCertificate() async throws {
    let sink = try SMTPSink(options: ["--tls-cert", Fixtures.serverCertificate, "--tls-key", Fixtures.serverKey])
    try await sink.start()
    let client = try self.client(sink) {
      $0.tls = .startTLS
      $0.tlsCAFile = Fixtures.path("other-ca.pem")
    }
    let error = await #expect(throws: SMTPError.self) {
      try await client.withSession { session in try await session.send(self.message(subject: "x", body: "x")) }
    }
    #expect(error?.isPermanent == false)
    #expect(try sink.received().isEmpty)
  }

  @Test("required-starttls refuses a relay that does not offer it")
  func requiredTLSNotOffered() async throws {
    let sink = try SMTPSink()
    try await sink.start()
    let client = try self.client(sink) { $0.tls = .requiredStartTLS }
    let error = await #expect(throws: SMTPError.self) {
      try await client.withSession { session in try await session.send(self.message(subject: "x", body: "x")) }
    }
    #expect(error?.message.contains("STARTTLS") == true)
    #expect(try sink.received().isEmpty)
  }

  @Test("a 550 for one recipient is permanent, and the session goes on with the next message")
  func permanentRejection() async throws {
    let sink = try SMTPSink(options: ["--reject-domain", "rejected.test"])
    try await sink.start()
    try await self.client(sink).withSession { session in
      let error = await #expect(throws: SMTPError.self) {
        try await session.send(self.message(to: "ghost@rejected.test", subject: "lost", body: "x"))
      }
      #expect(error?.isPermanent == true)
      #expect(error?.message.contains("550") == true)
      try await session.send(self.message(subject: "after", body: "y"))
    }
    #expect(try sink.received().map(\.subject) == ["after"])
    #expect(sink.rejections() == ["ghost@rejected.test"])
  }

  @Test("no server on the port: a transient connection failure")
  func nothingListening() async throws {
    let sink = try SMTPSink()  // never started
    let error = await #expect(throws: SMTPError.self) {
      try await self.client(sink).withSession { _ in }
    }
    #expect(error?.isPermanent == false)
  }
}
