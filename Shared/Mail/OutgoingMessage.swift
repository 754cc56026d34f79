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
  package var attachments: [MailAttachment]

  package init(
    from: MailAddress, to: [MailAddress], subject: String, body: String, messageID: String, date: Date,
    attachments: [MailAttachment] = []
  ) {
    self.from = from
    self.to = to
    self.subject = subject
    self.body = body
    self.messageID = messageID
    self.date = date
    self.attachments = attachments
  }

  /// The RFC 5322 message, CRLF line endings, not yet dot-stuffed: a single text/plain part, or
  /// with attachments a `multipart/mixed` whose first part is that same text.
  package var rendered: String {
    self.rendered(makeBoundary: MailEncoding.boundary(avoiding:))
  }

  /// `makeBoundary` picks the multipart boundary, given the text part's lines; tests fix it.
  func rendered(makeBoundary: ([String]) -> String) -> String {
    let body = MailEncoding.body(self.body)
    var headers = [
      "Date: \(MailEncoding.date(self.date))",
      "From: \(MailEncoding.mailbox(self.from))",
      "To: " + self.to.map(MailEncoding.mailbox).joined(separator: ",\r\n "),
      "Subject: \(MailEncoding.headerText(self.subject))",
      "Message-ID: <\(self.messageID)>",
      "MIME-Version: 1.0",
    ]
    let lines: [String]
    if self.attachments.isEmpty {
      headers += ["Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: \(body.encoding)"]
      lines = body.lines
    } else {
      let boundary = makeBoundary(body.lines)
      headers.append("Content-Type: multipart/mixed; boundary=\"\(boundary)\"")
      lines = MailEncoding.multipartMixed(text: body, attachments: self.attachments, boundary: boundary)
    }
    return headers.joined(separator: "\r\n") + "\r\n\r\n" + lines.joined(separator: "\r\n") + "\r\n"
  }
}
