import BillingAPI
import Foundation
import RPC
import Storage
import TelecomAPI
import TestSupport
import Testing
import WireCodec

/// A number's life with a real Billing (issue 17, must show 3 and 6; docs/telecom.md, "Life of
/// a number"): reserved for a New subscription, closed and freed when unpaid after 8 business
/// days of the customer's calendar (a holiday set in Billing included); in work once the
/// subscription is active; to Archive — or, by setting, straight to Free — once it is closed.
@Suite(
  "DID pool: reservations, Billing's subscriptions, the nightly cycle",
  .enabled(
    if: TestDatabase.isAvailable && PrivateOsmoHLR.canStart,
    "needs the test PostgreSQL and osmo-hlr (scripts/test.sh provides both)"))
struct NumberLifeTests {
  /// Monday 7 December 2026; 8 business days after it, with Wednesday the 9th a holiday, end
  /// on Friday the 18th (not Thursday the 17th).
  static let monday = TelecomTestbed.date("2026-12-07")

  /// With `nightly` off only the test's RunNumberCycle calls run the cycle, so what one run did
  /// can be counted; on, the recurring job runs it too as the clock passes 01:00.
  static func settings(_ billing: BillingForTelecom, closedTo: String = "archive", nightly: Bool = false)
    -> [String: String]
  {
    var settings = billing.telecomSettings
    settings["abonent.telecom.ownProviders"] = "OWN"
    settings["abonent.telecom.closedNumbersTo"] = closedTo
    settings["abonent.telecom.nightlyNumberCycle"] = "\(nightly)"
    return settings
  }

  /// A New subscription to the DID service on a new account of a Russian customer.
  static func subscription(
    _ billing: BillingForTelecom, _ remote: TelecomTestbed.Remote, contract: String, credit: Int64 = 0
  ) async throws -> Subscription {
    let account = try await billing.account(in: remote, contract: contract, credit: credit)
    let tariff = try await Self.tariff(billing, remote)
    return try await remote.call(
      BillingContract.createSubscription,
      CreateSubscriptionRequest(accountNumber: account.number, tariffID: tariff.id), token: billing.staff)
  }

  static func tariff(_ billing: BillingForTelecom, _ remote: TelecomTestbed.Remote) async throws -> Tariff {
    let services = try await remote.call(BillingContract.listServices, ListServicesRequest(), token: billing.staff)
    if let tariff = services.services.first(where: { $0.code == "did" })?.tariffs.first { return tariff }
    _ = try await remote.call(
      BillingContract.createService, CreateServiceRequest(code: "did", name: "Номер DID", description: ""),
      token: billing.staff)
    return try await remote.call(
      BillingContract.createTariff,
      CreateTariffRequest(
        serviceCode: "did", name: "Номер DID", country: .russia, currency: "RUB",
        price: ExactDecimal(units: 500, scale: 0), period: .monthly, vatInclusion: .included),
      token: billing.staff)
  }

  static func force(_ bed: TelecomTestbed, _ number: String, staff: String) async throws {
    _ = try await bed.call(
      TelecomContract.forceNumberSale, ForceNumberSaleRequest(number: number, forced: true, reason: "продажа"),
      token: staff)
  }

  /// Forces `number` for sale, reserves it for `subscription`, and pays the subscription in
  /// Billing (activates it): Billing's event puts the number in work.
  static func sellAndPay(
    _ number: String, _ subscription: Subscription, _ bed: TelecomTestbed, _ remote: TelecomTestbed.Remote,
    _ billing: BillingForTelecom, staff: String
  ) async throws {
    try await Self.force(bed, number, staff: staff)
    _ = try await bed.call(
      TelecomContract.reserveNumber, ReserveNumberRequest(number: number, subscriptionID: subscription.id),
      token: staff)
    _ = try await remote.call(
      BillingContract.activateSubscription,
      ChangeSubscriptionRequest(subscriptionID: subscription.id, reason: "оплачено"), token: billing.staff)
    try await eventually("the number in work") { try await bed.number(number, token: staff).status == .inWork }
  }

  @Test("case 1: unpaid for 8 business days across a holiday, the subscription is closed and the number freed")
  func unpaidReservation() async throws {
    try await BillingForTelecom.with { billing in
      try await billing.running { remote in
        // A holiday Billing's staff set, inside the payment window.
        _ = try await remote.call(
          BillingContract.setCalendarDay,
          SetCalendarDayRequest(
            country: .russia, date: TelecomTestbed.date("2026-12-09"), working: false, name: "Тестовый праздник"),
          token: billing.staff)
        let subscription = try await Self.subscription(billing, remote, contract: "DID-1")
        let clock = SettableWallClock(TelecomTestbed.noon(Self.monday))
        try await TelecomTestbed.with(settings: Self.settings(billing), clock: clock) { bed in
          let staff = try await TelecomTestbed.staffToken()
          try await bed.importNumbers(["74951201031;Москва;OWN;MSK", "74951201032;Москва;OWN;MSK"], token: staff)
          // A number resting since today may not be sold…
          let early = await bed.refusal {
            _ = try await bed.call(
              TelecomContract.reserveNumber,
              ReserveNumberRequest(number: "74951201031", subscriptionID: subscription.id), token: staff)
          }
          #expect(early?.reason == "NUMBER_NOT_FOR_SALE")
          // …until it is forced (the seed's case 3: the customer wants this one).
          try await Self.force(bed, "74951201031", staff: staff)
          let reserved = try await bed.call(
            TelecomContract.reserveNumber,
            ReserveNumberRequest(number: "74951201031", subscriptionID: subscription.id), token: staff)
          #expect(reserved.status == .reserved && reserved.accountNumber == subscription.accountNumber)
          #expect(reserved.payBy == TelecomTestbed.date("2026-12-18"), "\(String(describing: reserved.payBy))")
          #expect(reserved.availability == .no && reserved.forcedBy.isEmpty)
          // One number per product.
          try await Self.force(bed, "74951201032", staff: staff)
          let second = await bed.refusal {
            _ = try await bed.call(
              TelecomContract.reserveNumber,
              ReserveNumberRequest(number: "74951201032", subscriptionID: subscription.id), token: staff)
          }
          #expect(second?.reason == "SUBSCRIPTION_HAS_NUMBER")
          // Must show 6: whose number is it, over RPC.
          let found = try await bed.call(
            TelecomContract.findCustomerByNumber, FindCustomerByNumberRequest(number: "+74951201031"), token: staff)
          #expect(found.accountNumber == subscription.accountNumber && found.customerName == "ООО «DID-1»")
          #expect(found.taxID == "7707083893" && found.number?.status == .reserved)
          let nobody = await bed.refusal {
            _ = try await bed.call(
              TelecomContract.findCustomerByNumber, FindCustomerByNumberRequest(number: "74951201032"), token: staff)
          }
          #expect(nobody?.reason == "NUMBER_HAS_NO_CUSTOMER")
          // The last day to pay passes quietly…
          for day in 1...11 {
            clock.set(TelecomTestbed.noon(TelecomTestbed.day(Self.monday, plus: day)))
            let cycle = try await bed.call(TelecomContract.runNumberCycle, RunNumberCycleRequest(), token: staff)
            #expect(cycle.reservationsExpired == 0, "day \(day)")
            #expect(try await bed.number("74951201031", token: staff).status == .reserved)
          }
          // …and the night after it, the subscription is closed in Billing and the number freed.
          clock.set(TelecomTestbed.noon(TelecomTestbed.date("2026-12-19")))
          let cycle = try await bed.call(TelecomContract.runNumberCycle, RunNumberCycleRequest(), token: staff)
          #expect(cycle.reservationsExpired == 1)
          let closed = try await remote.call(
            BillingContract.getSubscription, GetSubscriptionRequest(subscriptionID: subscription.id),
            token: billing.staff)
          #expect(closed.status == .closed)
          let freed = try await bed.number("74951201031", token: staff)
          #expect(freed.status == .free && freed.subscriptionID.isEmpty && freed.accountNumber.isEmpty)
          #expect(
            try await bed.history("74951201031", token: staff).map(\.event)
              == [.added, .forced, .reserved, .reservationExpired])
          // Run again: nothing more to do.
          let again = try await bed.call(TelecomContract.runNumberCycle, RunNumberCycleRequest(), token: staff)
          #expect(again.reservationsExpired == 0 && again.deferred == 0)
          // A product with a planned activation (§1.6) has its 8 business days from that day:
          // from Monday 21 December, across 31 December (a day off by decree) and the New Year
          // holidays of Billing's 2027 calendar, to Monday 11 January.
          let planned = try await remote.call(
            BillingContract.createSubscription,
            CreateSubscriptionRequest(
              accountNumber: subscription.accountNumber, tariffID: subscription.tariff.id,
              plannedActivation: TelecomTestbed.date("2026-12-21")), token: billing.staff)
          let later = try await bed.call(
            TelecomContract.reserveNumber,
            ReserveNumberRequest(number: "74951201032", subscriptionID: planned.id), token: staff)
          #expect(later.payBy == TelecomTestbed.date("2027-01-11"), "\(String(describing: later.payBy))")
        }
      }
    }
  }

  @Test("paid: in work; closed: to Archive, resting until no non-target call for 30 days, then Free")
  func paidThenClosed() async throws {
    try await BillingForTelecom.with { billing in
      try await billing.running { remote in
        let subscription = try await Self.subscription(billing, remote, contract: "DID-2", credit: 10_000)
        let clock = SettableWallClock(TelecomTestbed.noon(Self.monday))
        // The nightly job on: it frees the rested number as the clock passes 01:00 (or the
        // test's own RunNumberCycle does, whichever comes first).
        try await TelecomTestbed.with(settings: Self.settings(billing, nightly: true), clock: clock) { bed in
          let staff = try await TelecomTestbed.staffToken()
          try await bed.importNumbers(["74951201041;Москва;OWN;MSK", "74951201049;Москва;OWN;MSK"], token: staff)
          try await Self.sellAndPay("74951201041", subscription, bed, remote, billing, staff: staff)
          // A call to a working number is the customer's, not non-target.
          let call = try await bed.ingest(
            [TelecomTestbed.incoming(to: "74951201041", from: "79161112233", at: clock.now(), id: "w-1")], token: staff)
          #expect(call.stored == 1)
          #expect(try await bed.number("74951201041", token: staff).lastCallDay == nil)
          clock.set(TelecomTestbed.noon(TelecomTestbed.day(Self.monday, plus: 1)))
          _ = try await remote.call(
            BillingContract.closeSubscription,
            ChangeSubscriptionRequest(subscriptionID: subscription.id, reason: "отказ"), token: billing.staff)
          try await eventually("the number in Archive") {
            try await bed.number("74951201041", token: staff).status == .archive
          }
          let archived = try await bed.number("74951201041", token: staff)
          #expect(archived.statisticsSince == TelecomTestbed.day(Self.monday, plus: 1))
          #expect(archived.nonTargetClass == .noData && archived.availability == .no)
          // Another number's calls make the days collected; the archived one gets one call on
          // its 5th day, so it rests until 30 days after that.
          for day in 1...37 {
            let date = TelecomTestbed.day(Self.monday, plus: day)
            clock.set(TelecomTestbed.noon(date))
            var calls = [
              TelecomTestbed.incoming(to: "74951201049", from: "7916555\(day)", at: clock.now(), id: "o-\(day)")
            ]
            if day == 5 {
              calls.append(TelecomTestbed.incoming(to: "74951201041", from: "79165550000", at: clock.now(), id: "a-5"))
            }
            _ = try await bed.ingest(calls, token: staff)
            _ = try await bed.call(TelecomContract.runNumberCycle, RunNumberCycleRequest(), token: staff)
            let status = try await bed.number("74951201041", token: staff).status
            // Statistics from day 1: enough data on day 31, but the day-5 call counts to day 35.
            #expect(status == (day >= 36 ? .free : .archive), "day \(day)")
          }
          let history = try await bed.history("74951201041", token: staff)
          #expect(history.map(\.event) == [.added, .forced, .reserved, .activated, .released, .freedFromArchive])
          let freed = try #require(history.last)
          #expect(freed.actor == "telecom" && freed.from == .archive && freed.to == .free)
          // On day 36 (the clock stands at its noon all that day).
          #expect(freed.at == TelecomTestbed.noon(TelecomTestbed.day(Self.monday, plus: 36)))
        }
      }
    }
  }

  @Test("case 2: with closedNumbersTo=free a closed number is free at once, skipping the sump")
  func closedStraightToFree() async throws {
    try await BillingForTelecom.with { billing in
      try await billing.running { remote in
        let subscription = try await Self.subscription(billing, remote, contract: "DID-3", credit: 10_000)
        let clock = SettableWallClock(TelecomTestbed.noon(Self.monday))
        try await TelecomTestbed.with(settings: Self.settings(billing, closedTo: "free"), clock: clock) { bed in
          let staff = try await TelecomTestbed.staffToken()
          try await bed.importNumbers(["74951201051;Москва;OWN;MSK"], token: staff)
          try await Self.sellAndPay("74951201051", subscription, bed, remote, billing, staff: staff)
          _ = try await remote.call(
            BillingContract.closeSubscription,
            ChangeSubscriptionRequest(subscriptionID: subscription.id, reason: "отказ"), token: billing.staff)
          try await eventually("the number free") {
            try await bed.number("74951201051", token: staff).status == .free
          }
          let last = try await bed.history("74951201051", token: staff).last
          #expect(last?.event == .released && last?.from == .inWork && last?.to == .free && last?.actor == "billing")
        }
      }
    }
  }
}
