import BillingAPI
import Foundation
import GRPCCore
import PostgresNIO
import RPC
import Storage
import TelecomAPI
import TestSupport
import Testing
import WireCodec

/// Call detail records in, rated, stored once and charged once in a real Billing
/// (docs/telecom.md, "Call records"; issue 16, must show 4).
@Suite(
  "Call records: ingest, rating, charges to Billing",
  .enabled(
    if: TestDatabase.isAvailable && PrivateOsmoHLR.canStart,
    "needs the test PostgreSQL and osmo-hlr (scripts/test.sh provides both)"))
struct CallIngestTests {
  static let settings = ["abonent.telecom.usagePollInterval": "100ms", "abonent.telecom.chargeBatchSize": "50"]

  /// Provider MSK-MEGAFON sells 381 under plan BASE at 12.50 a minute (60/60) with a 0.35
  /// connection fee and buys it at 8.10 (1/1); `account` is rated by BASE.
  func prices(_ bed: TelecomTestbed, account: String) async throws -> String {
    let staff = try await TelecomTestbed.staffToken()
    _ = try await bed.call(
      TelecomContract.createProvider,
      Provider(code: "MSK-MEGAFON", name: "Москва, Мегафон", incomingService: .unspecified, createdAt: .epoch),
      token: staff)
    _ = try await bed.call(
      TelecomContract.createRatingPlan, RatingPlan(code: "BASE", name: "Базовый", currency: "RUB", createdAt: .epoch),
      token: staff)
    // SetAccountRatingPlan checks the account with Billing.
    _ = try await whileBillingConnects {
      try await bed.call(
        TelecomContract.setAccountRatingPlan, SetAccountRatingPlanRequest(accountNumber: account, ratingPlan: "BASE"),
        token: staff)
    }
    for (kind, csv, currency) in [
      (PriceListKind.retail, "381,12.50,60,60/60,0.35,2020-01-01,", ""),
      (.wholesale, "381,8.10,60,1/1,0,2020-01-01,", "RUB"),
    ] {
      let reply = try await bed.call(
        TelecomContract.importPriceList,
        ImportPriceListRequest(
          key: PriceListKey(
            provider: "MSK-MEGAFON", kind: kind, ratingPlan: kind == .retail ? "BASE" : "", service: .outgoingCall,
            placeOfService: "MSK"),
          csv: csv, currency: currency),
        token: staff)
      #expect(reply.errors.isEmpty, "\(reply.errors)")
    }
    return staff
  }

  /// Yesterday's date, `YYYY-MM-DD`: within the window a call may have started in.
  static var yesterday: String { String(UTCTimestamp.now.adding(.seconds(-86_400)).description.prefix(10)) }

  /// An Asterisk Master.csv line (loguniqueid=yes, loguserfield=yes).
  static func asteriskLine(
    account: String, dialed: String, start: String, answered: Bool, duration: Int, billsec: Int, id: String
  ) -> String {
    let disposition = answered ? "ANSWERED" : "NO ANSWER"
    let answer = answered ? start : ""
    return
      #""\#(account)","74951234567","\#(dialed)","from-internal","""Офис"" <74951234567>","SIP/101-0000001a","#
      + #""SIP/megafon-0000001b","Dial","SIP/megafon/\#(dialed),60,tT","\#(start)","\#(answer)","\#(start)","#
      + #"\#(duration),\#(billsec),"\#(disposition)","DOCUMENTATION","\#(id)","""#
  }

  /// The file of must show 4: three answered calls to Belgrade (65 s, 60 s, 1 s), one
  /// unanswered, one to a destination without a price; local time, UTC+3.
  static func asteriskFile(account: String) -> String {
    let day = Self.yesterday
    return [
      asteriskLine(
        account: account, dialed: "381114112060", start: "\(day) 10:00:00", answered: true, duration: 70,
        billsec: 65, id: "1764000000.1"),
      asteriskLine(
        account: account, dialed: "+381114112061", start: "\(day) 10:05:00", answered: true, duration: 62,
        billsec: 60, id: "1764000000.2"),
      asteriskLine(
        account: account, dialed: "381114112062", start: "\(day) 10:10:00", answered: true, duration: 3, billsec: 1,
        id: "1764000000.3"),
      asteriskLine(
        account: account, dialed: "381114112063", start: "\(day) 10:15:00", answered: false, duration: 30,
        billsec: 0, id: "1764000000.4"),
      asteriskLine(
        account: account, dialed: "4930123456", start: "\(day) 10:20:00", answered: true, duration: 40, billsec: 35,
        id: "1764000000.5"),
    ].joined(separator: "\n") + "\n"
  }

  /// The stored records: call id → (status, reason, retail kopecks, start as UTC text).
  func stored(_ bed: TelecomTestbed) async throws -> [String: (String, String, Int64?, String)] {
    try await TestDatabase.running(bed.database) { database in
      try await database.withConnection { connection in
        var rows: [String: (String, String, Int64?, String)] = [:]
        for try await (id, status, reason, retail, start) in try await connection.query(
          """
          SELECT call_id, status, reason, retail_minor, to_char(started_at AT TIME ZONE 'UTC', 'HH24:MI:SS')
          FROM call_records
          """, logger: database.logger
        ).decode((String, String, String, Int64?, String).self) {
          rows[id] = (status, reason, retail, start)
        }
        return rows
      }
    }
  }

  /// The call charges waiting in the outbox's batch rows (`pending`), and those set aside in
  /// `usage_charges` by status (Billing refused them); posted charges leave the outbox.
  func outbox(_ bed: TelecomTestbed) async throws -> [String: Int64] {
    try await TestDatabase.running(bed.database) { database in
      try await database.withConnection { connection in
        var byStatus: [String: Int64] = [:]
        let pending =
          try await connection.query(
            "SELECT COALESCE(sum(charges - posted), 0)::bigint FROM call_charge_batches", logger: database.logger
          ).decode(Int64.self).collect().first ?? 0
        if pending > 0 { byStatus["pending"] = pending }
        for try await (status, count) in try await connection.query(
          "SELECT status, count(*) FROM usage_charges WHERE record_id LIKE 'call:%' GROUP BY status",
          logger: database.logger
        ).decode((String, Int64).self) {
          byStatus[status, default: 0] += count
        }
        return byStatus
      }
    }
  }

  @Test("an Asterisk CDR file imported twice is stored once and charged once in Billing")
  func fileTwice() async throws {
    try await BillingForTelecom.with { billing in
      try await billing.running { remote in
        let account = try await billing.account(in: remote, contract: "C-1", credit: 1_000)
        try await TelecomTestbed.with(settings: billing.telecomSettings.merging(Self.settings) { _, new in new }) {
          bed in
          _ = try await self.prices(bed, account: account.number)
          let ingest = try await TelecomTestbed.staffToken([TelecomPermission.callsIngest])
          let request = ImportCallFileRequest(
            format: .asteriskCSV, content: Self.asteriskFile(account: account.number), service: .outgoingCall,
            placeOfService: "MSK", utcOffsetMinutes: 180)
          let first = try await bed.call(TelecomContract.importCallFile, request, token: ingest)
          #expect(first.errors.isEmpty, "\(first.errors)")
          #expect(first.received == 5 && first.stored == 5 && first.charged == 3 && first.unrated == 1)

          let records = try await self.stored(bed)
          // 65 s at 60/60 is two minutes: 2 × 12.50 + 0.35; 60 s one minute; 1 s a whole minute.
          #expect(records["1764000000.1"]?.2 == 2_535 && records["1764000000.2"]?.2 == 1_285)
          #expect(records["1764000000.3"]?.2 == 1_285)
          // Unanswered: rated, nothing to pay (no connection fee either).
          #expect(records["1764000000.4"]?.0 == "rated" && records["1764000000.4"]?.2 == 0)
          #expect(records["1764000000.5"]?.0 == "unrated" && records["1764000000.5"]?.1 == "NO_RETAIL_PRICE")
          // The switch wrote Moscow time: 10:00 there is 07:00 UTC.
          #expect(records["1764000000.1"]?.3 == "07:00:00")

          let again = try await bed.call(TelecomContract.importCallFile, request, token: ingest)
          #expect(again.received == 5 && again.stored == 0 && again.charged == 0 && again.errors.isEmpty)

          // Posted charges leave the outbox: its batch row goes once Billing has them all.
          try await eventually("the call charges posted", limit: .seconds(120)) { try await self.outbox(bed).isEmpty }
          // 1,000.00 − 25.35 − 12.85 − 12.85.
          #expect(try await billing.balance(of: account.number, in: remote) == ExactDecimal(units: 94_895, scale: 2))
          // A third import, after the posting: still nothing new, in the store or the balance.
          let third = try await bed.call(TelecomContract.importCallFile, request, token: ingest)
          #expect(third.stored == 0 && third.charged == 0)
          try await Task.sleep(for: .milliseconds(500))
          #expect(try await billing.balance(of: account.number, in: remote) == ExactDecimal(units: 94_895, scale: 2))
        }
      }
    }
  }

  /// An hour ago, to the second, the same for every record of a test run: a call's identity
  /// is its id with its start.
  static let anHourAgo = UTCTimestamp(
    microsecondsSinceEpoch: (UTCTimestamp.now.microsecondsSinceEpoch / 1_000_000 - 3_600) * 1_000_000)

  static func record(_ id: String, account: String, dialed: String = "+381114112060", seconds: UInt64 = 60)
    -> CallDetailRecord
  {
    CallDetailRecord(
      callID: id, accountNumber: account, caller: "74951234567", dialedNumber: dialed, service: .outgoingCall,
      placeOfService: "MSK", startedAt: Self.anHourAgo, answered: seconds > 0,
      durationSeconds: UInt32(seconds + 5), quantity: seconds)
  }

  @Test("IngestCalls: batches stored as they come, a batch sent again stores nothing, a bad batch nothing of its own")
  func streamed() async throws {
    try await TelecomTestbed.with { bed in
      let staff = try await self.prices(bed, account: "LS-1")
      let ingest = try await TelecomTestbed.staffToken([TelecomPermission.callsIngest])
      let lock = try await bed.call(
        TelecomContract.createLock,
        CreateLockRequest(accountNumber: "LS-1", prefix: "38199", provider: "MSK-MEGAFON", reason: "premium"),
        token: staff)
      let first = CallRecordBatch(records: (1...300).map { Self.record("s-\($0)", account: "LS-1") })
      let second = CallRecordBatch(
        records: [Self.record("s-301", account: "LS-1", dialed: "38199000"), Self.record("s-1", account: "LS-1")])
      let reply = try await bed.upload(TelecomContract.ingestCalls, [first, second, first], token: ingest)
      #expect(reply.batches == 3 && reply.received == 602)
      #expect(reply.stored == 301 && reply.charged == 300 && reply.unrated == 1, "\(reply)")
      let records = try await self.stored(bed)
      #expect(records.count == 301)
      #expect(records["s-301"]?.0 == "unrated" && records["s-301"]?.1 == "LOCKED")
      let lockID = try await TestDatabase.running(bed.database) { database in
        try await database.withConnection { connection in
          try await connection.query(
            "SELECT lock_id::text FROM call_records WHERE call_id = 's-301'", logger: database.logger
          ).decode(String?.self).collect().first ?? nil
        }
      }
      #expect(lockID == lock.id)

      // A bad record refuses its batch: the batches before it stay, nothing of it is stored.
      var bad = CallRecordBatch(records: [Self.record("s-400", account: "LS-1"), Self.record("s-401", account: "LS-1")])
      bad.records[1].dialedNumber = "38x"
      let good = CallRecordBatch(records: [Self.record("s-500", account: "LS-1")])
      let refused = await bed.refusal {
        _ = try await bed.upload(TelecomContract.ingestCalls, [good, bad], token: ingest)
      }
      #expect(refused?.code == .invalidArgument)
      #expect(refused?.message.contains("records[1].dialedNumber") == true)
      #expect(refused?.message.contains("Batch 2 was refused") == true)
      let after = try await self.stored(bed)
      #expect(after["s-500"] != nil && after["s-400"] == nil && after.count == 302)

      // Without the permission, nothing.
      let denied = await bed.refusal {
        _ = try await bed.upload(
          TelecomContract.ingestCalls, [good],
          token: try await TelecomTestbed.staffToken([TelecomPermission.pricesRead]))
      }
      #expect(denied?.code == .permissionDenied)
    }
  }

  @Test("a FreeSWITCH file is read by its default template; a file with a bad line stores nothing and names the line")
  func freeswitch() async throws {
    try await TelecomTestbed.with { bed in
      _ = try await self.prices(bed, account: "LS-1")
      let ingest = try await TelecomTestbed.staffToken([TelecomPermission.callsIngest])
      let day = Self.yesterday
      let line = { (id: String, dialed: String) in
        #""Офис","74951234567","\#(dialed)","default","\#(day) 12:00:00","\#(day) 12:00:04","\#(day) 12:01:04","#
          + #""64","60","NORMAL_CLEARING","\#(id)","","LS-1","PCMA","PCMA""#
      }
      let file = [line("0b1e2a6c-1", "381114112060"), line("0b1e2a6c-2", "381114112061")].joined(separator: "\n")
      let reply = try await bed.call(
        TelecomContract.importCallFile,
        ImportCallFileRequest(
          format: .freeswitchCSV, content: file, service: .outgoingCall, placeOfService: "MSK", utcOffsetMinutes: 0),
        token: ingest)
      #expect(reply.stored == 2 && reply.charged == 2 && reply.errors.isEmpty)
      #expect(try await self.stored(bed)["0b1e2a6c-1"]?.2 == 1_285)

      let broken = file + "\n" + line("0b1e2a6c-3", "3811x") + "\n" + line("0b1e2a6c-4", "381114112063")
      let refused = try await bed.call(
        TelecomContract.importCallFile,
        ImportCallFileRequest(
          format: .freeswitchCSV, content: broken, service: .outgoingCall, placeOfService: "MSK", utcOffsetMinutes: 0),
        token: ingest)
      #expect(refused.errors.map(\.line) == [3] && refused.errors.first?.reason == "NUMBER_FORMAT")
      let afterRefusal = try await self.stored(bed)
      #expect(refused.stored == 0 && afterRefusal.count == 2)
    }
  }
}
