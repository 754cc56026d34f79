import Foundation
import GRPCCore
import RPC
import Storage
import TelecomAPI
import TestSupport
import Testing
import WireCodec

/// The seed's NCV classes and sale availability over a real pool, the clock walked day by day
/// and the statistics fed by real CDR ingest (issue 17, must show 1 and 2; docs/telecom.md,
/// "Non-target calls").
@Suite(
  "DID pool: non-target classes walked day by day",
  .enabled(
    if: TestDatabase.isAvailable && PrivateOsmoHLR.canStart,
    "needs the test PostgreSQL and osmo-hlr (scripts/test.sh provides both)"))
struct NumberClassTests {
  static let settings = ["abonent.telecom.ownProviders": "OWN, OWN-2", "abonent.telecom.agentPlaceOfService": "AGENT"]
  static let start = TelecomTestbed.date("2026-03-02")

  /// A: plain, never called. B: called every day from day 3 (the statistics "collected"). C:
  /// called on day 10 only. F: FMTN, called. G: an agent number. H: another provider's.
  static let numbers = [
    "74950000001;Москва;OWN;MSK", "74950000002;Москва;OWN;MSK", "74950000003;Москва;OWN;MSK",
    "74950000004;Москва;OWN;MSK;1", "74950000005;Москва;OWN;AGENT", "74950000006;Москва;ALIEN;MSK",
  ]

  @Test("each class at its day: No data until any number has statistics, Insufficient for 30 days, then Has/No NCV")
  func walk() async throws {
    let clock = SettableWallClock(TelecomTestbed.noon(Self.start))
    try await TelecomTestbed.with(settings: Self.settings, clock: clock) { bed in
      let staff = try await TelecomTestbed.staffToken()
      try await bed.importNumbers(Self.numbers, token: staff)
      var seen: [Int: [String: NonTargetClass]] = [:]
      for day in 0...41 {
        let date = TelecomTestbed.day(Self.start, plus: day)
        clock.set(TelecomTestbed.noon(date))
        var calls: [CallDetailRecord] = []
        if day >= 3 {
          calls.append(
            TelecomTestbed.incoming(to: "74950000002", from: "7916000\(day)", at: clock.now(), id: "b-\(day)"))
          calls.append(TelecomTestbed.incoming(to: "74950000004", from: "79160001111", at: clock.now(), id: "f-\(day)"))
        }
        if day == 10 {
          calls.append(TelecomTestbed.incoming(to: "74950000003", from: "79160002222", at: clock.now(), id: "c-10"))
        }
        if !calls.isEmpty {
          let reply = try await bed.ingest(calls, token: staff)
          #expect(reply.stored == UInt64(calls.count) && reply.charged == 0 && reply.unrated == UInt64(calls.count))
        }
        let found = try await bed.search(SearchNumbersRequest(), token: staff)
        seen[day] = found.mapValues(\.nonTargetClass)
      }
      func at(_ day: Int, _ number: String) -> NonTargetClass? { seen[day]?["7495000000\(number)"] }
      // Days 0–2: no number has statistics, so A is No data — its own silence is not data.
      for day in 0...2 { #expect(at(day, "1") == .noData && at(day, "2") == .noData, "day \(day)") }
      // Day 3: B's call makes day 3 collected for every number resting since before it.
      #expect(at(3, "1") == .insufficientData && at(3, "2") == .insufficientData)
      // 30 days after the first statistics (day 33) there is enough data; day 32 not yet.
      #expect(at(32, "1") == .insufficientData && at(33, "1") == .noCalls)
      #expect(at(32, "2") == .insufficientData && at(33, "2") == .hasCalls)
      // C's one call on day 10 counts through day 40 (today − 30) and not on day 41.
      #expect(at(33, "3") == .hasCalls && at(40, "3") == .hasCalls && at(41, "3") == .noCalls)
      // FMTN and agent numbers ignore their calls every day; the others never do.
      for day in 0...41 {
        #expect(at(day, "4") == .ignored && at(day, "5") == .ignored, "day \(day)")
        #expect(at(day, "6") != .ignored && at(day, "1") != .ignored, "day \(day)")
      }
      // B's statistics: one call a day from a different caller, day 3 to day 41.
      let stats = try await bed.call(
        TelecomContract.numberStatistics, NumberStatisticsRequest(number: "74950000002"), token: staff)
      #expect(stats.days.count == 31 && stats.days.allSatisfy { $0.calls == 1 && $0.uniqueCallers == 1 })
      #expect(stats.uniqueCallers == 31)
      // The same day sent again stores nothing and counts nothing twice.
      let again = try await bed.ingest(
        [TelecomTestbed.incoming(to: "74950000002", from: "791600041", at: clock.now(), id: "b-41")], token: staff)
      #expect(again.stored == 0)
      let after = try await bed.call(
        TelecomContract.numberStatistics, NumberStatisticsRequest(number: "74950000002"), token: staff)
      #expect(after.days.first?.calls == 1)

      try await Self.availability(bed, staff: staff)
    }
  }

  /// Must show 2 on day 41: the availability filter, and forcing.
  static func availability(_ bed: TelecomTestbed, staff: String) async throws {
    let sellable = SearchNumbersRequest(availabilities: [.yes, .forced])
    // A, C and H rested (No NCV: availability does not ask the provider), F and G ignore NCV;
    // B has calls.
    #expect(
      Set(try await bed.search(sellable, token: staff).keys)
        == ["74950000001", "74950000003", "74950000004", "74950000005", "74950000006"])
    #expect(try await bed.number("74950000002", token: staff).availability == .no)
    // Forcing needs its permission…
    let seller = try await TelecomTestbed.staffToken([TelecomPermission.numbersRead, TelecomPermission.numbersManage])
    let denied = await bed.refusal {
      _ = try await bed.call(
        TelecomContract.forceNumberSale,
        ForceNumberSaleRequest(number: "74950000002", forced: true, reason: "клиент просит"), token: seller)
    }
    #expect(denied?.code == .permissionDenied)
    // …is refused for other providers' numbers…
    let alien = await bed.refusal {
      _ = try await bed.call(
        TelecomContract.forceNumberSale,
        ForceNumberSaleRequest(number: "74950000006", forced: true, reason: "клиент просит"), token: staff)
    }
    #expect(alien?.code == .failedPrecondition && alien?.reason == "PROVIDER_NOT_OWN")
    // …and takes effect at once, kept in the history with who and why.
    let forced = try await bed.call(
      TelecomContract.forceNumberSale,
      ForceNumberSaleRequest(number: "74950000002", forced: true, reason: "Кейс 3: клиент хочет именно его"),
      token: staff)
    #expect(forced.availability == .forced && forced.forcedBy == "staff:staff-1")
    #expect(try await bed.search(sellable, token: staff)["74950000002"]?.availability == .forced)
    let last = try await bed.history("74950000002", token: staff).last
    #expect(last?.event == .forced && last?.actor == "staff:staff-1" && last?.note == "Кейс 3: клиент хочет именно его")
    let unforced = try await bed.call(
      TelecomContract.forceNumberSale,
      ForceNumberSaleRequest(number: "74950000002", forced: false, reason: "передумал"), token: staff)
    #expect(unforced.availability == .no && unforced.nonTargetClass == .hasCalls)
    #expect(try await bed.history("74950000002", token: staff).last?.event == .unforced)
    // Only the sellable numbers of one class, and of no class but one provider.
    #expect(
      Set(try await bed.search(SearchNumbersRequest(nonTargetClasses: [.ignored]), token: staff).keys)
        == ["74950000004", "74950000005"])
    #expect(
      Set(try await bed.search(SearchNumbersRequest(provider: "ALIEN", availabilities: [.yes]), token: staff).keys)
        == ["74950000006"])
  }
}
