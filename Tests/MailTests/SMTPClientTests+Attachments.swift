import Foundation
import TestSupport
import Testing

@testable import Mail

extension SMTPClientTests {
  @Test(
    "attachments arrive with their names, types and exact bytes as Python's email package reads them; the text stays the body"
  )
  func attachments() async throws {
    let sink = try SMTPSink()
    try await sink.start()
    let body = "Здравствуйте!\nСчёт NCR-0001 во вложении.\n.\nС уважением, Абонент."
    var message = self.message(subject: "Счёт NCR-0001", body: body)
    message.attachments = AttachmentSamples.all
    try await self.client(sink).withSession { session in
      try await session.send(message)
      // A plain mail after one with attachments, over the same session, is unchanged.
      try await session.send(self.message(subject: "plain", body: "no files"))
    }
    let mails = try sink.received()
    try #require(mails.count == 2)
    #expect(mails[0].subject == "Счёт NCR-0001")
    #expect(mails[0].contentType == "multipart/mixed")
    #expect(mails[0].text == body)
    #expect(mails[0].attachments == AttachmentSamples.all.map(AttachmentSamples.received))
    #expect(mails[1].contentType == "text/plain" && mails[1].text == "no files" && mails[1].attachments.isEmpty)
  }
}
