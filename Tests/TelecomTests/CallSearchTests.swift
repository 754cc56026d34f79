import Foundation
import GRPCCore
import RPC
import Storage
import TelecomAPI
import TestSupport
import Testing
import WireCodec

/// SearchCalls (docs/telecom.md, "Call records"; the seed's §2.5 «Просмотр CDR»): current vs
/// archive, the required service with CALLS_REC apart from unlimited recording, the dialed
/// number, keyset pages.
@Suite(
  "Call records: search",
  .enabled(
    if: TestDatabase.isAvailable && PrivateOsmoHLR.canStart,
    "needs the test PostgreSQL and osmo-hlr (scripts/test.sh provides both)"))
struct CallSearchTests {
  static let now = UTCTimestamp(microsecondsSinceEpoch: UTCTimestamp.now.microsecondsSinceEpoch / 1_000_000 * 1_000_000)

  static func record(_ id: String, _ service: BilledService, _ dialed: String, minutesAgo: Int64) -> CallDetailRecord {
    CallDetailRecord(
      callID: id, accountNumber: "LS-1", caller: "74951234567", dialedNumber: dialed, service: service,
      placeOfService: "MSK", startedAt: Self.now.adding(.seconds(-60 * minutesAgo)), answered: true,
      durationSeconds: 65, quantity: 60)
  }

  func search(
    _ bed: TelecomTestbed, _ view: CallRecordView, _ service: BilledService, dialed: String = "",
    from: UTCTimestamp? = nil, to: UTCTimestamp? = nil, page: PageRequest = .init(), token: String? = nil
  ) async throws -> SearchCallsReply {
    var bearer = token
    if bearer == nil { bearer = try await TelecomTestbed.staffToken([TelecomPermission.callsRead]) }
    return try await bed.call(
      TelecomContract.searchCalls,
      SearchCallsRequest(
        view: view, accountNumber: "LS-1", service: service, dialedNumber: dialed, from: from, to: to, page: page),
      token: bearer)
  }

  @Test("current is the last 60 minutes, archive before; CALLS_REC is its own service; by dialed number; paged")
  func currentAndArchive() async throws {
    try await TelecomTestbed.with { bed in
      let ingest = try await TelecomTestbed.staffToken([TelecomPermission.callsIngest])
      // The seed's case: a call to +381114112060 twenty minutes ago was recorded (a CALLS_REC
      // line); one yesterday was not; unlimited recording is another service.
      var records = [
        Self.record("now-call", .outgoingCall, "+381114112060", minutesAgo: 20),
        Self.record("now-rec", .callRecording, "+381114112060", minutesAgo: 20),
        Self.record("now-rec-other", .callRecording, "+74957654321", minutesAgo: 30),
        Self.record("old-call", .outgoingCall, "+381114112060", minutesAgo: 1_440),
        Self.record("old-unlim", .unlimitedCallRecording, "+381114112060", minutesAgo: 1_440),
      ]
      // 250 archived calls of two days ago, a minute apart, for the pages.
      records += (0..<250).map {
        Self.record("page-\($0)", .outgoingCall, "+4930123456", minutesAgo: 2_880 + Int64($0))
      }
      _ = try await bed.upload(TelecomContract.ingestCalls, [CallRecordBatch(records: records)], token: ingest)

      let current = try await self.search(bed, .current, .callRecording)
      #expect(current.records.map(\.callID) == ["now-rec", "now-rec-other"])
      let byNumber = try await self.search(bed, .current, .callRecording, dialed: "+3811141")
      #expect(byNumber.records.map(\.callID) == ["now-rec"])
      #expect(byNumber.records.first?.service == .callRecording && byNumber.records.first?.quantity == 60)
      // Unrated here (no prices loaded): stored with the reason, found all the same.
      #expect(byNumber.records.first?.unratedReason == "NO_RETAIL_PRICE" && byNumber.records.first?.charge == nil)

      let weekAgo = Self.now.adding(.seconds(-7 * 86_400))
      let archive = try await self.search(bed, .archive, .callRecording, from: weekAgo, to: Self.now)
      #expect(archive.records.isEmpty, "the recordings are current, not archived")
      let unlimited = try await self.search(bed, .archive, .unlimitedCallRecording, from: weekAgo, to: Self.now)
      #expect(unlimited.records.map(\.callID) == ["old-unlim"])
      let calls = try await self.search(bed, .archive, .outgoingCall, dialed: "381", from: weekAgo, to: Self.now)
      #expect(calls.records.map(\.callID) == ["old-call"])
      let currentCalls = try await self.search(bed, .current, .outgoingCall)
      #expect(currentCalls.records.map(\.callID) == ["now-call"])

      // Pages of 100 over the 250 (and old-call): every record once, newest first.
      var seen: [String] = []
      var token = ""
      repeat {
        let page = try await self.search(
          bed, .archive, .outgoingCall, dialed: "4930", from: weekAgo, to: Self.now,
          page: PageRequest(size: 100, token: token))
        seen += page.records.map(\.callID)
        token = page.nextPageToken
      } while !token.isEmpty
      #expect(seen == (0..<250).map { "page-\($0)" })
    }
  }

  @Test("refusals: no service, no view, an archive without its period or over 93 days; another organization's account")
  func refusals() async throws {
    try await TelecomTestbed.with { bed in
      let noService = await bed.refusal { _ = try await self.search(bed, .current, .unspecified) }
      #expect(noService?.code == .invalidArgument && noService?.message.contains("different services") == true)
      let noView = await bed.refusal { _ = try await self.search(bed, .unspecified, .outgoingCall) }
      #expect(noView?.message.contains("current") == true)
      let noPeriod = await bed.refusal { _ = try await self.search(bed, .archive, .outgoingCall) }
      #expect(noPeriod?.message.contains("period") == true)
      let tooLong = await bed.refusal {
        _ = try await self.search(
          bed, .archive, .outgoingCall, from: Self.now.adding(.seconds(-94 * 86_400)), to: Self.now)
      }
      #expect(tooLong?.message.contains("93 days") == true)
      let badNumber = await bed.refusal { _ = try await self.search(bed, .current, .outgoingCall, dialed: "38x") }
      #expect(badNumber?.message.contains("dialedNumber") == true)

      let customer = try await TestTokens.make(
        audience: "abonent-telecom", permissions: [TelecomPermission.callsRead], userID: "u-1",
        organizationID: UUID().uuidString, kind: .customer)
      let foreign = await bed.refusal { _ = try await self.search(bed, .current, .outgoingCall, token: customer) }
      #expect(foreign?.code == .notFound && foreign?.reason == "ACCOUNT_NOT_FOUND")
      let denied = await bed.refusal {
        _ = try await self.search(
          bed, .current, .outgoingCall, token: try await TelecomTestbed.staffToken([TelecomPermission.pricesRead]))
      }
      #expect(denied?.code == .permissionDenied)
    }
  }

  @Test("export: an archive search as an XLSX in Downloads, every record of it; another organization's account refused")
  func export() async throws {
    try await TelecomTestbed.with { bed in
      let ingest = try await TelecomTestbed.staffToken([TelecomPermission.callsIngest])
      let records = (0..<2_345).map {
        Self.record("x-\($0)", .outgoingCall, "+4930123456", minutesAgo: 2_880 + Int64($0))
      }
      _ = try await bed.upload(TelecomContract.ingestCalls, [CallRecordBatch(records: records)], token: ingest)
      let reader = try await TelecomTestbed.staffToken([TelecomPermission.callsRead])
      let search = SearchCallsRequest(
        view: .archive, accountNumber: "LS-1", service: .outgoingCall, dialedNumber: "49",
        from: Self.now.adding(.seconds(-10 * 86_400)), to: Self.now)
      let reply = try await bed.call(
        TelecomContract.exportCalls, ExportCallsRequest(search: search, email: "ops@example.ru"), token: reader)
      var task = TelecomTask()
      try await eventually("the export task to end") {
        task = try await bed.call(TelecomContract.getTask, GetTaskRequest(id: reply.taskID), token: reader)
        return task.state == .finished || task.state == .failed
      }
      // More than one page of the job's reads (2,000 a page), all in the file.
      #expect(task.state == .finished && task.message.contains("2345 call records"), "\(task.message)")
      #expect(task.total == 2_345 && task.done == 2_345)
      let file = try await bed.call(
        TelecomContract.downloadFile, DownloadFileRequest(id: task.result, offset: 0), token: reader)
      #expect(file.fileName.hasPrefix("cdr-LS-1-CALL_OUT-") && file.totalSize == UInt64(file.bytes.count))
      if SMTPSink.isAvailable {
        // openpyxl reads it: a header, then every record once, newest first.
        let sheet = try #require(try await UsageReportTests.readWorkbook(file.bytes).sheets["CDR"])
        #expect(sheet.count == 2_346 && sheet.first?.first == "text:Начало")
        #expect(sheet.dropFirst().map { $0.last ?? nil } == (0..<2_345).map { "text:x-\($0)" })
      }

      let badMail = await bed.refusal {
        _ = try await bed.call(
          TelecomContract.exportCalls, ExportCallsRequest(search: search, email: "x"), token: reader)
      }
      #expect(badMail?.violations == ["email": "INVALID"])
      let customer = try await TestTokens.make(
        audience: "abonent-telecom", permissions: [TelecomPermission.callsRead], userID: "u-1",
        organizationID: UUID().uuidString, kind: .customer)
      let foreign = await bed.refusal {
        _ = try await bed.call(
          TelecomContract.exportCalls, ExportCallsRequest(search: search, email: "c@example.ru"), token: customer)
      }
      #expect(foreign?.reason == "ACCOUNT_NOT_FOUND")
    }
  }
}
