import BillingAPI
import GRPCCore
import Logging
import PostgresNIO
import RPC
import Storage
import TestSupport
import Testing
import WireCodec

extension BillingTestbed {
  /// A catalogue service with one tariff; returns the tariff.
  func tariff(
    service: String = "sms-100", name: String = "SMS-пакет 100", price: String = "500.00", country: Country = .russia,
    currency: String = "RUB", period: ChargePeriod = .monthly
  ) async throws -> Tariff {
    let token = try await BillingTestbed.staffToken()
    let known = try await self.call(BillingContract.listServices, ListServicesRequest(), token: token).services.map(
      \.code)
    if !known.contains(service) {
      _ = try await self.call(
        BillingContract.createService, CreateServiceRequest(code: service, name: name, description: "Тестовая услуга"),
        token: token)
    }
    return try await self.call(
      BillingContract.createTariff,
      CreateTariffRequest(
        serviceCode: service, name: name, country: country, currency: currency, price: money(price), period: period),
      token: token)
  }

  func pay(_ account: Account, _ amount: String, key: String, on date: CalendarDate = .day(2026, 3, 1)) async throws {
    _ = try await self.call(
      BillingContract.postPayment,
      PostPaymentRequest(
        idempotencyKey: key, accountNumber: account.number, amount: money(amount), date: date, payer: "Плательщик",
        bankReference: key, purpose: "Оплата"), token: try await BillingTestbed.staffToken())
  }

  /// Waits until the job runner has finished the nightly cycle job of `date`.
  func nightlyCycleDone(for date: CalendarDate) async throws {
    let logger = Logger(label: "test")
    _ = try await self.eventually("the nightly cycle of \(date)") {
      let states = try await self.sql { connection in
        try await connection.query(
          "SELECT state FROM jobs WHERE kind = 'billing.daily-cycle' AND key = \(date.description)", logger: logger
        ).decode(String.self).collect()
      }
      return states == ["done"] ? true : nil
    }
  }

  /// The day the walk is on: the clock at 00:30 UTC (03:30 in Moscow, after the 01:00 nightly
  /// slot), and that day's nightly job finished.
  func live(_ day: CalendarDate) async throws {
    self.clock?.set(UTCTimestamp(microsecondsSinceEpoch: (Int64(day.daysSinceEpoch) * 86_400 + 1_800) * 1_000_000))
    try await self.nightlyCycleDone(for: day)
  }

  /// Idempotency keys of the account's charges, oldest first.
  func chargeKeys(_ account: Account) async throws -> [String] {
    try await self.call(
      BillingContract.listTransactions,
      ListTransactionsRequest(accountNumber: account.number, kinds: [.charge], order: .oldestFirst),
      token: try await BillingTestbed.staffToken()
    ).entries.map(\.idempotencyKey)
  }

  func subscription(_ id: String, on account: Account) async throws -> Subscription? {
    try await self.call(
      BillingContract.listSubscriptions, ListSubscriptionsRequest(accountNumber: account.number),
      token: try await BillingTestbed.staffToken()
    ).subscriptions.first { $0.id == id }
  }
}

extension UTCTimestamp {
  /// `YYYY-MM-DDTHH:MM:00Z`.
  static func at(_ year: Int, _ month: Int, _ day: Int, _ hour: Int, _ minute: Int = 0) -> UTCTimestamp {
    let date = CalendarDate.day(year, month, day)
    return UTCTimestamp(
      microsecondsSinceEpoch: (Int64(date.daysSinceEpoch) * 86_400 + Int64(hour * 3600 + minute * 60)) * 1_000_000)
  }
}

@Suite(
  "Subscriptions: lifecycle, planned activation by the nightly job, monthly charges",
  .enabled(
    if: TestDatabase.isAvailable && SMTPSink.isAvailable,
    "needs the test PostgreSQL and aiosmtpd (scripts/test.sh provides both)"))
struct SubscriptionTests {
  let logger = Logger(label: "test")

  @Test(
    "delayed activation: the funded subscription is activated and charged by the nightly job, the unfunded one stays New and its customer is e-mailed once; past dates are refused"
  )
  func delayedActivation() async throws {
    // 2026-03-10 12:00 UTC is 15:00 in Moscow, Billing's default cycle zone.
    try await BillingTestbed.with(clockAt: .at(2026, 3, 10, 12)) { bed in
      let token = try await BillingTestbed.staffToken()
      let tariff = try await bed.tariff()
      let funded = try await bed.account(
        for: try await bed.customer("ООО «Полный счёт»", contract: "Д-1", email: "funded@example.ru"))
      let unfunded = try await bed.account(
        for: try await bed.customer("ООО «Пустой счёт»", contract: "Д-2", email: "short@example.ru"))
      try await bed.pay(funded, "600.00", key: "p-1")
      try await bed.pay(unfunded, "100.00", key: "p-2")

      // A past day and today are refused, and nothing is created.
      for day in [CalendarDate.day(2026, 3, 9), .day(2026, 3, 10)] {
        let refused = await bed.refusal {
          _ = try await bed.call(
            BillingContract.createSubscription,
            CreateSubscriptionRequest(accountNumber: funded.number, tariffID: tariff.id, plannedActivation: day),
            token: token)
        }
        #expect(refused?.code == .invalidArgument)
        #expect(refused?.violations["plannedActivation"] == "ACTIVATION_DATE_NOT_FUTURE")
      }
      let none = try await bed.call(
        BillingContract.listSubscriptions, ListSubscriptionsRequest(accountNumber: funded.number), token: token)
      #expect(none.subscriptions.isEmpty)

      let planned = CalendarDate.day(2026, 3, 12)
      let good = try await bed.call(
        BillingContract.createSubscription,
        CreateSubscriptionRequest(accountNumber: funded.number, tariffID: tariff.id), token: token)
      #expect(good.status == .new)
      let moved = try await bed.call(
        BillingContract.planActivation, PlanActivationRequest(subscriptionID: good.id, plannedActivation: planned),
        token: token)
      #expect(moved.plannedActivation == planned)
      let pastPlan = await bed.refusal {
        _ = try await bed.call(
          BillingContract.planActivation,
          PlanActivationRequest(subscriptionID: good.id, plannedActivation: .day(2026, 3, 1)), token: token)
      }
      #expect(pastPlan?.violations["plannedActivation"] == "ACTIVATION_DATE_NOT_FUTURE")
      let short = try await bed.call(
        BillingContract.createSubscription,
        CreateSubscriptionRequest(accountNumber: unfunded.number, tariffID: tariff.id, plannedActivation: planned),
        token: token)

      // The cycle for 03-11 finds nothing due yet.
      bed.clock?.set(.at(2026, 3, 11, 9))
      _ = try await bed.call(BillingContract.runDailyCycle, RunDailyCycleRequest(), token: token)
      #expect(try await bed.subscription(good.id, on: funded)?.status == .new)

      // 03-12 01:00 Moscow is 03-11 22:00 UTC: the job runner's nightly slot for 03-12.
      bed.clock?.set(.at(2026, 3, 11, 22, 5))
      let active = try await bed.eventually("the nightly job to activate the funded subscription") {
        let current = try await bed.subscription(good.id, on: funded)
        return current?.status == .active ? current : nil
      }
      #expect(active.plannedActivation == nil)
      let charges = try await bed.call(
        BillingContract.listTransactions, ListTransactionsRequest(accountNumber: funded.number, kinds: [.charge]),
        token: token)
      #expect(charges.entries.count == 1)
      #expect(charges.entries.first?.amount == money("-500.00"))
      #expect(charges.entries.first?.serviceCode == "sms-100")
      #expect(charges.entries.first?.subscriptionID == good.id)
      #expect(charges.entries.first?.date == planned)
      #expect(
        try await bed.call(BillingContract.getAccount, GetAccountRequest(number: funded.number), token: token).balance
          == money("100.00"))

      // The unfunded one stays New, nothing is charged, and its customer gets one e-mail.
      let waiting = try await bed.subscription(short.id, on: unfunded)
      #expect(waiting?.status == .new)
      #expect(waiting?.fundsShortOn == planned)
      #expect(
        try await bed.call(BillingContract.getAccount, GetAccountRequest(number: unfunded.number), token: token).balance
          == money("100.00"))
      let mails = try await bed.mails(to: "short@example.ru")
      #expect(mails.count == 1)
      #expect(mails.first?.subject == "Недостаточно средств для подключения услуги «SMS-пакет 100»")
      #expect(mails.first?.body.contains(unfunded.number) == true)

      // Running the day again (ops re-run) activates nothing new and mails nobody again.
      let rerun = try await bed.call(BillingContract.runDailyCycle, RunDailyCycleRequest(date: planned), token: token)
      #expect(rerun.activated == 0)
      #expect(rerun.shortOfFunds == 1)
      let queued = try await bed.sql { connection in
        try await connection.query(
          "SELECT count(*) FROM mail_outbox WHERE 'short@example.ru' = ANY(recipients)", logger: self.logger
        )
        .decode(Int64.self).collect()
      }
      #expect(queued == [1])
      #expect(try await bed.mails(to: "funded@example.ru", atLeast: 0).isEmpty)

      // Once paid, the next night activates it.
      try await bed.pay(unfunded, "400.00", key: "p-3")
      bed.clock?.set(.at(2026, 3, 12, 22, 5))
      let late = try await bed.eventually("the next night to activate the paid-up subscription") {
        let current = try await bed.subscription(short.id, on: unfunded)
        return current?.status == .active ? current : nil
      }
      #expect(late.fundsShortOn == nil)
      #expect(
        try await bed.call(BillingContract.getAccount, GetAccountRequest(number: unfunded.number), token: token).balance
          == money("0.00"))

      // Active: the plan can no longer change.
      let notNew = await bed.refusal {
        _ = try await bed.call(
          BillingContract.planActivation,
          PlanActivationRequest(subscriptionID: good.id, plannedActivation: .day(2026, 4, 1)), token: token)
      }
      #expect(notNew?.code == .failedPrecondition)
      #expect(notNew?.reason == "SUBSCRIPTION_STATE")
    }
  }

  @Test(
    "monthly tariffs are charged once a month by the cycle, not while suspended; the activation month is not charged twice"
  )
  func monthlyCharges() async throws {
    try await BillingTestbed.with(clockAt: .at(2026, 3, 10, 12)) { bed in
      let token = try await BillingTestbed.staffToken()
      let tariff = try await bed.tariff(service: "support", name: "Техподдержка", price: "1000.00")
      let account = try await bed.account(for: try await bed.customer("ООО «Ежемесячно»", contract: "Д-3"))
      try await bed.pay(account, "5000.00", key: "p-1")
      let subscription = try await bed.call(
        BillingContract.createSubscription,
        CreateSubscriptionRequest(accountNumber: account.number, tariffID: tariff.id), token: token)
      _ = try await bed.call(
        BillingContract.activateSubscription, ChangeSubscriptionRequest(subscriptionID: subscription.id), token: token)

      // The nightly job of 04-01 charges April; running that day again charges nothing.
      bed.clock?.set(.at(2026, 4, 1, 9))
      try await bed.nightlyCycleDone(for: .day(2026, 4, 1))
      let again = try await bed.call(
        BillingContract.runDailyCycle, RunDailyCycleRequest(date: .day(2026, 4, 1)), token: token)
      #expect(again.monthlyCharges == 0)

      // Suspended over the night of 05-01: no charge for May until it is resumed.
      _ = try await bed.call(
        BillingContract.suspendSubscription,
        ChangeSubscriptionRequest(subscriptionID: subscription.id, reason: "отпуск"), token: token)
      bed.clock?.set(.at(2026, 5, 1, 9))
      try await bed.nightlyCycleDone(for: .day(2026, 5, 1))
      #expect(
        try await bed.chargeKeys(account) == ["2026-03", "2026-04"].map { "subscription:\(subscription.id):\($0)" })
      _ = try await bed.call(
        BillingContract.resumeSubscription, ChangeSubscriptionRequest(subscriptionID: subscription.id), token: token)
      let resumed = try await bed.call(
        BillingContract.runDailyCycle, RunDailyCycleRequest(date: .day(2026, 5, 1)), token: token)
      #expect(resumed.monthlyCharges == 1)

      #expect(
        try await bed.chargeKeys(account)
          == ["2026-03", "2026-04", "2026-05"].map { "subscription:\(subscription.id):\($0)" })
      #expect(
        try await bed.call(BillingContract.getAccount, GetAccountRequest(number: account.number), token: token).balance
          == money("2000.00"))

      let future = await bed.refusal {
        _ = try await bed.call(
          BillingContract.runDailyCycle, RunDailyCycleRequest(date: .day(2026, 5, 3)), token: token)
      }
      #expect(future?.violations["date"] == "DATE_IN_FUTURE")
    }
  }

  @Test(
    "status changes follow New → Active ⇄ Suspended → Closed; activation needs the money; lists sort by status; per-service balances"
  )
  func lifecycle() async throws {
    try await BillingTestbed.with { bed in
      let token = try await BillingTestbed.staffToken()
      let sms = try await bed.tariff(service: "sms-100", price: "300.00")
      let calls = try await bed.tariff(service: "call-tracking", name: "Коллтрекинг", price: "200.00", period: .oneTime)
      let account = try await bed.account(
        for: try await bed.customer("ООО «Цикл»", contract: "Д-4"), mode: .postpaid, number: "")
      let first = try await bed.call(
        BillingContract.createSubscription, CreateSubscriptionRequest(accountNumber: account.number, tariffID: sms.id),
        token: token)

      // Postpaid without credit and no money: activation is refused and posts nothing.
      let broke = await bed.refusal {
        _ = try await bed.call(
          BillingContract.activateSubscription, ChangeSubscriptionRequest(subscriptionID: first.id), token: token)
      }
      #expect(broke?.code == .failedPrecondition)
      #expect(broke?.reason == "INSUFFICIENT_FUNDS")
      #expect(try await bed.subscription(first.id, on: account)?.status == .new)

      try await bed.pay(account, "1000.00", key: "p-1")
      let active = try await bed.call(
        BillingContract.activateSubscription, ChangeSubscriptionRequest(subscriptionID: first.id), token: token)
      #expect(active.status == .active)
      let wrongWay = await bed.refusal {
        _ = try await bed.call(
          BillingContract.resumeSubscription, ChangeSubscriptionRequest(subscriptionID: first.id), token: token)
      }
      #expect(wrongWay?.reason == "SUBSCRIPTION_STATE")
      #expect(
        try await bed.call(
          BillingContract.suspendSubscription, ChangeSubscriptionRequest(subscriptionID: first.id), token: token
        ).status == .suspended)
      #expect(
        try await bed.call(
          BillingContract.resumeSubscription, ChangeSubscriptionRequest(subscriptionID: first.id), token: token
        ).status == .active)
      #expect(
        try await bed.call(
          BillingContract.closeSubscription, ChangeSubscriptionRequest(subscriptionID: first.id, reason: "отказ"),
          token: token
        ).status == .closed)
      let closedAgain = await bed.refusal {
        _ = try await bed.call(
          BillingContract.closeSubscription, ChangeSubscriptionRequest(subscriptionID: first.id), token: token)
      }
      #expect(closedAgain?.reason == "SUBSCRIPTION_STATE")

      let second = try await bed.call(
        BillingContract.createSubscription,
        CreateSubscriptionRequest(accountNumber: account.number, tariffID: calls.id), token: token)
      let third = try await bed.call(
        BillingContract.createSubscription, CreateSubscriptionRequest(accountNumber: account.number, tariffID: sms.id),
        token: token)
      _ = try await bed.call(
        BillingContract.activateSubscription, ChangeSubscriptionRequest(subscriptionID: second.id), token: token)

      let byStatus = try await bed.call(
        BillingContract.listSubscriptions, ListSubscriptionsRequest(accountNumber: account.number, orderBy: .status),
        token: token)
      #expect(byStatus.subscriptions.map(\.id) == [third.id, second.id, first.id])
      #expect(byStatus.subscriptions.map(\.status) == [.new, .active, .closed])
      let paged = try await bed.call(
        BillingContract.listSubscriptions,
        ListSubscriptionsRequest(accountNumber: account.number, orderBy: .status, page: PageRequest(size: 2)),
        token: token)
      #expect(paged.subscriptions.count == 2)
      let rest = try await bed.call(
        BillingContract.listSubscriptions,
        ListSubscriptionsRequest(
          accountNumber: account.number, orderBy: .status, page: PageRequest(size: 2, token: paged.nextPageToken)),
        token: token)
      #expect(rest.subscriptions.map(\.id) == [first.id])
      #expect(rest.nextPageToken.isEmpty)
      let onlySMS = try await bed.call(
        BillingContract.listSubscriptions,
        ListSubscriptionsRequest(accountNumber: account.number, serviceCode: "sms-100", statuses: [.new]), token: token)
      #expect(onlySMS.subscriptions.map(\.id) == [third.id])

      let balances = try await bed.call(
        BillingContract.serviceBalances, ServiceBalancesRequest(accountNumber: account.number), token: token)
      #expect(balances.services.map(\.serviceCode) == ["call-tracking", "sms-100"])
      #expect(balances.services.map(\.balance) == [money("-200.00"), money("-300.00")])
      #expect(balances.services.map(\.serviceName) == ["Коллтрекинг", "SMS-пакет 100"])
      #expect(balances.services.last?.subscriptionsByStatus == [1, 0, 0, 1])
    }
  }
}
