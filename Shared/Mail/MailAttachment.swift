/// A file sent with a ``Mail``, e.g. a PDF invoice. The bytes are stored in the outbox with the
/// mail and sent exactly as given, base64-encoded in a `multipart/mixed` message.
public struct MailAttachment: Sendable, Hashable {
  /// The name the recipient's client offers to save it under; any Unicode, at most
  /// ``maxFilenameLength`` characters, no control characters and no `/` or `\`.
  public var filename: String
  /// A MIME `type/subtype` such as `application/pdf`, without parameters.
  public var contentType: String
  public var content: [UInt8]

  public init(filename: String, contentType: String, content: [UInt8]) {
    self.filename = filename
    self.contentType = contentType
    self.content = content
  }

  /// The longest filename accepted, in characters (most file systems allow 255).
  public static let maxFilenameLength = 255

  /// The most attachment bytes one mail may carry, all attachments together: 10 MiB. On the
  /// wire base64 makes that about 13.7 MiB, which is already more than some relays accept
  /// (Postfix's default `message_size_limit` is 10,240,000 bytes); a larger mail would be
  /// rejected by the relay after it was queued, so it is refused when it is queued instead.
  public static let maxTotalBytes = 10 * 1024 * 1024
}

extension MailAttachment {
  /// Whether the filename can be offered to a recipient: nothing that could end a header line
  /// or name another folder (a client that saves it unchecked then writes where it should not).
  var hasValidFilename: Bool {
    !self.filename.isEmpty && self.filename.count <= Self.maxFilenameLength
      && self.filename.unicodeScalars.allSatisfy {
        $0.properties.generalCategory != .control && $0 != "/" && $0 != "\\"
      }
  }

  /// Whether the content type is a bare RFC 2045 `type/subtype`: two non-empty tokens, so that
  /// nothing (a `;` parameter, a line break) can be smuggled into the header it is written to.
  var hasValidContentType: Bool {
    let parts = self.contentType.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
    return parts.count == 2 && parts.allSatisfy { !$0.isEmpty && $0.count <= 127 && $0.allSatisfy(Self.isTokenByte) }
  }

  /// RFC 2045 `token`: printable ASCII other than space and the `tspecials`.
  static func isTokenByte(_ byte: UInt8) -> Bool {
    byte > 0x20 && byte < 0x7F && !"()<>@,;:\\\"/[]?=".utf8.contains(byte)
  }
}
