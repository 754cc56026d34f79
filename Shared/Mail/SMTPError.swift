/// Why an SMTP attempt failed, and whether trying again could help. Only a 5xx answer to the
/// mail itself (MAIL FROM, RCPT TO, DATA) is permanent; a relay that is down, slow, refuses our
/// credentials or our TLS is a transient problem of ours, and the mail waits for it to be fixed.
public struct SMTPError: Error, Sendable, Equatable, CustomStringConvertible {
  public var isPermanent: Bool
  public var message: String

  package init(isPermanent: Bool, message: String) {
    self.isPermanent = isPermanent
    self.message = message
  }

  package static func transient(_ message: String) -> Self { Self(isPermanent: false, message: message) }

  package static func malformedReply(_ detail: String) -> Self {
    .transient("malformed reply from the relay: \(detail)")
  }

  /// A refusal of the mail: permanent for 5xx, transient otherwise.
  package static func rejected(_ reply: SMTPReply, after command: String) -> Self {
    Self(isPermanent: reply.isPermanentFailure, message: "\(command) rejected: \(reply)")
  }

  /// A refusal that concerns the session, not the mail: never permanent.
  package static func sessionRefused(_ reply: SMTPReply, after command: String) -> Self {
    .transient("\(command) rejected: \(reply)")
  }

  /// Any error of an attempt as an ``SMTPError``: socket, TLS and other errors are transient.
  package static func classify(_ error: any Error) -> Self {
    (error as? SMTPError) ?? .transient("\(error)")
  }

  public var description: String { self.message }
}
