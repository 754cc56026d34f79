import NIOCore
import Testing

@testable import Mail

@Suite("SMTP reply parsing")
struct SMTPReplyParserTests {
  func parseAll(_ chunks: [String]) throws -> [SMTPReply] {
    var parser = SMTPReplyParser()
    var buffer = ByteBuffer()
    var replies: [SMTPReply] = []
    for chunk in chunks {
      buffer.writeString(chunk)
      while let reply = try parser.next(from: &buffer) { replies.append(reply) }
    }
    return replies
  }

  @Test("a single-line reply")
  func singleLine() throws {
    #expect(
      try self.parseAll(["220 mx.test ESMTP ready\r\n"]) == [SMTPReply(code: 220, lines: ["mx.test ESMTP ready"])])
  }

  @Test("a multi-line EHLO reply is one reply with every line")
  func multiLine() throws {
    let replies = try self.parseAll([
      "250-mx.test greets you\r\n250-SIZE 1000000\r\n250-STARTTLS\r\n250 AUTH PLAIN LOGIN\r\n"
    ])
    #expect(
      replies == [SMTPReply(code: 250, lines: ["mx.test greets you", "SIZE 1000000", "STARTTLS", "AUTH PLAIN LOGIN"])])
  }

  @Test("replies split anywhere across reads, and two replies in one read")
  func chunked() throws {
    let replies = try self.parseAll(["25", "0-first\r", "\n250 last\r\n354 go", " ahead\r\n221 bye\r\n"])
    #expect(
      replies == [
        SMTPReply(code: 250, lines: ["first", "last"]), SMTPReply(code: 354, lines: ["go ahead"]),
        SMTPReply(code: 221, lines: ["bye"]),
      ])
  }

  @Test("a bare LF ends a line, and a code with no text is a reply")
  func lenient() throws {
    #expect(
      try self.parseAll(["250 ok\n", "250\r\n"]) == [
        SMTPReply(code: 250, lines: ["ok"]), SMTPReply(code: 250, lines: [""]),
      ])
  }

  @Test(
    "garbage, mixed codes and endless lines are errors",
    arguments: [
      "hello\r\n", "25x ok\r\n", "250-one\r\n251 two\r\n", "250_x\r\n", "999 huge\r\n",
      String(repeating: "2", count: 5000),
    ])
  func malformed(input: String) {
    #expect(throws: SMTPError.self) { try self.parseAll([input]) }
  }

  @Test("4xx is transient, 5xx permanent, and only for the mail's own commands")
  func classification() {
    #expect(SMTPError.rejected(SMTPReply(code: 550, lines: ["no"]), after: "RCPT TO").isPermanent)
    #expect(!SMTPError.rejected(SMTPReply(code: 451, lines: ["later"]), after: "RCPT TO").isPermanent)
    #expect(!SMTPError.sessionRefused(SMTPReply(code: 535, lines: ["bad credentials"]), after: "AUTH").isPermanent)
    #expect(!SMTPError.classify(ChannelError.connectPending).isPermanent)
  }
}
