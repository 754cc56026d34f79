import Logging
import NIOCore
import PostgresNIO
import Storage

#if canImport(FoundationEssentials)
  package import FoundationEssentials
#else
  package import Foundation
#endif

/// A queued mail claimed for one delivery attempt.
package struct ClaimedMail: Sendable {
  package var id: Int64
  package var messageID: UUID
  package var to: [MailAddress]
  package var subject: String
  package var body: String
  package var createdAt: Date
  /// Attempts so far, this one included.
  package var attempts: Int
  /// How many rows of `mail_attachments` the mail has; ``MailOutbox/attachments(of:)`` loads them.
  package var attachmentCount: Int

  func message(from sender: MailAddress, attachments: [MailAttachment] = []) -> OutgoingMessage {
    let domain = sender.address.split(separator: "@").last.map(String.init) ?? "localhost"
    return OutgoingMessage(
      from: sender, to: self.to, subject: self.subject, body: self.body,
      messageID: "\(self.messageID.uuidString.lowercased())@\(domain)", date: self.createdAt, attachments: attachments)
  }
}

/// The deliverer's side of the outbox: each statement is its own short transaction, and no
/// transaction is open while the relay is talked to.
extension MailOutbox {
  /// Claims up to `limit` due mails: rows another replica holds locked are skipped, and the
  /// claimed ones are hidden until `leaseUntil`, so N replicas never send one mail in parallel.
  /// The attempt is counted now, so a mail that kills its worker still runs out of attempts.
  package func claimDue(now: Date, leaseUntil: Date, limit: Int) async throws -> [ClaimedMail] {
    let logger = self.database.logger
    return try await self.database.withConnection { connection in
      let rows = try await connection.query(
        """
        UPDATE mail_outbox SET attempts = attempts + 1, next_attempt_at = \(leaseUntil)
        WHERE id IN (
          SELECT id FROM mail_outbox
          WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= \(now)
          ORDER BY next_attempt_at, id
          LIMIT \(limit)
          FOR UPDATE SKIP LOCKED)
        RETURNING id, message_id, recipients, recipient_names, subject, body, created_at, attempts,
          (SELECT count(*) FROM mail_attachments WHERE mail_id = mail_outbox.id)
        """, logger: logger)
      var claimed: [ClaimedMail] = []
      for try await (id, messageID, addresses, names, subject, body, createdAt, attempts, attachmentCount)
        in rows.decode(
          (Int64, UUID, [String], [String], String, String, Date, Int, Int).self)
      {
        let to = zip(addresses, names).map { MailAddress($0, name: $1.isEmpty ? nil : $1) }
        claimed.append(
          ClaimedMail(
            id: id, messageID: messageID, to: to, subject: subject, body: body, createdAt: createdAt,
            attempts: attempts,
            attachmentCount: attachmentCount))
      }
      return claimed.sorted { $0.id < $1.id }
    }
  }

  /// The attachments of mail `id`, in order, bytes as queued. Loaded for one mail at a time,
  /// just before it is sent: a claimed batch of mails with 10 MiB each is never in memory at once.
  package func attachments(of id: Int64) async throws -> [MailAttachment] {
    let logger = self.database.logger
    return try await self.database.withConnection { connection in
      let rows = try await connection.query(
        "SELECT filename, content_type, content FROM mail_attachments WHERE mail_id = \(id) ORDER BY position",
        logger: logger)
      var attachments: [MailAttachment] = []
      for try await (filename, contentType, content) in rows.decode((String, String, ByteBuffer).self) {
        attachments.append(
          MailAttachment(filename: filename, contentType: contentType, content: Array(content.readableBytesView)))
      }
      return attachments
    }
  }

  package func markSent(_ id: Int64, at time: Date) async throws {
    try await self.update("UPDATE mail_outbox SET sent_at = \(time), last_error = NULL WHERE id = \(id)")
  }

  /// Gives the mail up: it will not be tried again.
  package func markFailed(_ id: Int64, at time: Date, error: String) async throws {
    try await self.update("UPDATE mail_outbox SET failed_at = \(time), last_error = \(error) WHERE id = \(id)")
  }

  package func scheduleRetry(_ id: Int64, at time: Date, error: String) async throws {
    try await self.update("UPDATE mail_outbox SET next_attempt_at = \(time), last_error = \(error) WHERE id = \(id)")
  }

  /// Returns a claimed mail that was not tried (its session broke first) without counting it.
  package func release(_ id: Int64, at time: Date) async throws {
    try await self.update("UPDATE mail_outbox SET next_attempt_at = \(time), attempts = attempts - 1 WHERE id = \(id)")
  }

  func update(_ query: PostgresQuery) async throws {
    let logger = self.database.logger
    try await self.database.withConnection { connection in
      _ = try await connection.query(query, logger: logger)
    }
  }
}
