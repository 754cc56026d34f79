import BillingAPI
import PostgresNIO
import RPC
import Storage
import WireCodec

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// What an activation attempt came to.
enum ActivationOutcome: Sendable {
  case activated
  /// The balance (plus credit) does not cover the first charge; nothing was posted.
  case shortOfFunds
}

extension Billing {
  /// Billing itself, when it posts on its own (subscription charges, autopayments).
  static let system = Caller(
    userID: "billing", organizationID: nil,
    permissions: [BillingPermission.chargesPost.name, BillingPermission.paymentsPost.name], kind: .service)

  /// Activates a New `subscription` (locked by the caller) on `date`: locks its account, and
  /// if the account can pay the first period, posts that charge and makes it Active.
  /// Otherwise records the shortfall and queues one e-mail per planned date; nothing is posted.
  func activate(
    _ subscription: SubscriptionRow, on date: CalendarDate, actor: String, reason: String,
    on connection: PostgresConnection
  ) async throws -> ActivationOutcome {
    guard let account = try await self.account(.id(subscription.accountID), forUpdate: true, on: connection) else {
      throw BillingError.accountNotFound
    }
    guard account.status != .closed else { throw BillingError.accountClosed }
    let price = try await self.chargedPriceMinor(of: subscription.tariff, on: date, on: connection)
    guard account.spendableMinor >= price else {
      try await connection.query(
        "UPDATE subscriptions SET funds_short_on = \(date) WHERE id = \(subscription.id)", logger: self.logger)
      try await self.mailShortOfFunds(subscription, account: account, date: date, on: connection)
      return .shortOfFunds
    }
    _ = try await self.chargePeriod(of: subscription, on: date, on: connection)
    try await connection.query(
      """
      UPDATE subscriptions SET status = 'active', planned_activation = NULL, funds_short_on = NULL, activated_at = \(self.now)
      WHERE id = \(subscription.id)
      """, logger: self.logger)
    try await self.recordHistory(of: subscription.id, status: .active, actor: actor, reason: reason, on: connection)
    return .activated
  }

  /// Charges the subscription's price for the period `date` falls in: the month for a monthly
  /// tariff, once for a one-time one. The period is in the idempotency key, so each period is
  /// charged once however often this runs.
  func chargePeriod(of subscription: SubscriptionRow, on date: CalendarDate, on connection: PostgresConnection)
    async throws -> PostingReply
  {
    // `YYYY-MM` of the ISO date names the month.
    let period = subscription.tariff.message.period == .oneTime ? "once" : date.monthKey
    let tariff = subscription.tariff.message
    // A price without VAT is charged with the VAT of the day added (docs/billing.md, VAT).
    let charged = try await self.chargedPriceMinor(of: subscription.tariff, on: date, on: connection)
    return try await self.post(
      NewEntry(
        idempotencyKey: "subscription:\(subscription.id.uuidString.lowercased()):\(period)",
        account: .id(subscription.accountID), kind: .charge,
        amount: Money.decimal(charged, currency: tariff.currency), date: date, serviceCode: tariff.serviceCode,
        subscriptionID: subscription.id.uuidString.lowercased(),
        purpose: "\(tariff.name), \(period == "once" ? "разово" : period)", debit: true,
        source: self.source(of: Self.system),
        actor: Self.system.userID), permission: BillingPermission.chargesPost, caller: Self.system, on: connection)
  }

  /// "Not enough money to activate": once per subscription and planned date, to the customer's
  /// contact address. A customer excluded from mailings still gets it: it is about their
  /// order, not a mailing.
  func mailShortOfFunds(
    _ subscription: SubscriptionRow, account: AccountRow, date: CalendarDate, on connection: PostgresConnection
  ) async throws {
    let tariff = subscription.tariff.message
    let planned = subscription.message.plannedActivation ?? date
    try await self.mailCustomer(
      of: account, dedupeKey: "billing.short-of-funds:\(subscription.id.uuidString.lowercased()):\(planned)",
      on: connection
    ) { name in
      BillingMails.shortOfFunds(
        customerName: name, accountNumber: account.number, serviceName: tariff.name,
        price: "\(tariff.price) \(tariff.currency)",
        available: "\(Money.decimal(account.spendableMinor, currency: account.currency)) \(account.currency)",
        date: planned)
    }
  }
}
