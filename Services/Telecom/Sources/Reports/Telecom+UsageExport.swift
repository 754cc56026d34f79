import GRPCCore
import Logging
import Mail
import PostgresNIO
import RPC
import Spreadsheets
import Storage
import TelecomAPI
import WireCodec

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

extension TelecomError {
  static func exportTooLarge(rows: Int64, limit: Int) -> TelecomError {
    TelecomError(
      code: .failedPrecondition, reason: "EXPORT_TOO_LARGE",
      message: "The report has \(rows) rows; a file holds at most \(limit). Narrow the days or the SIMs.")
  }
}

/// "Download" of a usage report (docs/telecom.md, "Usage reports and downloads"): the request
/// is checked and its rows counted at once, then a task and its job are queued together. The
/// job reads the report a page at a time outside any transaction, writes the workbook, and in
/// one transaction stores the file in the owner's Downloads, ends the task (which rings the
/// bell) and queues the e-mail, with the file attached when it fits in a mail. A job run again
/// after a crash finds the task ended and does nothing; the file and the mail are keyed by the
/// task, so neither is made twice.
extension Telecom {
  static let usageExportJob = "telecom.usage-export"
  /// Runs before the task is given up as failed.
  static let usageExportAttempts = 5
  /// Rows read per query while the file is written.
  static let exportPageSize = 2_000
  static let spreadsheetType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

  func exportUsageReport(_ request: ExportUsageReportRequest, caller: Caller) async throws -> ExportUsageReportReply {
    try caller.require(TelecomPermission.reportsRead)
    var violations: [FieldViolation] = []
    var query: UsageReportQuery?
    do {
      query = try self.reportQuery(request.report, caller: caller)
    } catch let failure as ValidationFailure {
      violations += failure.violations.map { FieldViolation("report.\($0.field)", $0.reason, $0.message) }
    }
    if !MailAddress(request.email).isValid {
      violations.append(FieldViolation("email", "INVALID", "Give the e-mail address to tell when the file is ready."))
    }
    try ValidationFailure.check(violations)
    guard let query else { return ExportUsageReportReply() }
    let limit = self.settings.exportMaximumRows
    let id = UUID()
    try await self.database.transaction { connection in
      let rows = try await self.usageReportTotals(query, on: connection).rows
      guard rows <= Int64(limit) else { throw TelecomError.exportTooLarge(rows: rows, limit: limit) }
      try await self.createTask(
        id: id, kind: .export, title: "Usage report \(query.title) \(query.period)", total: rows, caller: caller,
        on: connection)
      try await JobQueue.enqueue(
        JobRequest(kind: Self.usageExportJob, key: id.uuidString, payload: request.wireEncoded(), runAt: self.now),
        on: connection, logger: self.logger)
    }
    return ExportUsageReportReply(taskID: id.uuidString.lowercased())
  }

  func runUsageExport(_ job: LeasedJob) async throws {
    try await self.runExport(job) { id in try await self.export(id, job: job) }
  }

  private func export(_ id: UUID, job: LeasedJob) async throws {
    let request = try ExportUsageReportRequest(wireEncoded: job.job.payload)
    guard let owner = try await job.transaction({ try await self.exportOwner(task: id, on: $0) }) else { return }
    let query = try UsageReportQuery(
      request.report, organization: owner.organization, timeZone: self.settings.reportTimeZone)
    var book = UsageReportWorkbook(query: query)
    let limit = self.settings.exportMaximumRows
    var after: UsageReportCursor?
    var more: Int64 = 0
    while true {
      let cursor = after
      let page = try await self.database.withConnection { connection in
        try await self.usageReportRows(query, after: cursor, limit: Self.exportPageSize, on: connection)
      }
      if book.rows.count + page.count > limit {
        // Usage that arrived since the request pushed the report past the limit: the file
        // holds the first rows and says how many more there were.
        for row in page.prefix(limit - book.rows.count) { book.append(row) }
        let total = try await self.database.withConnection { try await self.usageReportTotals(query, on: $0).rows }
        more = max(1, total - Int64(limit))
        break
      }
      for row in page { book.append(row) }
      guard page.count == Self.exportPageSize, let last = page.last else { break }
      after = query.template == .days ? .day(last) : .record(start: last.start, id: last.id)
      let done = Int64(book.rows.count)
      guard try await job.transaction({ try await self.exportGoesOn(id, done: done, on: $0) }) else { return }
    }
    let bytes = try book.workbook(more: more).render()
    let (rows, left) = (book.rows.count, more)
    try await job.transaction { connection in
      guard try await self.exportGoesOn(id, done: Int64(rows), on: connection) else { return }
      try await self.finishExport(
        id, owner: owner, query: query, email: request.email, bytes: bytes, rows: rows, more: left, on: connection)
    }
  }

  /// Stores the file, ends the task and queues the mail, all in the caller's transaction.
  private func finishExport(
    _ id: UUID, owner: ExportOwner, query: UsageReportQuery, email: String, bytes: [UInt8], rows: Int, more: Int64,
    on connection: PostgresConnection
  ) async throws {
    let download = try await self.storeDownload(
      taskID: id, userID: owner.userID, organization: owner.organization, fileName: query.fileName,
      contentType: Self.spreadsheetType, bytes: bytes, on: connection)
    let until = self.localDate(self.now.adding(.seconds(Int64(self.settings.downloadsKeepDays) * 86_400)))
    var message = "\(query.fileName): \(rows) rows, in your Downloads until \(until)."
    if more > 0 { message += " \(more) more rows did not fit; narrow the days or the SIMs." }
    try await self.finishTask(
      id: id, state: .finished, result: download.uuidString.lowercased(), message: message, on: connection)
    let attach = bytes.count <= MailAttachment.maxTotalBytes
    try await MailOutbox.enqueue(
      Mail(
        to: [MailAddress(email)], subject: "Отчёт готов: \(query.title) за \(query.period)",
        body: Self.exportMail(query: query, rows: rows, more: more, until: until, attached: attach),
        dedupeKey: "\(Self.usageExportJob):\(id.uuidString.lowercased())",
        attachments: attach
          ? [MailAttachment(filename: query.fileName, contentType: Self.spreadsheetType, content: bytes)] : []),
      on: connection, logger: self.logger)
  }

  /// The ready notice. The file goes with it when it fits in a mail (10 MiB); it is in
  /// Downloads either way.
  static func exportMail(query: UsageReportQuery, rows: Int, more: Int64, until: String, attached: Bool) -> String {
    var lines = [
      "Здравствуйте!", "",
      "Отчёт «\(query.title)» за \(query.period) (часовой пояс \(query.timeZone)) готов: \(rows) строк.",
    ]
    if more > 0 { lines.append("Ещё \(more) строк не поместились в файл: сузьте период или выбор SIM-карт.") }
    lines.append(
      attached
        ? "Файл \(query.fileName) приложен к письму и лежит в разделе «Загрузки» личного кабинета до \(until)."
        : "Файл \(query.fileName) слишком велик для письма: скачайте его в разделе «Загрузки» личного кабинета до \(until)."
    )
    lines += ["", "Письмо отправлено автоматически."]
    return lines.joined(separator: "\n")
  }

  /// `09.03.2026` in the report time zone.
  func localDate(_ instant: UTCTimestamp) -> String {
    UsageReportQuery.russian(self.localDay(of: instant))
  }
}
