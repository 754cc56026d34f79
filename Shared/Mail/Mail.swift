/// One mail to queue: who gets it, its subject, its plain-text body and any files attached.
/// The sender is the relay's configured `From` (``MailSettings/from``), so callers cannot forge it.
public struct Mail: Sendable, Hashable {
  public var to: [MailAddress]
  /// Any Unicode; sent as RFC 2047 encoded-words when it is not plain ASCII.
  public var subject: String
  /// Any Unicode text; lines may end in `\n` or `\r\n` (sent as CRLF).
  public var body: String
  /// When set, a second ``MailOutbox/enqueue(_:on:logger:)`` with the same key queues nothing:
  /// a retried request or a repeated job then sends one mail, not two.
  public var dedupeKey: String?
  /// Files sent after the body, in this order; together at most ``MailAttachment/maxTotalBytes``.
  public var attachments: [MailAttachment]

  public init(
    to: [MailAddress], subject: String, body: String, dedupeKey: String? = nil, attachments: [MailAttachment] = []
  ) {
    self.to = to
    self.subject = subject
    self.body = body
    self.dedupeKey = dedupeKey
    self.attachments = attachments
  }
}

/// A mailbox: an ASCII address and an optional display name (any Unicode).
public struct MailAddress: Sendable, Hashable, CustomStringConvertible {
  public var address: String
  public var name: String?

  public init(_ address: String, name: String? = nil) {
    self.address = address
    self.name = name
  }

  /// Whether the address can go into an SMTP command and a header unchanged: one `@`, both
  /// sides non-empty, printable ASCII without spaces, angle brackets or quotes. Internationalized
  /// addresses (SMTPUTF8) are not supported.
  public var isValid: Bool {
    let parts = self.address.split(separator: "@", omittingEmptySubsequences: false)
    guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty, self.address.utf8.count <= 254 else { return false }
    return self.address.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F && !"<>\"(),;:\\[]".utf8.contains($0) }
  }

  public var description: String { self.address }
}

/// A mail that cannot be queued as given.
public enum MailError: Error, Equatable, CustomStringConvertible {
  case noRecipients
  case invalidAddress(String)
  /// Empty, too long, or with a control character or a path separator.
  case invalidAttachmentFilename(String)
  /// Not a bare `type/subtype`.
  case invalidAttachmentContentType(String)
  /// The attachments' bytes together exceed ``MailAttachment/maxTotalBytes``.
  case attachmentsTooLarge(bytes: Int, limit: Int)

  public var description: String {
    switch self {
    case .noRecipients: "a mail needs at least one recipient"
    case .invalidAddress(let address): "'\(address)' is not a valid mail address"
    // debugDescription: quoted, with control characters escaped, so a log line stays one line.
    case .invalidAttachmentFilename(let name):
      "attachment filename \(name.debugDescription) is empty, longer than \(MailAttachment.maxFilenameLength) "
        + "characters, or has a control character, '/' or '\\'"
    case .invalidAttachmentContentType(let type):
      "attachment content type \(type.debugDescription) is not a MIME type/subtype"
    case .attachmentsTooLarge(let bytes, let limit):
      "attachments of \(bytes) bytes exceed the limit of \(limit) bytes per mail"
    }
  }
}

extension Mail {
  /// Throws ``MailError`` if the mail could never be sent.
  func validate() throws(MailError) {
    guard !self.to.isEmpty else { throw .noRecipients }
    for recipient in self.to where !recipient.isValid {
      throw .invalidAddress(recipient.address)
    }
    for attachment in self.attachments {
      guard attachment.hasValidFilename else { throw .invalidAttachmentFilename(attachment.filename) }
      guard attachment.hasValidContentType else { throw .invalidAttachmentContentType(attachment.contentType) }
    }
    let total = self.attachments.reduce(0) { $0 + $1.content.count }
    guard total <= MailAttachment.maxTotalBytes else {
      throw .attachmentsTooLarge(bytes: total, limit: MailAttachment.maxTotalBytes)
    }
  }
}
