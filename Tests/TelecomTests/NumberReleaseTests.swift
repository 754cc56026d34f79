import Foundation
import GRPCCore
import RPC
import Storage
import TelecomAPI
import TestSupport
import Testing
import WireCodec

/// The seed's release procedure (§3.4.4; issue 17, must show 4): fewer than 6 unique
/// non-target callers — an assistant approves; 6 or more — the customer's consent first.
@Suite(
  "DID pool: release requests",
  .enabled(
    if: TestDatabase.isAvailable && PrivateOsmoHLR.canStart,
    "needs the test PostgreSQL and osmo-hlr (scripts/test.sh provides both)"))
struct NumberReleaseTests {
  @Test("5 unique callers: approved by an assistant; 6: consent recorded, then approved; both then forced for sale")
  func fiveAndSix() async throws {
    let clock = SettableWallClock(TelecomTestbed.noon(TelecomTestbed.date("2026-04-01")))
    try await TelecomTestbed.with(settings: ["abonent.telecom.ownProviders": "OWN"], clock: clock) { bed in
      let staff = try await TelecomTestbed.staffToken()
      let seller = try await TelecomTestbed.staffToken([TelecomPermission.numbersRead, TelecomPermission.numbersManage])
      let assistant = try await TelecomTestbed.staffToken([
        TelecomPermission.numbersRead, TelecomPermission.numbersApproveRelease,
      ])
      try await bed.importNumbers(
        ["74957770005;Москва;OWN;MSK", "74957770006;Москва;OWN;MSK", "74957770007;Москва;ALIEN;MSK"], token: staff)
      // Eight calls from five callers to the first, six callers to the second, one to the third.
      var calls: [CallDetailRecord] = []
      for index in 0..<8 {
        calls.append(
          TelecomTestbed.incoming(
            to: "74957770005", from: "7916000000\(index % 5)", at: clock.now().adding(.seconds(Int64(index))),
            id: "five-\(index)"))
      }
      for index in 0..<6 {
        calls.append(
          TelecomTestbed.incoming(to: "74957770006", from: "7926000000\(index)", at: clock.now(), id: "six-\(index)"))
      }
      calls.append(TelecomTestbed.incoming(to: "74957770007", from: "79360000000", at: clock.now(), id: "alien"))
      _ = try await bed.ingest(calls, token: staff)

      let five = try await bed.call(
        TelecomContract.requestNumberRelease,
        RequestNumberReleaseRequest(number: "74957770005", reason: "клиент ООО «Восток» хочет этот номер"),
        token: seller)
      #expect(five.state == .awaitingApproval && five.uniqueCallers == 5 && five.requestedBy == "staff:staff-1")
      // One open request per number.
      let twice = await bed.refusal {
        _ = try await bed.call(
          TelecomContract.requestNumberRelease, RequestNumberReleaseRequest(number: "74957770005", reason: "ещё раз"),
          token: seller)
      }
      #expect(twice?.reason == "RELEASE_ALREADY_REQUESTED")
      // The seller may not approve their own request.
      let selfApproved = await bed.refusal {
        _ = try await bed.call(
          TelecomContract.decideNumberRelease, DecideNumberReleaseRequest(id: five.id, approve: true, note: ""),
          token: seller)
      }
      #expect(selfApproved?.code == .permissionDenied)
      let approved = try await bed.call(
        TelecomContract.decideNumberRelease, DecideNumberReleaseRequest(id: five.id, approve: true, note: "ок"),
        token: assistant)
      #expect(approved.state == .approved && approved.decidedBy == "staff:staff-1" && approved.decidedAt != nil)
      let released = try await bed.number("74957770005", token: staff)
      #expect(released.availability == .forced && released.forcedReason == "release request \(five.id): ок")

      let six = try await bed.call(
        TelecomContract.requestNumberRelease, RequestNumberReleaseRequest(number: "74957770006", reason: "красивый"),
        token: seller)
      #expect(six.state == .awaitingConsent && six.uniqueCallers == 6)
      let early = await bed.refusal {
        _ = try await bed.call(
          TelecomContract.decideNumberRelease, DecideNumberReleaseRequest(id: six.id, approve: true, note: ""),
          token: assistant)
      }
      #expect(early?.reason == "CONSENT_REQUIRED")
      #expect(try await bed.number("74957770006", token: staff).availability == .no)
      let consented = try await bed.call(
        TelecomContract.recordReleaseConsent, RecordReleaseConsentRequest(id: six.id, document: "письмо №17 от 01.04"),
        token: seller)
      #expect(consented.state == .awaitingApproval && consented.consentDocument == "письмо №17 от 01.04")
      let sixApproved = try await bed.call(
        TelecomContract.decideNumberRelease, DecideNumberReleaseRequest(id: six.id, approve: true, note: ""),
        token: assistant)
      #expect(sixApproved.state == .approved)
      #expect(try await bed.number("74957770006", token: staff).availability == .forced)
      let decidedAgain = await bed.refusal {
        _ = try await bed.call(
          TelecomContract.decideNumberRelease, DecideNumberReleaseRequest(id: six.id, approve: false, note: "нет"),
          token: assistant)
      }
      #expect(decidedAgain?.reason == "RELEASE_REQUEST_CLOSED")

      // Another provider's number: the request may be made, but not approved.
      let alien = try await bed.call(
        TelecomContract.requestNumberRelease, RequestNumberReleaseRequest(number: "74957770007", reason: "клиент"),
        token: seller)
      let refused = await bed.refusal {
        _ = try await bed.call(
          TelecomContract.decideNumberRelease, DecideNumberReleaseRequest(id: alien.id, approve: true, note: ""),
          token: assistant)
      }
      #expect(refused?.reason == "PROVIDER_NOT_OWN")
      let rejected = try await bed.call(
        TelecomContract.decideNumberRelease,
        DecideNumberReleaseRequest(id: alien.id, approve: false, note: "чужой провайдер"), token: assistant)
      #expect(rejected.state == .rejected)
      #expect(try await bed.number("74957770007", token: staff).availability == .no)

      // A sellable number needs no release.
      let sellable = await bed.refusal {
        _ = try await bed.call(
          TelecomContract.requestNumberRelease, RequestNumberReleaseRequest(number: "74957770005", reason: "x"),
          token: seller)
      }
      #expect(sellable?.reason == "NUMBER_ALREADY_FOR_SALE")
      let open = try await bed.call(
        TelecomContract.listNumberReleases, ListNumberReleasesRequest(states: [.approved]), token: staff)
      #expect(Set(open.requests.map(\.number)) == ["74957770005", "74957770006"])
    }
  }

  @Test("imported statistics: counted for class and callers; a CDR day kept; repeated days and unknown numbers refused")
  func importedStatistics() async throws {
    let clock = SettableWallClock(TelecomTestbed.noon(TelecomTestbed.date("2026-04-01")))
    try await TelecomTestbed.with(settings: ["abonent.telecom.ownProviders": "OWN"], clock: clock) { bed in
      let staff = try await TelecomTestbed.staffToken()
      try await bed.importNumbers(["74958880001;Москва;OWN;MSK", "74958880002;Москва;OWN;MSK"], token: staff)
      let today = TelecomTestbed.date("2026-04-01")
      _ = try await bed.ingest(
        [TelecomTestbed.incoming(to: "74958880001", from: "79160000001", at: clock.now(), id: "cdr-1")], token: staff)
      let reply = try await bed.call(
        TelecomContract.importNonTargetStatistics,
        ImportNonTargetStatisticsRequest(days: [
          NonTargetDay(number: "74958880001", day: today, calls: 9, uniqueCallers: 9),
          NonTargetDay(number: "+74958880002", day: today, calls: 7, uniqueCallers: 4),
        ]), token: staff)
      #expect(reply.stored == 1 && reply.skipped == 1)
      let first = try await bed.call(
        TelecomContract.numberStatistics, NumberStatisticsRequest(number: "74958880001"), token: staff)
      #expect(first.days.map(\.calls) == [1] && first.days.first?.source == "cdr")
      let second = try await bed.call(
        TelecomContract.numberStatistics, NumberStatisticsRequest(number: "74958880002"), token: staff)
      #expect(second.days.map(\.calls) == [7] && second.uniqueCallers == 4 && second.days.first?.source == "import")
      #expect(second.number?.lastCallDay == today && second.number?.nonTargetClass == .insufficientData)
      // The same day imported again with no calls: the number has had no non-target call.
      let corrected = try await bed.call(
        TelecomContract.importNonTargetStatistics,
        ImportNonTargetStatisticsRequest(days: [
          NonTargetDay(number: "74958880002", day: today, calls: 0, uniqueCallers: 0)
        ]), token: staff)
      #expect(corrected.stored == 1)
      #expect(try await bed.number("74958880002", token: staff).lastCallDay == nil)
      let repeated = await bed.refusal {
        _ = try await bed.call(
          TelecomContract.importNonTargetStatistics,
          ImportNonTargetStatisticsRequest(days: [
            NonTargetDay(number: "74958880002", day: today, calls: 1, uniqueCallers: 1),
            NonTargetDay(number: "+74958880002", day: today, calls: 2, uniqueCallers: 1),
          ]), token: staff)
      }
      #expect(repeated?.violations == ["days[1]": "DAY_REPEATED"])
      let bad = await bed.refusal {
        _ = try await bed.call(
          TelecomContract.importNonTargetStatistics,
          ImportNonTargetStatisticsRequest(days: [
            NonTargetDay(number: "74958880002", day: today, calls: 1, uniqueCallers: 2),
            NonTargetDay(number: "74958880002", day: TelecomTestbed.day(today, plus: 1), calls: 1, uniqueCallers: 1),
          ]), token: staff)
      }
      #expect(bad?.violations == ["days[0].uniqueCallers": "CALLERS_RANGE", "days[1].day": "DAY_RANGE"])
      let unknown = await bed.refusal {
        _ = try await bed.call(
          TelecomContract.importNonTargetStatistics,
          ImportNonTargetStatisticsRequest(days: [
            NonTargetDay(number: "74958889999", day: today, calls: 1, uniqueCallers: 1)
          ]), token: staff)
      }
      #expect(unknown?.reason == "NUMBER_NOT_FOUND")
    }
  }

  @Test("details changed: an FMTN flag ignores the number's calls at once; the history names the change")
  func detailsChanged() async throws {
    let clock = SettableWallClock(TelecomTestbed.noon(TelecomTestbed.date("2026-04-01")))
    try await TelecomTestbed.with(clock: clock) { bed in
      let staff = try await TelecomTestbed.staffToken()
      try await bed.importNumbers(["74958880011;Москва;OWN;MSK"], token: staff)
      #expect(try await bed.number("74958880011", token: staff).nonTargetClass == .noData)
      let changed = try await bed.call(
        TelecomContract.changeNumberDetails,
        ChangeNumberDetailsRequest(
          number: "74958880011", region: "Химки", provider: "OWN", placeOfService: "MSK", fmtn: true,
          reason: "перенесён в FMTN"), token: staff)
      #expect(changed.region == "Химки" && changed.fmtn && changed.nonTargetClass == .ignored)
      #expect(changed.availability == .yes)
      let last = try await bed.history("74958880011", token: staff).last
      #expect(last?.event == .detailsChanged && last?.actor == "staff:staff-1")
      #expect(last?.note == "region Москва → Химки; fmtn false → true: перенесён в FMTN")
      let refused = await bed.refusal {
        _ = try await bed.call(
          TelecomContract.changeNumberDetails,
          ChangeNumberDetailsRequest(
            number: "74958880011", region: "", provider: "OWN", placeOfService: "MSK", fmtn: true, reason: ""),
          token: staff)
      }
      #expect(refused?.violations == ["region": "REQUIRED", "reason": "REQUIRED"])
      #expect(try await bed.number("74958880011", token: staff).region == "Химки")
    }
  }
}
