import BillingAPI
import Logging
import Mail
import PostgresNIO
import Storage

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

extension Billing {
  /// Queues a mail, composed for the customer's name, to the contact address of `account`'s
  /// customer in the caller's transaction, with `attachments`. A customer without an address is
  /// logged and skipped.
  func mailCustomer(
    of account: AccountRow, dedupeKey: String, attachments: [Document] = [], on connection: PostgresConnection,
    _ compose: (_ customerName: String) -> (subject: String, body: String)
  ) async throws {
    let contacts = try await connection.query(
      "SELECT email, name FROM customers WHERE id = \(account.customerID)", logger: self.logger
    ).decode((String, String).self).collect()
    guard let (email, name) = contacts.first, !email.isEmpty else {
      self.logger.warning(
        "no e-mail for a customer", metadata: ["account": "\(account.number)", "mail": "\(dedupeKey)"])
      return
    }
    try await self.queueMail(
      compose(name), to: email, name: name, dedupeKey: dedupeKey, attachments: attachments, on: connection)
  }

  /// Queues `mail` in the caller's transaction; once per `dedupeKey`.
  func queueMail(
    _ mail: (subject: String, body: String), to email: String, name: String, dedupeKey: String,
    attachments: [Document] = [],
    on connection: PostgresConnection
  ) async throws {
    try await MailOutbox.enqueue(
      Mail(
        to: [MailAddress(email, name: name)], subject: mail.subject, body: mail.body, dedupeKey: dedupeKey,
        attachments: attachments.map {
          MailAttachment(filename: $0.fileName, contentType: $0.mediaType, content: Array($0.content))
        }),
      on: connection, logger: self.logger)
  }
}
