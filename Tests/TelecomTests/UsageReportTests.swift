import Foundation
import GRPCCore
import PostgresNIO
import RPC
import Storage
import TelecomAPI
import TestSupport
import Testing
import WireCodec

/// Usage reports by the seed's three templates, the XLSX export to Downloads and its e-mail
/// (issue 15, "Usage and reports"; must show 5). Usage comes from the network through
/// SimulateUsage, which returns the records it made: the test works out every report from
/// them on its own — days cut in Europe/Moscow by Foundation's calendar, not PostgreSQL's —
/// and compares, row by row and total by total.
@Suite(
  "Usage reports, XLSX export and Downloads",
  .enabled(
    if: TestDatabase.isAvailable && PrivateOsmoHLR.canStart && SMTPSink.isAvailable,
    "needs the test PostgreSQL, osmo-hlr and Python with openpyxl and aiosmtpd (scripts/test.sh provides them)"))
struct UsageReportTests {
  static let organizationA = "6f1c2a52-3c39-4d5e-9a4b-5a0d6c1e7b01"
  static let organizationB = "0b7e9d44-81a2-4c3f-b6d5-2e9f8a7c6d02"
  static let zone = TimeZone(identifier: "Europe/Moscow")!
  /// The report's days: 1 and 2 March 2026, Moscow time.
  static let from = CalendarDate(year: 2026, month: 3, day: 1)!
  static let through = CalendarDate(year: 2026, month: 3, day: 2)!
  /// Usage runs from 28 February 18:00 UTC (21:00 in Moscow) to 3 March 06:00 UTC: over both
  /// of the report's edges, and with three hours each evening that are the next day in Moscow.
  static let windowStart = Self.instant(CalendarDate(year: 2026, month: 2, day: 28)!, hour: 18)
  static let windowEnd = Self.instant(CalendarDate(year: 2026, month: 3, day: 3)!, hour: 6)
  static let exportLimit = 100

  static func instant(_ day: CalendarDate, hour: Int64) -> UTCTimestamp {
    UTCTimestamp(microsecondsSinceEpoch: (Int64(day.daysSinceEpoch) * 86_400 + hour * 3_600) * 1_000_000)
  }

  /// The testbed: mail to a real SMTP sink, the simulator taking orders, usage collected every
  /// 100 ms, expired downloads swept every 200 ms, exports of at most 100 rows.
  static func with(_ body: @Sendable (TelecomTestbed, SMTPSink) async throws -> Void) async throws {
    let sink = try SMTPSink()
    try await sink.start()
    defer { sink.stop() }
    let settings = [
      "abonent.telecom.simulatorControl": "true", "abonent.telecom.usagePollInterval": "100ms",
      "abonent.telecom.downloadsCleanupInterval": "200ms", "abonent.telecom.exportMaximumRows": "\(Self.exportLimit)",
      "abonent.smtp.host": "127.0.0.1", "abonent.smtp.port": "\(sink.port)", "abonent.smtp.tls": "none",
      "abonent.smtp.from": "telecom@abonent.test", "abonent.smtp.pollInterval": "50ms",
    ]
    try await TelecomTestbed.with(settings: settings) { bed in try await body(bed, sink) }
  }

  /// Three SIMs: two of organization A (one named), one of B; each made to produce 150
  /// records, all collected.
  static func usage(_ bed: TelecomTestbed) async throws -> Usage {
    let iccids = try await bed.importSims(600...602)
    try await bed.assign(Array(iccids[0...1]), account: "R-A", organization: Self.organizationA)
    try await bed.assign([iccids[2]], account: "R-B", organization: Self.organizationB)
    let staff = try await TelecomTestbed.staffToken(TelecomPermission.all)
    _ = try await bed.call(
      TelecomContract.editSim, EditSimRequest(iccid: iccids[0], name: "Счётчик «Север»", groups: [], comment: ""),
      token: staff)
    try await Self.waitFor("the SIM's new name") {
      try await bed.call(TelecomContract.getSim, GetSimRequest(iccid: iccids[0]), token: staff).name
        == "Счётчик «Север»"
    }
    var records: [Expected] = []
    for (index, iccid) in iccids.enumerated() {
      let made = try await bed.call(
        TelecomContract.simulateUsage,
        SimulateUsageRequest(iccid: iccid, count: 150, from: Self.windowStart, through: Self.windowEnd), token: staff)
      #expect(made.records.count == 150)
      records += made.records.map {
        Expected(
          $0, iccid: iccid, msisdn: TelecomTestbed.msisdn(600 + index), name: index == 0 ? "Счётчик «Север»" : "",
          organization: index < 2 ? Self.organizationA : Self.organizationB)
      }
    }
    let count = records.count
    try await Self.waitFor("the usage collected") { try await Self.storedRecords(bed) == count }
    return Usage(iccids: iccids, records: records)
  }

  @Test("the three templates match totals and rows worked out independently, over every page, days cut in Moscow")
  func templatesMatchIndependentTotals() async throws {
    try await Self.with { bed, _ in
      let usage = try await Self.usage(bed)
      let staff = try await TelecomTestbed.staffToken()
      let inside = usage.records.filter { (Self.from...Self.through).contains($0.day) }
      // The window reaches past both edges, so the report leaves records out on each side.
      #expect(inside.count < usage.records.count && inside.contains { $0.utcDay != $0.day })
      #expect(usage.records.contains { $0.day < Self.from } && usage.records.contains { $0.day > Self.through })
      for template in [UsageReportTemplate.sessions, .days, .callsAndSms] {
        try await Self.checkTemplate(template, bed: bed, inside: inside, token: staff)
      }
      try await Self.checkPaging(bed, token: staff)
      try await Self.checkOneSim(bed, usage: usage, token: staff)
    }
  }

  /// Staff over every SIM, walking pages of 7: the rows and totals worked out here, and the
  /// pages adding up to the totals.
  static func checkTemplate(
    _ template: UsageReportTemplate, bed: TelecomTestbed, inside: [Expected], token: String
  ) async throws {
    let kinds: [UsageKind] =
      template == .sessions ? [.data] : template == .callsAndSms ? [.call, .sms] : [.data, .call, .sms]
    let chosen = inside.filter { kinds.contains($0.kind) }
    let expectedRows = template == .days ? Self.dayRows(chosen) : Self.recordRows(chosen)
    let walked = try await Self.walk(bed, template: template, iccids: [], token: token, pageSize: 7)
    let rows = walked.rows
    let reply = walked.reply
    #expect(rows.map(ReportRow.init) == expectedRows, "\(template)")
    #expect(rows.allSatisfy { $0.cost == ExactDecimal(units: $0.costMinor, scale: 2) })
    #expect(reply.totalRows == UInt64(expectedRows.count), "\(template)")
    #expect(reply.totals == Self.totals(chosen), "\(template)")
    #expect(reply.timeZone == "Europe/Moscow")
    #expect(rows.reduce(UInt64(0)) { $0 + $1.records } == reply.totals.records)
    for kind in kinds {
      let quantity = rows.filter { $0.kind == kind }.reduce(Int64(0)) { $0 + $1.quantity }
      let total = reply.totals.quantities.first { $0.kind == kind }?.quantity
      #expect(total == quantity, "\(template) \(kind)")
    }
    #expect(reply.totals.costs.map(\.costMinor) == [rows.reduce(Int64(0)) { $0 + $1.costMinor }])
  }

  /// One page of the default size has it all; a page over 1000 and another template's token
  /// are refused.
  static func checkPaging(_ bed: TelecomTestbed, token: String) async throws {
    let whole = try await bed.call(
      TelecomContract.usageReport,
      UsageReportRequest(template: .days, iccids: [], from: Self.from, through: Self.through), token: token)
    #expect(whole.nextPageToken.isEmpty && UInt64(whole.rows.count) == whole.totalRows)
    let rub = try #require(whole.totals.costs.first)
    #expect(rub.currency == "RUB" && rub.cost == ExactDecimal(units: rub.costMinor, scale: 2))
    let large = await bed.refusal {
      _ = try await bed.call(
        TelecomContract.usageReport,
        UsageReportRequest(
          template: .days, from: Self.from, through: Self.through, page: PageRequest(size: 1001, token: "")),
        token: token)
    }
    #expect(large?.reason == "PAGE_TOO_LARGE")
    let sessions = try await bed.call(
      TelecomContract.usageReport,
      UsageReportRequest(
        template: .sessions, from: Self.from, through: Self.through, page: PageRequest(size: 1, token: "")),
      token: token)
    let next = sessions.nextPageToken
    let crossed = await bed.refusal {
      _ = try await bed.call(
        TelecomContract.usageReport,
        UsageReportRequest(
          template: .days, from: Self.from, through: Self.through, page: PageRequest(size: 1, token: next)),
        token: token)
    }
    #expect(crossed?.reason == "PAGE_TOKEN_INVALID")
  }

  /// One chosen SIM, one day: its calls and SMS of that Moscow day only.
  static func checkOneSim(_ bed: TelecomTestbed, usage: Usage, token: String) async throws {
    let day = Self.through
    let iccid = usage.iccids[1]
    let one = try await bed.call(
      TelecomContract.usageReport,
      UsageReportRequest(template: .callsAndSms, iccids: [iccid], from: day, through: day), token: token)
    let expected = usage.records.filter { $0.iccid == iccid && $0.day == day && ($0.kind == .call || $0.kind == .sms) }
    #expect(!expected.isEmpty)
    #expect(one.rows.map(ReportRow.init) == Self.recordRows(expected))
    #expect(one.rows.allSatisfy { !$0.peer.isEmpty && $0.msisdn == TelecomTestbed.msisdn(601) })
  }

  @Test("a customer sees only its organization's usage; other SIMs give nothing, not an error")
  func customersSeeTheirOwn() async throws {
    try await Self.with { bed, _ in
      let usage = try await Self.usage(bed)
      let tokenA = try await TelecomTestbed.customerToken(
        organization: Self.organizationA, permissions: [TelecomPermission.reportsRead])
      let inside = usage.records.filter { (Self.from...Self.through).contains($0.day) }
      let (rows, reply) = try await Self.walk(bed, template: .days, iccids: [], token: tokenA, pageSize: 50)
      let ownRecords = inside.filter { $0.organization == Self.organizationA }
      #expect(rows.map(ReportRow.init) == Self.dayRows(ownRecords))
      #expect(reply.totals == Self.totals(ownRecords))
      #expect(Set(rows.map(\.iccid)) == Set(usage.iccids[0...1]))
      #expect(rows.contains { $0.name == "Счётчик «Север»" })

      let theirs = try await bed.call(
        TelecomContract.usageReport,
        UsageReportRequest(template: .sessions, iccids: [usage.iccids[2]], from: Self.from, through: Self.through),
        token: tokenA)
      #expect(theirs.rows.isEmpty && theirs.totalRows == 0 && theirs.totals.records == 0)

      let without = try await TelecomTestbed.customerToken(
        organization: Self.organizationA, permissions: [TelecomPermission.simsRead])
      let denied = await bed.refusal {
        _ = try await bed.call(
          TelecomContract.usageReport,
          UsageReportRequest(template: .sessions, from: Self.from, through: Self.through), token: without)
      }
      #expect(denied?.code == .permissionDenied)
    }
  }

  @Test("bad requests are refused: no template, a range backwards or over 366 days, too many or malformed ICCIDs")
  func badRequestsAreRefused() async throws {
    try await Self.with { bed, _ in
      let staff = try await TelecomTestbed.staffToken()
      let year = CalendarDate(daysSinceEpoch: Self.from.daysSinceEpoch + 366)
      let cases: [(UsageReportRequest, String, String)] = [
        (UsageReportRequest(from: Self.from, through: Self.through), "template", "REQUIRED"),
        (UsageReportRequest(template: .days, from: Self.through, through: Self.from), "through", "BEFORE_FROM"),
        (UsageReportRequest(template: .days, from: Self.from, through: year), "through", "RANGE_TOO_LONG"),
        (
          UsageReportRequest(
            template: .days, iccids: (0...1000).map { TelecomTestbed.iccid($0) }, from: Self.from, through: Self.through
          ),
          "iccids", "COUNT"
        ),
        (
          UsageReportRequest(template: .days, iccids: ["8970199"], from: Self.from, through: Self.through),
          "iccids[0]", "ICCID_FORMAT"
        ),
        (
          UsageReportRequest(
            template: .days, from: CalendarDate(year: 1999, month: 12, day: 31)!, through: Self.through),
          "from", "OUT_OF_RANGE"
        ),
      ]
      for (request, field, reason) in cases {
        let refused = await bed.refusal { _ = try await bed.call(TelecomContract.usageReport, request, token: staff) }
        #expect(refused?.code == .invalidArgument && refused?.violations[field] == reason, "\(field)")
        let export = await bed.refusal {
          _ = try await bed.call(
            TelecomContract.exportUsageReport, ExportUsageReportRequest(report: request, email: "a@example.ru"),
            token: staff)
        }
        #expect(export?.violations["report.\(field)"] == reason, "report.\(field)")
      }
      // 366 days, 1 March 2026 to 1 March 2027 less a day, is the longest allowed.
      let longest = try await bed.call(
        TelecomContract.usageReport,
        UsageReportRequest(
          template: .days, from: Self.from, through: CalendarDate(daysSinceEpoch: Self.from.daysSinceEpoch + 365)),
        token: staff)
      #expect(longest.totalRows == 0)
      let mail = await bed.refusal {
        _ = try await bed.call(
          TelecomContract.exportUsageReport,
          ExportUsageReportRequest(
            report: UsageReportRequest(template: .days, from: Self.from, through: Self.through), email: "not an address"
          ), token: staff)
      }
      #expect(mail?.violations["email"] == "INVALID")
      let tasks = try await bed.call(TelecomContract.listTasks, ListTasksRequest(), token: staff)
      #expect(tasks.tasks.isEmpty, "nothing was queued")
    }
  }

  @Test(
    "must-show 5: the export reaches Downloads, read back by RPC in pieces and by openpyxl; the mail reaches the sink; expired files are swept"
  )
  func exportReachesDownloadsAndMail() async throws {
    try await Self.with { bed, sink in
      let usage = try await Self.usage(bed)
      let tokenA = try await TelecomTestbed.customerToken(
        organization: Self.organizationA, permissions: [TelecomPermission.reportsRead])
      let report = UsageReportRequest(
        template: .callsAndSms, iccids: [usage.iccids[0]], from: Self.from, through: Self.through)
      let expected = usage.records.filter {
        $0.iccid == usage.iccids[0] && (Self.from...Self.through).contains($0.day)
          && ($0.kind == .call || $0.kind == .sms)
      }.sorted { ($0.start.microsecondsSinceEpoch, $0.id) < ($1.start.microsecondsSinceEpoch, $1.id) }
      #expect(!expected.isEmpty && expected.count <= Self.exportLimit)

      // Too many rows for one file: refused at once, with nothing queued.
      let tooLarge = await bed.refusal {
        _ = try await bed.call(
          TelecomContract.exportUsageReport,
          ExportUsageReportRequest(
            report: UsageReportRequest(template: .sessions, from: Self.from, through: Self.through),
            email: "a@example.ru"), token: try await TelecomTestbed.staffToken())
      }
      #expect(tooLarge?.reason == "EXPORT_TOO_LARGE")

      let started = try await bed.call(
        TelecomContract.exportUsageReport, ExportUsageReportRequest(report: report, email: "ivanova@example.ru"),
        token: tokenA)
      var task = try await bed.call(TelecomContract.getTask, GetTaskRequest(id: started.taskID), token: tokenA)
      #expect(task.kind == .export && task.total == UInt64(expected.count))
      try await Self.waitFor("the export to finish") {
        task = try await bed.call(TelecomContract.getTask, GetTaskRequest(id: started.taskID), token: tokenA)
        return task.state == .finished
      }
      #expect(task.done == UInt64(expected.count))

      // Downloads: the file, its expiry a week on.
      let listed = try await bed.call(TelecomContract.listDownloads, ListDownloadsRequest(), token: tokenA)
      let file = try #require(listed.downloads.first)
      #expect(listed.downloads.count == 1 && file.id == task.result && file.taskID == started.taskID)
      #expect(file.fileName == "usage-calls-sms-2026-03-01-2026-03-02.xlsx")
      let week = file.expiresAt.microsecondsSinceEpoch - file.createdAt.microsecondsSinceEpoch
      #expect(week == 7 * 86_400 * 1_000_000)
      let other = try await TelecomTestbed.customerToken(
        organization: Self.organizationB, permissions: [TelecomPermission.reportsRead])
      #expect(try await bed.call(TelecomContract.listDownloads, ListDownloadsRequest(), token: other).downloads.isEmpty)
      let foreign = await bed.refusal {
        _ = try await bed.call(TelecomContract.downloadFile, DownloadFileRequest(id: file.id), token: other)
      }
      #expect(foreign?.reason == "DOWNLOAD_NOT_FOUND")

      // The file in pieces of 2 KiB, as a client fetches it.
      var bytes = Data()
      while true {
        let piece = try await bed.call(
          TelecomContract.downloadFile, DownloadFileRequest(id: file.id, offset: UInt64(bytes.count), length: 2048),
          token: tokenA)
        #expect(piece.totalSize == file.size && piece.fileName == file.fileName)
        #expect(piece.contentType == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        guard !piece.bytes.isEmpty else { break }
        bytes.append(piece.bytes)
      }
      #expect(UInt64(bytes.count) == file.size && bytes.count > 2048)
      let tooLong = await bed.refusal {
        _ = try await bed.call(
          TelecomContract.downloadFile, DownloadFileRequest(id: file.id, offset: 0, length: 1_048_577), token: tokenA)
      }
      #expect(tooLong?.violations["length"] == "TOO_LARGE")
      let past = await bed.refusal {
        _ = try await bed.call(
          TelecomContract.downloadFile, DownloadFileRequest(id: file.id, offset: file.size + 1), token: tokenA)
      }
      #expect(past?.violations["offset"] == "BEYOND_END")

      // openpyxl reads it: the rows, the totals and the parameters.
      let book = try await Self.readWorkbook(bytes)
      #expect(book.order == ["По звонкам и SMS", "Итого", "Параметры"])
      let sheet = try #require(book.sheets["По звонкам и SMS"])
      #expect(
        sheet.first == [
          "text:Дата начала", "text:Дата окончания", "text:Номер", "text:ICCID", "text:Название", "text:Количество",
          "text:Стоимость", "text:Страна", "text:Оператор", "text:Вид", "text:Единица", "text:Валюта", "text:Абонент",
        ])
      #expect(Array(sheet.dropFirst()) == expected.map(Self.spreadsheetRow))
      let totals = Self.totals(expected)
      let summary = try #require(book.sheets["Итого"])
      #expect(summary[1] == ["text:Всего", "int:\(totals.records)", nil, nil, nil, nil])
      for quantity in totals.quantities {
        let name = quantity.kind == .call ? "text:Звонок" : "text:SMS"
        let unit = quantity.kind == .call ? "text:сек" : "text:шт"
        #expect(summary.contains([name, "int:\(quantity.records)", "int:\(quantity.quantity)", unit, nil, nil]))
      }
      let cost = try #require(totals.costs.first)
      let costRow = try #require(summary.first { $0.first == "text:Стоимость" })
      #expect(Self.decimal(costRow[4]) == Decimal(string: cost.cost.description) && costRow[5] == "text:RUB")
      let parameters = try #require(book.sheets["Параметры"])
      #expect(parameters.contains(["text:Период", "text:01.03.2026–02.03.2026"]))
      #expect(parameters.contains(["text:Часовой пояс", "text:Europe/Moscow"]))
      #expect(parameters.contains(["text:Строк", "int:\(expected.count)"]))

      // The mail: at the sink, naming the report, the file attached as downloaded.
      let mails = try await sink.waitForMessages(1, timeout: .seconds(60))
      let mail = try #require(mails.first { $0.rcptTos.contains("ivanova@example.ru") })
      #expect(mail.subject == "Отчёт готов: По звонкам и SMS за 01.03.2026–02.03.2026")
      #expect(mail.text.contains("«Загрузки»") && mail.text.contains("\(expected.count) строк"))
      #expect(
        mail.attachments.map { [$0.filename ?? "", String($0.size), $0.sha256] } == [
          [file.fileName, String(bytes.count), book.sha256]
        ])
      // The bell: the owner is told the task is done.
      let bell = try await bed.call(TelecomContract.listNotifications, ListNotificationsRequest(), token: tokenA)
      #expect(bell.notifications.contains { $0.taskID == started.taskID && $0.kind == "task.finished" })

      // A week later (moved forward in the table): not listed, not served, then swept.
      try await Self.sql(bed) { connection, logger in
        try await connection.query(
          "UPDATE downloads SET expires_at = now() - interval '1 second'", logger: logger)
      }
      #expect(
        try await bed.call(TelecomContract.listDownloads, ListDownloadsRequest(), token: tokenA).downloads.isEmpty)
      let expired = await bed.refusal {
        _ = try await bed.call(TelecomContract.downloadFile, DownloadFileRequest(id: file.id), token: tokenA)
      }
      #expect(expired?.reason == "DOWNLOAD_NOT_FOUND")
      try await Self.waitFor("the cleanup job to delete the file") {
        try await Self.sql(bed) { connection, logger in
          try await connection.query("SELECT count(*) FROM downloads", logger: logger).decode(Int64.self).collect()
            .first
        } == 0
      }
    }
  }

  @Test("an empty report exports too; its file can be deleted by its owner, once")
  func deleteDownload() async throws {
    try await Self.with { bed, _ in
      let tokenA = try await TelecomTestbed.customerToken(
        organization: Self.organizationA, permissions: [TelecomPermission.reportsRead])
      let report = UsageReportRequest(template: .days, from: Self.from, through: Self.through)
      let started = try await bed.call(
        TelecomContract.exportUsageReport, ExportUsageReportRequest(report: report, email: "a@example.ru"),
        token: tokenA)
      var task = TelecomTask()
      try await Self.waitFor("the export to finish") {
        task = try await bed.call(TelecomContract.getTask, GetTaskRequest(id: started.taskID), token: tokenA)
        return task.state == .finished
      }
      _ = try await bed.call(TelecomContract.deleteDownload, DeleteDownloadRequest(id: task.result), token: tokenA)
      #expect(
        try await bed.call(TelecomContract.listDownloads, ListDownloadsRequest(), token: tokenA).downloads.isEmpty)
      let again = await bed.refusal {
        _ = try await bed.call(TelecomContract.deleteDownload, DeleteDownloadRequest(id: task.result), token: tokenA)
      }
      #expect(again?.reason == "DOWNLOAD_NOT_FOUND")
    }
  }
}

// MARK: - What the test works out on its own

extension UsageReportTests {
  struct Usage: Sendable {
    let iccids: [String]
    let records: [Expected]
  }

  /// A record as SimulateUsage returned it, with its SIM and the Moscow day it starts on.
  struct Expected: Sendable {
    let id: String
    let iccid: String
    let msisdn: String
    let name: String
    let organization: String
    let kind: UsageKind
    let start: UTCTimestamp
    let end: UTCTimestamp
    let quantity: Int64
    let costMinor: Int64
    let currency: String
    let peer: String
    let networkOperator: String
    let country: String
    let day: CalendarDate
    let utcDay: CalendarDate

    init(_ record: SimulatedUsageRecord, iccid: String, msisdn: String, name: String, organization: String) {
      self.id = record.id
      self.iccid = iccid
      self.msisdn = msisdn
      self.name = name
      self.organization = organization
      self.kind = record.kind == "data" ? .data : record.kind == "call" ? .call : .sms
      self.start = record.start
      self.end = record.end
      self.quantity = record.quantity
      self.costMinor = record.costMinor
      self.currency = record.currency
      self.peer = record.peer
      self.networkOperator = record.network
      self.country = record.country
      self.day = UsageReportTests.localDay(record.start)
      self.utcDay = CalendarDate(daysSinceEpoch: Int32(record.start.microsecondsSinceEpoch / 86_400_000_000))
    }
  }

  /// A report row reduced to what the test compares.
  struct ReportRow: Sendable, Equatable, CustomStringConvertible {
    let recordID: String
    let day: CalendarDate
    let iccid: String
    let msisdn: String
    let name: String
    let kind: UsageKind
    let country: String
    let networkOperator: String
    let currency: String
    let start: Int64
    let end: Int64
    let quantity: Int64
    let costMinor: Int64
    let peer: String
    let records: UInt64

    init(
      recordID: String, day: CalendarDate, iccid: String, msisdn: String, name: String, kind: UsageKind,
      country: String, networkOperator: String, currency: String, start: Int64, end: Int64, quantity: Int64,
      costMinor: Int64, peer: String, records: UInt64
    ) {
      (self.recordID, self.day, self.iccid, self.msisdn, self.name, self.kind) = (
        recordID, day, iccid, msisdn, name, kind
      )
      (self.country, self.networkOperator, self.currency) = (country, networkOperator, currency)
      (self.start, self.end, self.quantity, self.costMinor, self.peer, self.records) =
        (start, end, quantity, costMinor, peer, records)
    }

    init(_ row: UsageReportRow) {
      self.init(
        recordID: row.recordID, day: row.day, iccid: row.iccid, msisdn: row.msisdn, name: row.name, kind: row.kind,
        country: row.country, networkOperator: row.networkOperator, currency: row.currency,
        start: row.start.microsecondsSinceEpoch, end: row.end.microsecondsSinceEpoch, quantity: row.quantity,
        costMinor: row.costMinor, peer: row.peer, records: row.records)
    }

    var description: String { "\(self.day) \(self.iccid) \(self.kind) \(self.recordID) \(self.quantity)" }
  }

  static func localDay(_ instant: UTCTimestamp) -> CalendarDate {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = Self.zone
    let parts = calendar.dateComponents([.year, .month, .day], from: instant.date)
    return CalendarDate(year: parts.year ?? 0, month: parts.month ?? 0, day: parts.day ?? 0)!
  }

  /// `2026-03-01T00:12:03`: the Moscow wall clock, to the second, as openpyxl prints a datetime.
  static func localTime(_ instant: UTCTimestamp) -> String {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = Self.zone
    let seconds = Date(timeIntervalSince1970: TimeInterval(instant.microsecondsSinceEpoch / 1_000_000))
    let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: seconds)
    let date = CalendarDate(year: parts.year ?? 0, month: parts.month ?? 0, day: parts.day ?? 0)!
    let time = [parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0].map { String(format: "%02d", $0) }
    return time == ["00", "00", "00"] ? "\(date)" : "\(date)T\(time.joined(separator: ":"))"
  }

  /// Sessions and calls: one row per record, by start then id.
  static func recordRows(_ records: [Expected]) -> [ReportRow] {
    records.sorted { ($0.start.microsecondsSinceEpoch, $0.id) < ($1.start.microsecondsSinceEpoch, $1.id) }.map {
      ReportRow(
        recordID: $0.id, day: $0.day, iccid: $0.iccid, msisdn: $0.msisdn, name: $0.name, kind: $0.kind,
        country: $0.country, networkOperator: $0.networkOperator, currency: $0.currency,
        start: $0.start.microsecondsSinceEpoch, end: $0.end.microsecondsSinceEpoch, quantity: $0.quantity,
        costMinor: $0.costMinor, peer: $0.peer, records: 1)
    }
  }

  /// Days: a row per Moscow day, SIM, kind, country, operator and currency, in that order.
  static func dayRows(_ records: [Expected]) -> [ReportRow] {
    let groups = Dictionary(grouping: records) {
      [$0.day.description, $0.iccid, $0.kind.column, $0.country, $0.networkOperator, $0.currency]
    }
    return groups.keys.sorted { $0.lexicographicallyPrecedes($1) }.map { key in
      let group = groups[key] ?? []
      let first = group[0]
      return ReportRow(
        recordID: "", day: first.day, iccid: first.iccid, msisdn: first.msisdn, name: first.name, kind: first.kind,
        country: first.country, networkOperator: first.networkOperator, currency: first.currency,
        start: group.map(\.start.microsecondsSinceEpoch).min() ?? 0,
        end: group.map(\.end.microsecondsSinceEpoch).max() ?? 0, quantity: group.reduce(0) { $0 + $1.quantity },
        costMinor: group.reduce(0) { $0 + $1.costMinor }, peer: "", records: UInt64(group.count))
    }
  }

  static func totals(_ records: [Expected]) -> UsageReportTotals {
    let kinds: [UsageKind] = [.data, .call, .sms]
    let units: [UsageKind: String] = [.data: "bytes", .call: "seconds", .sms: "messages"]
    let currencies = Set(records.map(\.currency)).sorted()
    return UsageReportTotals(
      records: UInt64(records.count),
      quantities: kinds.compactMap { kind in
        let chosen = records.filter { $0.kind == kind }
        guard !chosen.isEmpty else { return nil }
        return UsageQuantityTotal(
          kind: kind, unit: units[kind] ?? "", records: UInt64(chosen.count),
          quantity: chosen.reduce(0) { $0 + $1.quantity })
      },
      costs: currencies.map { currency in
        let minor = records.filter { $0.currency == currency }.reduce(Int64(0)) { $0 + $1.costMinor }
        return UsageCostTotal(currency: currency, costMinor: minor, cost: ExactDecimal(units: minor, scale: 2))
      })
  }

  /// A record as the XLSX row openpyxl reads: typed values, times in Moscow to the second.
  static func spreadsheetRow(_ record: Expected) -> [String?] {
    let cost = ExactDecimal(units: record.costMinor, scale: 2)
    return [
      "date:" + Self.localTime(record.start), "date:" + Self.localTime(record.end), "text:" + record.msisdn,
      "text:" + record.iccid, record.name.isEmpty ? nil : "text:" + record.name, "int:\(record.quantity)",
      "decimal:" + Self.plain(cost), "text:" + record.country, "text:" + record.networkOperator,
      record.kind == .call ? "text:Звонок" : "text:SMS", record.kind == .call ? "text:сек" : "text:шт",
      "text:" + record.currency, "text:" + record.peer,
    ]
  }

  /// `1.50` as `1.5`, `3.00` as `3`: how the reader prints the number openpyxl gives back.
  static func plain(_ value: ExactDecimal) -> String {
    var text = value.description
    guard text.contains(".") else { return text }
    while text.hasSuffix("0") { text.removeLast() }
    if text.hasSuffix(".") { text.removeLast() }
    return text
  }

  static func decimal(_ tagged: String?) -> Decimal? {
    guard let tagged, let colon = tagged.firstIndex(of: ":") else { return nil }
    return Decimal(string: String(tagged[tagged.index(after: colon)...]))
  }
}

// MARK: - Talking to the testbed

extension UsageReportTests {
  /// Every page of a report, `pageSize` rows at a time; each page carries the same totals.
  static func walk(
    _ bed: TelecomTestbed, template: UsageReportTemplate, iccids: [String], token: String, pageSize: UInt32
  ) async throws -> (rows: [UsageReportRow], reply: UsageReportReply) {
    var rows: [UsageReportRow] = []
    var next = ""
    var first: UsageReportReply?
    repeat {
      let reply = try await bed.call(
        TelecomContract.usageReport,
        UsageReportRequest(
          template: template, iccids: iccids, from: Self.from, through: Self.through,
          page: PageRequest(size: pageSize, token: next)), token: token)
      #expect(reply.rows.count <= Int(pageSize))
      #expect(reply.nextPageToken.isEmpty || reply.rows.count == Int(pageSize))
      if let first { #expect(reply.totals == first.totals && reply.totalRows == first.totalRows) }
      first = first ?? reply
      rows += reply.rows
      next = reply.nextPageToken
    } while !next.isEmpty
    return (rows, try #require(first))
  }

  static func storedRecords(_ bed: TelecomTestbed) async throws -> Int {
    Int(
      try await Self.sql(bed) { connection, logger in
        try await connection.query("SELECT count(*) FROM usage_records", logger: logger).decode(Int64.self).collect()
          .first ?? 0
      })
  }

  /// Runs `body` on a connection of its own to the service's database.
  @discardableResult
  static func sql<Result: Sendable>(
    _ bed: TelecomTestbed, _ body: @Sendable @escaping (PostgresConnection, Logger) async throws -> Result
  ) async throws -> Result {
    try await TestDatabase.running(bed.database) { database in
      try await database.withConnection { connection in try await body(connection, database.logger) }
    }
  }

  /// Polls `probe` every 50 ms for up to 90 s (the suite shares two cores).
  static func waitFor(_ what: String, _ probe: () async throws -> Bool) async throws {
    let deadline = ContinuousClock.now + .seconds(90)
    while ContinuousClock.now < deadline {
      if try await probe() { return }
      try await Task.sleep(for: .milliseconds(50))
    }
    Issue.record("timed out waiting for \(what)")
    throw CancellationError()
  }

  struct Book: Decodable {
    let order: [String]
    let sheets: [String: [[String?]]]
    let sha256: String
  }

  /// The workbook as openpyxl reads it: each sheet's rows of typed values, and the file's SHA-256.
  static func readWorkbook(_ bytes: Data) async throws -> Book {
    let script = #"""
      import datetime, decimal, hashlib, json, sys, openpyxl
      path = sys.argv[1]
      book = openpyxl.load_workbook(path)
      def tagged(value):
          if value is None: return None
          if isinstance(value, datetime.datetime):
              return "date:" + (value.date() if value.time() == datetime.time(0) else value).isoformat()
          if isinstance(value, bool): return "bool:" + str(value)
          if isinstance(value, int): return "int:" + str(value)
          if isinstance(value, float): return "decimal:" + format(decimal.Decimal(repr(value)).normalize(), "f")
          return "text:" + value
      out = {"order": book.sheetnames, "sheets": {}, "sha256": hashlib.sha256(open(path, "rb").read()).hexdigest()}
      for sheet in book.worksheets:
          out["sheets"][sheet.title] = [[tagged(c) for c in row] for row in sheet.iter_rows(values_only=True)]
      print(json.dumps(out))
      """#
    let directory = FileManager.default.temporaryDirectory
    let file = directory.appendingPathComponent("usage-report-\(UUID().uuidString).xlsx")
    let output = directory.appendingPathComponent("usage-report-\(UUID().uuidString).json")
    try bytes.write(to: file)
    _ = FileManager.default.createFile(atPath: output.path, contents: nil)
    defer {
      try? FileManager.default.removeItem(at: file)
      try? FileManager.default.removeItem(at: output)
    }
    let handle = try FileHandle(forWritingTo: output)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: try #require(SMTPSink.python))
    process.arguments = ["-c", script, file.path]
    process.standardOutput = handle
    let status: Int32 = try await withCheckedThrowingContinuation { continuation in
      process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
      do { try process.run() } catch { continuation.resume(throwing: error) }
    }
    try handle.close()
    #expect(status == 0, "openpyxl could not read the file")
    return try JSONDecoder().decode(Book.self, from: Data(contentsOf: output))
  }
}

extension UsageKind {
  /// As `usage_records.kind` holds it, for grouping in the test's own order.
  var column: String {
    switch self {
    case .data: "data"
    case .call: "call"
    case .sms: "sms"
    case .unspecified: ""
    }
  }
}
