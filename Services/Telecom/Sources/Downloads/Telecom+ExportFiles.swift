import Mail
import PostgresNIO
import Spreadsheets
import Storage

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// What the number and call exports share (docs/telecom.md, "Usage reports and downloads"):
/// a job that gives its task up as failed after its last attempt, and one transaction that
/// stores the file in the owner's Downloads, ends the task and queues the mail, keyed by the
/// task so that a job run again makes neither twice.
extension Telecom {
  /// Runs an export job's `body` for its task; after the last attempt fails, the task ends failed.
  func runExport(_ job: LeasedJob, _ body: (UUID) async throws -> Void) async throws {
    guard let id = UUID(uuidString: job.job.key) else { return }
    do {
      try await body(id)
    } catch let error where !(error is JobLeaseLost) && job.job.attempt >= Self.usageExportAttempts {
      self.logger.error("export given up", metadata: ["kind": "\(job.job.kind)", "task": "\(id)", "error": "\(error)"])
      try? await job.transaction { connection in
        try await self.finishTask(
          id: id, state: .failed, result: "", message: "The file could not be made; please try again.",
          on: connection)
      }
      throw error
    }
  }

  /// A finished export's file, task and mail, in the caller's transaction; `what` names the
  /// rows for people ("120 call records").
  func deliverExport(
    _ id: UUID, owner: ExportOwner, workbook: XLSXWorkbook, fileName: String, what: String, email: String,
    subject: String, on connection: PostgresConnection
  ) async throws {
    let bytes = try workbook.render()
    let download = try await self.storeDownload(
      taskID: id, userID: owner.userID, organization: owner.organization, fileName: fileName,
      contentType: Self.spreadsheetType, bytes: bytes, on: connection)
    let until = self.localDate(self.now.adding(.seconds(Int64(self.settings.downloadsKeepDays) * 86_400)))
    try await self.finishTask(
      id: id, state: .finished, result: download.uuidString.lowercased(),
      message: "\(fileName): \(what), in your Downloads until \(until).", on: connection)
    let attach = bytes.count <= MailAttachment.maxTotalBytes
    try await MailOutbox.enqueue(
      Mail(
        to: [MailAddress(email)], subject: subject,
        body:
          "Здравствуйте!\n\n\(subject): \(what). Файл \(fileName) "
          + (attach ? "приложен к письму и " : "") + "лежит в разделе «Загрузки» до \(until).\n\n"
          + "Письмо отправлено автоматически.",
        dedupeKey: "export:\(id.uuidString.lowercased())",
        attachments: attach
          ? [MailAttachment(filename: fileName, contentType: Self.spreadsheetType, content: bytes)] : []),
      on: connection, logger: self.logger)
  }
}
