import Mail
import PostgresNIO
import RPC
import Spreadsheets
import Storage
import TelecomAPI
import TelecomRules
import WireCodec

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// A pool search exported to XLSX through Downloads (docs/telecom.md, "Search and export"),
/// as usage reports are: a task and its job queued together; the job reads the search a page
/// at a time outside any transaction and, in one, stores the file, ends the task and queues the
/// mail. The seed's rule holds: free numbers are exported only with the availability filter.
extension Telecom {
  static let numberExportJob = "telecom.number-export"

  func exportNumbers(_ request: ExportNumbersRequest, caller: Caller) async throws -> ExportNumbersReply {
    try caller.require(TelecomPermission.numbersRead)
    var violations: [FieldViolation] = []
    var search: NumberSearch?
    do {
      search = try Self.numberSearch(request.search)
    } catch {
      violations += error.violations.map { FieldViolation("search.\($0.field)", $0.reason, $0.message) }
    }
    if !MailAddress(request.email).isValid {
      violations.append(FieldViolation("email", "INVALID", "Give the e-mail address to tell when the file is ready."))
    }
    try ValidationFailure.check(violations)
    guard let search else { return ExportNumbersReply() }
    let free = search.statuses.isEmpty || search.statuses.contains(NumberStatus.free.rawValue)
    if free && search.availabilities.isEmpty { throw TelecomError.availabilityFilterRequired }
    let limit = self.settings.exportMaximumRows
    let id = UUID()
    try await self.database.transaction { connection in
      let rows = try await self.countNumbers(search, on: connection)
      guard rows <= Int64(limit) else { throw TelecomError.exportTooLarge(rows: rows, limit: limit) }
      try await self.createTask(
        id: id, kind: .export, title: "Номера DID (\(rows))", total: rows, caller: caller, on: connection)
      try await JobQueue.enqueue(
        JobRequest(kind: Self.numberExportJob, key: id.uuidString, payload: request.wireEncoded(), runAt: self.now),
        on: connection, logger: self.logger)
    }
    return ExportNumbersReply(taskID: id.uuidString.lowercased())
  }

  func runNumberExport(_ job: LeasedJob) async throws {
    try await self.runExport(job) { id in try await self.exportNumbers(id, job: job) }
  }

  private func exportNumbers(_ id: UUID, job: LeasedJob) async throws {
    let request = try ExportNumbersRequest(wireEncoded: job.job.payload)
    let search = try Self.numberSearch(request.search)
    guard let owner = try await job.transaction({ try await self.exportOwner(task: id, on: $0) }) else { return }
    var rows: [[XLSXCell]] = []
    var after: String?
    while rows.count < self.settings.exportMaximumRows {
      let cursor = after
      let page = try await self.database.withConnection { connection in
        try await self.searchNumbers(search, after: cursor, limit: Self.exportPageSize, on: connection)
      }
      rows += page.prefix(self.settings.exportMaximumRows - rows.count).map(Self.numberCells)
      guard page.count == Self.exportPageSize, let last = page.last else { break }
      after = last.number
      let done = Int64(rows.count)
      guard try await job.transaction({ try await self.exportGoesOn(id, done: done, on: $0) }) else { return }
    }
    let workbook = XLSXWorkbook(sheets: [XLSXSheet(name: "Номера DID", columns: Self.numberColumns, rows: rows)])
    let (count, fileName) = (rows.count, "numbers-\(self.localToday).xlsx")
    try await job.transaction { connection in
      guard try await self.exportGoesOn(id, done: Int64(count), on: connection) else { return }
      try await self.deliverExport(
        id, owner: owner, workbook: workbook, fileName: fileName, what: "\(count) numbers", email: request.email,
        subject: "Выгрузка номеров DID готова", on: connection)
    }
  }

  static let numberColumns = [
    XLSXColumn("Номер", width: 14), XLSXColumn("Регион", width: 16), XLSXColumn("Провайдер", width: 16),
    XLSXColumn("Место оказания услуг", width: 18), XLSXColumn("FMTN", width: 6), XLSXColumn("Статус", width: 14),
    XLSXColumn("НЦВ", width: 20), XLSXColumn("Доступен для продажи", width: 18),
    XLSXColumn("Последний НЦВ", width: 14), XLSXColumn("Счёт", width: 12),
  ]

  static func numberCells(_ row: NumberRow) -> [XLSXCell] {
    let status = ["free": "Свободен", "reserved": "Зарезервирован", "in_work": "В работе", "archive": "Архив"]
    let ncv = [
      "no_data": "Нет данных", "insufficient_data": "Недостаточно данных", "has_calls": "Есть НЦВ",
      "no_calls": "Нет НЦВ", "ignored": "Не учитывать НЦВ",
    ]
    let sale = ["yes": "Да (по НЦВ)", "forced": "Да, принудительно", "no": "Нет"]
    return [
      .text(row.number), .text(row.region), .text(row.provider), .text(row.place), .text(row.fmtn ? "да" : "нет"),
      .text(status[row.status.rawValue]), .text(ncv[row.ncv.rawValue]), .text(sale[row.availability.rawValue]),
      .date(row.lastCallDay), row.accountNumber.isEmpty ? .empty : .text(row.accountNumber),
    ]
  }
}
