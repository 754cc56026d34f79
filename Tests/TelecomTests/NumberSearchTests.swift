import Foundation
import PostgresNIO
import RPC
import Storage
import TelecomAPI
import TelecomRules
import TestSupport
import Testing
import WireCodec

@testable import TelecomService

/// Searching the pool (issue 17, must show 5): masks, the 5,000 cap, exports only with the
/// availability filter; and the SQL that classifies numbers agreeing with the rules' value type.
@Suite(
  "DID pool: search, show cap and export",
  .enabled(
    if: TestDatabase.isAvailable && PrivateOsmoHLR.canStart,
    "needs the test PostgreSQL and osmo-hlr (scripts/test.sh provides both)"))
struct NumberSearchTests {
  @Test("mask %555% finds exactly the numbers holding 555; 100 shown by default, 5,000 at most, never more")
  func maskAndCap() async throws {
    try await TelecomTestbed.with { bed in
      let staff = try await TelecomTestbed.staffToken()
      // 10,000 numbers of 11 digits spread over the range (159 of them hold 555), region by parity.
      let all = (0..<10_000).map { index in
        let digits = String((index * 1_234_567_891) % 10_000_000_000)
        return "7" + String(repeating: "0", count: 10 - digits.count) + digits
      }
      try await bed.importNumbers(all.map { "\($0);\(Int($0)! % 2 == 0 ? "Москва" : "Химки");OWN;MSK" }, token: staff)
      let mask = try #require(NumberMask("%555%"))
      let expected = Set(all.filter(mask.matches))
      #expect(expected.count > 100)
      #expect(Set(try await bed.search(SearchNumbersRequest(mask: "%555%"), token: staff).keys) == expected)
      #expect(
        Set(try await bed.search(SearchNumbersRequest(mask: "%555%", region: "Химки"), token: staff).keys)
          == expected.filter { Int($0)! % 2 == 1 })
      let first = try await bed.call(TelecomContract.searchNumbers, SearchNumbersRequest(mask: "%555%"), token: staff)
      #expect(first.numbers.count == 100 && !first.nextPageToken.isEmpty)
      #expect(first.numbers.map(\.number) == expected.sorted().prefix(100).map { $0 })
      let most = try await bed.call(
        TelecomContract.searchNumbers, SearchNumbersRequest(page: PageRequest(size: 5000, token: "")), token: staff)
      #expect(most.numbers.count == 5000 && !most.nextPageToken.isEmpty)
      let tooMany = await bed.refusal {
        _ = try await bed.call(
          TelecomContract.searchNumbers, SearchNumbersRequest(page: PageRequest(size: 5001, token: "")), token: staff)
      }
      #expect(tooMany?.reason == "PAGE_TOO_LARGE")
      let exact = try await bed.call(
        TelecomContract.searchNumbers, SearchNumbersRequest(mask: "+79629628555"), token: staff)
      #expect(exact.numbers.map(\.number) == ["79629628555"])
      for bad in ["7495*", "7495'; DROP TABLE did_numbers; --", String(repeating: "1", count: 21)] {
        let refused = await bed.refusal {
          _ = try await bed.call(TelecomContract.searchNumbers, SearchNumbersRequest(mask: bad), token: staff)
        }
        #expect(refused?.violations == ["mask": "MASK_FORMAT"], "\(bad)")
      }
      // Import again: nothing added, nothing changed.
      let again = try await bed.call(
        TelecomContract.importNumbers, ImportNumbersRequest(csv: "\(all[0]);Москва;OWN;MSK"), token: staff)
      #expect(again.added == 0 && again.unchanged == 1)
    }
  }

  @Test("exports: free numbers without the availability filter refused; with it, an XLSX in Downloads")
  func export() async throws {
    try await TelecomTestbed.with(settings: ["abonent.telecom.ownProviders": "OWN"]) { bed in
      let staff = try await TelecomTestbed.staffToken()
      try await bed.importNumbers(["74955550001;Москва;OWN;AGENT", "74955550002;Москва;OWN;MSK"], token: staff)
      for search in [SearchNumbersRequest(mask: "%555%"), SearchNumbersRequest(statuses: [.free])] {
        let refused = await bed.refusal {
          _ = try await bed.call(
            TelecomContract.exportNumbers, ExportNumbersRequest(search: search, email: "sales@example.ru"),
            token: staff)
        }
        #expect(refused?.reason == "AVAILABILITY_FILTER_REQUIRED")
      }
      let reply = try await bed.call(
        TelecomContract.exportNumbers,
        ExportNumbersRequest(
          search: SearchNumbersRequest(mask: "%555%", availabilities: [.yes, .forced]), email: "sales@example.ru"),
        token: staff)
      var task = TelecomTask()
      try await eventually("the export task to end") {
        task = try await bed.call(TelecomContract.getTask, GetTaskRequest(id: reply.taskID), token: staff)
        return task.state == .finished || task.state == .failed
      }
      #expect(task.state == .finished && task.message.contains("1 numbers"), "\(task.message)")
      let file = try await bed.call(
        TelecomContract.downloadFile, DownloadFileRequest(id: task.result, offset: 0), token: staff)
      #expect(file.bytes.starts(with: [0x50, 0x4B]), "an XLSX is a ZIP")
    }
  }

  @Test("SQL's class and availability equal the rules' for random pool states")
  func sqlAgreesWithRules() async throws {
    let today = TelecomTestbed.date("2026-05-20")
    let clock = SettableWallClock(TelecomTestbed.noon(today))
    try await TelecomTestbed.with(settings: ["abonent.telecom.agentPlaceOfService": "AGENT"], clock: clock) { bed in
      let staff = try await TelecomTestbed.staffToken()
      let numbers = (0..<400).map { "7499\(String(format: "%07d", $0))" }
      try await bed.importNumbers(numbers.map { "\($0);Москва;OWN;MSK" }, token: staff)
      var random = SeededRandom.forTest("pool sql")
      let rules = NumberSaleRules(coolingDays: 30, agentPlace: "AGENT")
      let day = { (offset: Int?) in offset.map { TelecomTestbed.day(today, plus: $0) } }
      let states = numbers.map { number in
        (
          number: number, status: NumberStatus.allCases.randomElement(using: &random)!,
          forced: Bool.random(using: &random),
          facts: NumberSaleRules.Facts(
            fmtn: Int.random(in: 0..<8, using: &random) == 0,
            place: Int.random(in: 0..<8, using: &random) == 0 ? "AGENT" : "MSK",
            firstStatisticsDay: day(Bool.random(using: &random) ? Int.random(in: -60...3, using: &random) : nil),
            lastCallDay: day(Bool.random(using: &random) ? Int.random(in: -60...0, using: &random) : nil))
        )
      }
      try await TestDatabase.running(bed.database) { database in
        try await database.withConnection { connection in
          for state in states {
            try await connection.query(
              """
              UPDATE did_numbers SET status = \(state.status.rawValue), fmtn = \(state.facts.fmtn),
                place = \(state.facts.place),
                subscription_id = CASE WHEN \(state.status.isTaken) THEN gen_random_uuid() END,
                forced_at = CASE WHEN \(state.forced) THEN now() END, first_stats_day = \(state.facts.firstStatisticsDay),
                last_call_day = \(state.facts.lastCallDay)
              WHERE number = \(state.number)
              """, logger: database.logger)
          }
        }
      }
      var expected: [String: (NonTargetCallClass, SaleAvailability)] = [:]
      for state in states {
        let ncv = rules.classify(state.facts, today: today)
        expected[state.number] = (ncv, rules.availability(status: state.status, forced: state.forced, class: ncv))
      }
      let found = try await bed.search(SearchNumbersRequest(), token: staff)
      #expect(found.count == numbers.count)
      for (number, (ncv, availability)) in expected {
        #expect(found[number]?.nonTargetClass == ncv.wire, "\(number)")
        #expect(found[number]?.availability == availability.wire, "\(number)")
      }
    }
  }
}
