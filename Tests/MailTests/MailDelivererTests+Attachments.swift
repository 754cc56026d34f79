import Foundation
import PostgresNIO
import Storage
import TestSupport
import Testing

@testable import Mail

extension MailDelivererTests {
  func attachmentRowCount(_ database: Database) async throws -> Int {
    try await database.withConnection { connection in
      let rows = try await connection.query("SELECT count(*) FROM mail_attachments", logger: Self.logger)
      return try await rows.decode(Int.self).collect().first ?? 0
    }
  }

  @Test("attachments are queued with the mail, kept byte for byte, and delivered intact")
  func attachmentsThroughTheOutbox() async throws {
    try await TestDatabase.withDatabase { database in
      try await self.migrate(database)
      let sink = try SMTPSink()
      try await sink.start()
      let outbox = MailOutbox(database: database)
      let body = "Счёт NCR-0001 на 1 250,00 ₽ во вложении."
      let invoice = Mail(
        to: [MailAddress("anna@customer.test", name: "Анна")], subject: "Счёт NCR-0001", body: body,
        dedupeKey: "invoice-NCR-0001", attachments: AttachmentSamples.all)
      let queued = try await database.transaction { connection in
        try await MailOutbox.enqueue(invoice, on: connection)
      }
      #expect(queued)
      try await outbox.enqueue(Mail(to: [MailAddress("b@customer.test")], subject: "no files", body: "plain"))

      // The dedupe hit queues nothing: not the mail, and not its (different) attachments.
      var again = invoice
      again.attachments = [AttachmentSamples.details]
      #expect(try await outbox.enqueue(again) == false)
      #expect(try await self.rows(database).count == 2)
      #expect(try await self.attachmentRowCount(database) == AttachmentSamples.all.count)

      // bytea round trip: what the deliverer will send is what was queued.
      let clock = ManualClock()
      let deliverer = try MailDeliverer(
        database: database, settings: self.settings(sink), logger: Self.logger, clock: clock)
      let claimed = try await deliverer.outbox.claimDue(now: clock.now(), leaseUntil: clock.now(), limit: 10)
      #expect(claimed.map(\.attachmentCount) == [AttachmentSamples.all.count, 0])
      #expect(try await deliverer.outbox.attachments(of: claimed[0].id) == AttachmentSamples.all)
      for mail in claimed { try await deliverer.outbox.release(mail.id, at: clock.now()) }

      #expect(try await deliverer.deliverDue() == MailDeliveryRound(sent: 2))
      let mails = try sink.received()
      try #require(mails.count == 2)
      #expect(mails[0].subject == "Счёт NCR-0001" && mails[0].text == body)
      #expect(mails[0].attachments == AttachmentSamples.all.map(AttachmentSamples.received))
      #expect(mails[1].subject == "no files" && mails[1].contentType == "text/plain" && mails[1].attachments.isEmpty)
      #expect(try await self.rows(database).allSatisfy { $0.sentAt != nil && $0.attempts == 1 })

      // The attachments belong to their mail: deleting it (a future clean-up) takes them along.
      try await database.withConnection { connection in
        _ = try await connection.query("DELETE FROM mail_outbox", logger: Self.logger)
      }
      #expect(try await self.attachmentRowCount(database) == 0)
    }
  }

  @Test("a mail with a bad attachment is refused at enqueue, and nothing is queued")
  func refusedAttachments() async throws {
    try await TestDatabase.withDatabase { database in
      try await self.migrate(database)
      let bad = [
        MailAttachment(filename: "a\r\nb.pdf", contentType: "application/pdf", content: [1]),
        MailAttachment(filename: "a.pdf", contentType: "application/pdf; name=\"x.exe\"", content: [1]),
        MailAttachment(
          filename: "big.bin", contentType: "application/octet-stream",
          content: Array(repeating: 0, count: MailAttachment.maxTotalBytes)),
      ]
      for attachment in bad {
        // The good first attachment would be inserted first if validation came after the inserts.
        let mail = Mail(
          to: [MailAddress("a@customer.test")], subject: "s", body: "b",
          attachments: [AttachmentSamples.invoice, attachment])
        await #expect(throws: MailError.self) { try await MailOutbox(database: database).enqueue(mail) }
      }
      #expect(try await self.rows(database).isEmpty)
      #expect(try await self.attachmentRowCount(database) == 0)
    }
  }
}
