public import Logging
import NIOCore
public import PostgresNIO
public import Storage

/// The durable mail queue in the service's own database. A mail is queued in the same
/// transaction as the change it reports, so it is sent if and only if that change commits;
/// ``MailDeliverer`` sends it later, retrying while the relay is down. The Message-ID is fixed
/// here (a UUID at the sender's domain), so a mail sent twice after a crash can be recognised.
public struct MailOutbox: Sendable {
  public let database: Database

  public init(database: Database) {
    self.database = database
  }

  /// The outbox and attachment tables; add these to the service's migrations. Versions 30–39 are the mail's.
  /// Each version in its own file under `Migrations/`.
  public static let migrations = [v30MailOutbox, v31MailAttachments]

  /// Queues `mail`, attachments included, inside the caller's transaction on `connection`.
  /// Returns false when a mail with the same ``Mail/dedupeKey`` is already queued (or sent), in
  /// which case nothing changes.
  /// Throws ``MailError`` for a mail that could never be sent.
  @discardableResult
  public static func enqueue(
    _ mail: Mail, on connection: PostgresConnection, logger: Logger = Logger(label: "abonent.mail")
  ) async throws -> Bool {
    try mail.validate()
    let addresses = mail.to.map(\.address)
    let names = mail.to.map { $0.name ?? "" }
    let rows = try await connection.query(
      """
      INSERT INTO mail_outbox (dedupe_key, recipients, recipient_names, subject, body)
      VALUES (\(mail.dedupeKey), \(addresses), \(names), \(mail.subject), \(mail.body))
      ON CONFLICT (dedupe_key) DO NOTHING
      RETURNING id
      """, logger: logger)
    guard let id = try await rows.decode(Int64.self).collect().first else { return false }
    for (position, attachment) in mail.attachments.enumerated() {
      // A ByteBuffer binds as bytea; a [UInt8] would be ambiguous with PostgresNIO's char[] arrays.
      try await connection.query(
        """
        INSERT INTO mail_attachments (mail_id, position, filename, content_type, content)
        VALUES (\(id), \(Int32(position)), \(attachment.filename), \(attachment.contentType), \(ByteBuffer(bytes: attachment.content)))
        """, logger: logger)
    }
    return true
  }

  /// Queues `mail` in a transaction of its own; for mail that reports no database change.
  @discardableResult
  public func enqueue(_ mail: Mail) async throws -> Bool {
    let logger = self.database.logger
    return try await self.database.transaction { connection in
      try await Self.enqueue(mail, on: connection, logger: logger)
    }
  }
}
