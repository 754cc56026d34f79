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

/// ExportCalls (docs/telecom.md, "Call records"): a call search as an XLSX file in the caller's
/// Downloads, through a task and its job, as usage reports and the number pool are exported.
/// The file holds the whole search, newest first, up to `exportMaximumRows` (counted first:
/// a larger search is EXPORT_TOO_LARGE, to be narrowed).
extension Telecom {
  static let callExportJob = "telecom.call-export"

  func exportCalls(_ request: ExportCallsRequest, caller: Caller) async throws -> ExportCallsReply {
    try caller.require(TelecomPermission.callsRead)
    var violations: [FieldViolation] = []
    var search: CallSearch?
    do {
      search = try self.callSearch(request.search)
    } catch {
      violations += error.violations.map { FieldViolation("search.\($0.field)", $0.reason, $0.message) }
    }
    if !MailAddress(request.email).isValid {
      violations.append(FieldViolation("email", "INVALID", "Give the e-mail address to tell when the file is ready."))
    }
    try ValidationFailure.check(violations)
    guard let search else { return ExportCallsReply() }
    try await self.requireCallAccount(search.accountNumber, organization: try self.scope(of: caller))
    let limit = self.settings.exportMaximumRows
    let id = UUID()
    try await self.database.transaction { connection in
      let rows = try await self.countCalls(search, on: connection)
      guard rows <= Int64(limit) else { throw TelecomError.exportTooLarge(rows: rows, limit: limit) }
      try await self.createTask(
        id: id, kind: .export, title: "CDR \(search.accountNumber) \(search.service.code) (\(rows))", total: rows,
        caller: caller, on: connection)
      try await JobQueue.enqueue(
        JobRequest(kind: Self.callExportJob, key: id.uuidString, payload: request.wireEncoded(), runAt: self.now),
        on: connection, logger: self.logger)
    }
    return ExportCallsReply(taskID: id.uuidString.lowercased())
  }

  func countCalls(_ search: CallSearch, on connection: PostgresConnection) async throws -> Int64 {
    try await connection.query(
      """
      SELECT count(*) FROM call_records
      WHERE account_number = \(search.accountNumber) AND service = \(search.service.code)
        AND started_at >= \(search.from) AND started_at < \(search.to)
        AND (\(search.digits) = '' OR dialed LIKE \(search.digits) || '%')
      """, logger: self.logger
    ).decode(Int64.self).collect().first ?? 0
  }

  func runCallExport(_ job: LeasedJob) async throws {
    try await self.runExport(job) { id in try await self.exportCalls(id, job: job) }
  }

  private func exportCalls(_ id: UUID, job: LeasedJob) async throws {
    let request = try ExportCallsRequest(wireEncoded: job.job.payload)
    guard let owner = try await job.transaction({ try await self.exportOwner(task: id, on: $0) }) else { return }
    // The period as the request gave it: "current" is the hour before the job runs.
    let search = try self.callSearch(request.search)
    var rows: [[XLSXCell]] = []
    var after: PageKeyPair<UTCTimestamp, String>?
    while rows.count < self.settings.exportMaximumRows {
      let cursor = after
      let page = try await self.database.withConnection { connection in
        try await self.callRows(search, after: cursor, limit: Self.exportPageSize, on: connection)
      }
      rows += page.prefix(self.settings.exportMaximumRows - rows.count).map(self.callCells)
      guard page.count == Self.exportPageSize, let last = page.last else { break }
      after = PageKeyPair(last.startedAt, last.callID)
      let done = Int64(rows.count)
      guard try await job.transaction({ try await self.exportGoesOn(id, done: done, on: $0) }) else { return }
    }
    let workbook = XLSXWorkbook(sheets: [XLSXSheet(name: "CDR", columns: Self.callColumns, rows: rows)])
    let count = rows.count
    let fileName = "cdr-\(search.accountNumber)-\(search.service.code)-\(self.localToday).xlsx"
    try await job.transaction { connection in
      guard try await self.exportGoesOn(id, done: Int64(count), on: connection) else { return }
      try await self.deliverExport(
        id, owner: owner, workbook: workbook, fileName: fileName, what: "\(count) call records",
        email: request.email, subject: "Выгрузка CDR по счёту \(search.accountNumber) готова", on: connection)
    }
  }

  static let callColumns = [
    XLSXColumn("Начало", width: 19), XLSXColumn("Вызывающий", width: 16), XLSXColumn("Набранный номер", width: 16),
    XLSXColumn("Услуга", width: 16), XLSXColumn("Место оказания услуг", width: 12), XLSXColumn("Отвечен", width: 8),
    XLSXColumn("Длительность, с", width: 10), XLSXColumn("Количество", width: 10), XLSXColumn("Сумма", width: 10),
    XLSXColumn("Валюта", width: 7), XLSXColumn("Провайдер", width: 14), XLSXColumn("Не тарифицирован", width: 18),
    XLSXColumn("ID вызова", width: 24),
  ]

  /// One record's cells; the start as the report time zone's wall clock.
  func callCells(_ row: CallRecordRow) -> [XLSXCell] {
    [
      UsageReportWorkbook.dateTime(self.localMicros(of: row.startedAt)),
      .text(row.caller), .text(row.dialedNumber), .text(row.service.code), .text(row.placeOfService),
      .text(row.answered ? "да" : "нет"), .integer(Int64(row.durationSeconds)), .integer(Int64(clamping: row.quantity)),
      row.charge.map { .decimal($0.description) } ?? .empty, UsageReportWorkbook.text(row.currency),
      UsageReportWorkbook.text(row.provider), UsageReportWorkbook.text(row.unratedReason), .text(row.callID),
    ]
  }
}
