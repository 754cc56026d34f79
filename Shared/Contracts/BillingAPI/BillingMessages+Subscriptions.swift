public import RPC
public import WireCodec

/// A subscription's life: New → Active ⇄ Suspended → Closed (New may also close).
public enum SubscriptionStatus: Int32, WireEnum, Sendable {
  case unspecified = 0
  case new = 1
  case active = 2
  case suspended = 3
  case closed = 4

  public static var wireFallback: SubscriptionStatus { .unspecified }
}

@WireMessage("Subscribe an account to a tariff. The subscription starts New; it is charged when it becomes Active.")
public struct CreateSubscriptionRequest: Sendable, Hashable {
  @Field(1, "Account number") public var accountNumber: String
  @Field(2, "Tariff id: its currency must be the account's, its country the customer's") public var tariffID: String
  @Field(3, "Planned activation date (a future day), or unset to activate by hand") public var plannedActivation:
    CalendarDate?
}

@WireMessage("Set or clear the planned activation date: only while New, only to a future day.")
public struct PlanActivationRequest: Sendable, Hashable {
  @Field(1, "Subscription id") public var subscriptionID: String
  @Field(2, "The day to activate on (after today), or unset to clear the plan") public var plannedActivation:
    CalendarDate?
}

@WireMessage("Move a subscription to another status.")
public struct ChangeSubscriptionRequest: Sendable, Hashable {
  @Field(1, "Subscription id") public var subscriptionID: String
  @Field(2, "Why (kept in the subscription's history)") public var reason: String
  @Field(
    3,
    "Only if it is in this status now (SUBSCRIPTION_STATE otherwise), so a change decided on an older view "
      + "changes nothing; unspecified for any")
  public var expectedStatus: SubscriptionStatus
}

@WireMessage("One subscription.")
public struct GetSubscriptionRequest: Sendable, Hashable {
  @Field(1, "Subscription id") public var subscriptionID: String
}

@WireMessage("A subscription with its tariff.")
public struct Subscription: Sendable, Hashable {
  @Field(1, "Subscription id (UUID)") public var id: String
  @Field(2, "Account number") public var accountNumber: String
  @Field(3, "Service code") public var serviceCode: String
  @Field(4, "Tariff") public var tariff: Tariff
  @Field(5, "Status") public var status: SubscriptionStatus
  @Field(6, "Planned activation date, if any") public var plannedActivation: CalendarDate?
  @Field(7, "When it became Active (last time)") public var activatedAt: UTCTimestamp?
  @Field(8, "When it was closed") public var closedAt: UTCTimestamp?
  @Field(9, "When it was created") public var createdAt: UTCTimestamp
  @Field(10, "Day of the last activation attempt that found too little money, if any") public var fundsShortOn:
    CalendarDate?
}

/// How a list of subscriptions is ordered.
public enum SubscriptionOrder: Int32, WireEnum, Sendable {
  case unspecified = 0
  /// Oldest first (the default).
  case created = 1
  /// By status (New, Active, Suspended, Closed), then oldest first.
  case status = 2

  public static var wireFallback: SubscriptionOrder { .unspecified }
}

@WireMessage("An account's subscriptions, optionally of one service and some statuses.")
public struct ListSubscriptionsRequest: Sendable, Hashable {
  @Field(1, "Account number") public var accountNumber: String
  @Field(2, "Only this service; empty for all") public var serviceCode: String
  @Field(3, "Only these statuses; empty for all") public var statuses: [SubscriptionStatus]
  @Field(4, "Order") public var orderBy: SubscriptionOrder
  @Field(5, "Page: default 100, at most 5000") public var page: PageRequest
}

@WireMessage("A page of subscriptions.")
public struct ListSubscriptionsReply: Sendable, Hashable {
  @Field(1, "Subscriptions") public var subscriptions: [Subscription]
  @Field(2, "Token for the next page; empty on the last") public var nextPageToken: String
}

@WireMessage("What one service of an account stands at.")
public struct ServiceBalance: Sendable, Hashable {
  @Field(1, "Service code") public var serviceCode: String
  @Field(2, "Service name (empty for codes not in the catalogue, e.g. usage from other services)") public
    var serviceName: String
  @Field(3, "Sum of the service's entries in the period: charges negative, discounts and their reversals positive")
  public var balance: ExactDecimal
  @Field(4, "Subscriptions of the service by status, New to Closed") public var subscriptionsByStatus: [Int64]
}

@WireMessage("Per service of an account: the balance of its entries over a period and its subscriptions.")
public struct ServiceBalancesRequest: Sendable, Hashable {
  @Field(1, "Account number") public var accountNumber: String
  @Field(2, "Entries from this value date (inclusive); unset for the beginning") public var from: CalendarDate?
  @Field(3, "Entries up to this value date (inclusive); unset for today") public var to: CalendarDate?
}

@WireMessage("The account's services.")
public struct ServiceBalancesReply: Sendable, Hashable {
  @Field(1, "Account currency") public var currency: String
  @Field(2, "One per service with entries or subscriptions, in code order") public var services: [ServiceBalance]
}

@WireMessage("Run the daily cycle for a day, as the nightly job does; safe to repeat.")
public struct RunDailyCycleRequest: Sendable, Hashable {
  @Field(1, "The day to run for (unset: today)") public var date: CalendarDate?
}

@WireMessage("What a daily cycle run did.")
public struct RunDailyCycleReply: Sendable, Hashable {
  @Field(1, "The day it ran for") public var date: CalendarDate
  @Field(2, "Subscriptions activated") public var activated: Int64
  @Field(3, "Subscriptions left New for lack of money (each customer told once per planned date)") public
    var shortOfFunds: Int64
  @Field(4, "Monthly charges posted for active subscriptions") public var monthlyCharges: Int64
  @Field(5, "Monthly invoices issued (on the 1st)") public var invoicesIssued: Int64
  @Field(6, "Accounts not invoiced for want of an exchange rate (retried when the day is run again)") public
    var invoicesWithoutRate: Int64
  @Field(7, "Payments credited to invoices") public var paymentsCredited: Int64
  @Field(8, "Reminders sent (business days 3 and 5 of the payment window)") public var remindersSent: Int64
  @Field(9, "Accounts blocked for an unpaid invoice (business day 6)") public var accountsBlocked: Int64
  @Field(10, "Accounts unblocked once their overdue invoices were paid") public var accountsUnblocked: Int64
  @Field(11, "Postpaid credits renewed at the month end (real payments covered the past months)") public
    var creditsRenewed: Int64
  @Field(12, "Postpaid credits closed at the month end («Закрытие кредита должнику»; the account blocked)") public
    var creditsClosed: Int64
  @Field(13, "Closed credits restored once real payments covered the debt (the account unblocked)") public
    var creditsRestored: Int64
  @Field(14, "Items (accounts, subscriptions) that failed in this run and were skipped; ListCycleFailures names them")
  public var itemsFailed: Int64
}
