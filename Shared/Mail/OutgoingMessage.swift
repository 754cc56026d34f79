#if canImport(FoundationEssentials)
package import FoundationEssentials
#else
package import Foundation
#endif

/// A mail ready for the SMTP envelope and DATA: rendered from an outbox row at send time, with
/// the Message-ID and Date fixed at enqueue so that every retry sends the same message.
package struct OutgoingMessage: Sendable {
  package var from: MailAddress
  package var to: [MailAddress]
  package var subject: String
  package var body: String
  package var messageID: String
  package var date: Date

  package init(from: MailAddress, to: [MailAddress], subject: String, body: String, messageID: String, date: Date) {
    self.from = from
    self.to = to
    self.subject = subject
    self.body = body
    self.messageID = messageID
    self.date = date
  }

  /// The RFC 5322 message, CRLF line endings, not yet dot-stuffed.
  package var rendered: String {
    let body = MailEncoding.body(self.body)
    let headers = [
      "Date: \(MailEncoding.date(self.date))",
      "From: \(MailEncoding.mailbox(self.from))",
      "To: " + self.to.map(MailEncoding.mailbox).joined(separator: ",\r\n "),
      "Subject: \(MailEncoding.headerText(self.subject))",
      "Message-ID: <\(self.messageID)>",
      "MIME-Version: 1.0",
      "Content-Type: text/plain; charset=utf-8",
      "Content-Transfer-Encoding: \(body.encoding)",
    ]
    return headers.joined(separator: "\r\n") + "\r\n\r\n" + body.lines.joined(separator: "\r\n") + "\r\n"
  }
}
