import Logging
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

  func message(from sender: MailAddress) -> OutgoingMessage {
    let domain = sender.address.split(separator: "@").last.map(String.init) ?? "localhost"
    return OutgoingMessage(
      from: sender, to: self.to, subject: self.subject, body: self.body,
      messageID: "\(self.messageID.uuidString.lowercased())@\(domain)", date: self.createdAt)
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
        RETURNING id, message_id, recipients, recipient_names, subject, body, created_at, attempts
        """, logger: logger)
      var claimed: [ClaimedMail] = []
      for try await (id, messageID, addresses, names, subject, body, createdAt, attempts) in rows.decode(
        (Int64, UUID, [String], [String], String, String, Date, Int).self)
      {
        let to = zip(addresses, names).map { MailAddress($0, name: $1.isEmpty ? nil : $1) }
        claimed.append(ClaimedMail(
          id: id, messageID: messageID, to: to, subject: subject, body: body, createdAt: createdAt, attempts: attempts))
      }
      return claimed.sorted { $0.id < $1.id }
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
