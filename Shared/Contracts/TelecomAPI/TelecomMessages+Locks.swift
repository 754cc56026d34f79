public import RPC
public import WireCodec

@WireMessage("A forbidden destination: calls to numbers the prefix starts are refused.")
public struct CallLock: Sendable, Hashable {
  @Field(1, "Lock id (UUID)") public var id: String
  @Field(2, "The personal account it applies to; empty for a global lock (every account)")
  public var accountNumber: String
  @Field(3, "Prefix or whole number, 1–20 digits") public var prefix: String
  @Field(4, "Provider code it was set through") public var provider: String
  @Field(5, "Why it was set") public var reason: String
  @Field(6, "Who set it") public var createdBy: String
  @Field(7, "When") public var createdAt: UTCTimestamp
  @Field(8, "Who changed it last; empty if never") public var changedBy: String
  @Field(9, "When it was changed last") public var changedAt: UTCTimestamp?
}

@WireMessage("Set a lock on an account, or a global one.")
public struct CreateLockRequest: Sendable, Hashable {
  @Field(1, "Personal account number; empty for a global lock") public var accountNumber: String
  @Field(2, "Prefix or whole number, 1–20 digits") public var prefix: String
  @Field(3, "Provider code") public var provider: String
  @Field(4, "Why, 1–500 characters") public var reason: String
}

@WireMessage("Change a lock's prefix, provider or reason.")
public struct ChangeLockRequest: Sendable, Hashable {
  @Field(1, "Lock id") public var id: String
  @Field(2, "Prefix or whole number, 1–20 digits") public var prefix: String
  @Field(3, "Provider code") public var provider: String
  @Field(4, "Why, 1–500 characters") public var reason: String
}

@WireMessage("Remove a lock; its history stays.")
public struct DeleteLockRequest: Sendable, Hashable {
  @Field(1, "Lock id") public var id: String
  @Field(2, "Why it is removed, 1–500 characters") public var reason: String
}

@WireMessage("Locks in force, by prefix.")
public struct ListLocksRequest: Sendable, Hashable {
  @Field(1, "Only this account's; empty for the global ones") public var accountNumber: String
  @Field(2, "Only those whose prefix starts a number beginning with these digits (the seed's 3, 38, 381… search)")
  public var number: String
  @Field(3, "Page: default 100, at most 1000") public var page: PageRequest
}

@WireMessage("A page of locks.")
public struct ListLocksReply: Sendable, Hashable {
  @Field(1, "Locks") public var locks: [CallLock]
  @Field(2, "Token for the next page; empty on the last") public var nextPageToken: String
}

/// What happened to a lock.
public enum LockAction: Int32, WireEnum, Sendable {
  case unspecified = 0
  case created = 1
  case changed = 2
  case deleted = 3

  public static var wireFallback: LockAction { .unspecified }
}

@WireMessage("One entry of a lock's history: the lock as it was after the change.")
public struct LockChange: Sendable, Hashable {
  @Field(1, "Lock id") public var lockID: String
  @Field(2, "What happened") public var action: LockAction
  @Field(3, "Who did it") public var actor: String
  @Field(4, "When") public var at: UTCTimestamp
  @Field(5, "Account number; empty for global") public var accountNumber: String
  @Field(6, "Prefix") public var prefix: String
  @Field(7, "Provider code") public var provider: String
  @Field(8, "The reason given") public var reason: String
}

@WireMessage("A lock's history (the seed's «История записи»), oldest first.")
public struct LockHistoryRequest: Sendable, Hashable {
  @Field(1, "Lock id") public var id: String
  @Field(2, "Page: default 100, at most 1000") public var page: PageRequest
}

@WireMessage("A page of a lock's history.")
public struct LockHistoryReply: Sendable, Hashable {
  @Field(1, "Changes") public var changes: [LockChange]
  @Field(2, "Token for the next page; empty on the last") public var nextPageToken: String
}

@WireMessage("What a switch asks before connecting a call.")
public struct AuthorizeCallRequest: Sendable, Hashable {
  @Field(1, "Personal account number") public var accountNumber: String
  @Field(2, "The dialed number, digits (a leading + is allowed)") public var dialedNumber: String
  @Field(3, "What would be billed") public var service: BilledService
  @Field(4, "Place of service code") public var placeOfService: String
}

@WireMessage("Whether the call may be connected: with its provider and price, or why not.")
public struct AuthorizeCallReply: Sendable, Hashable {
  @Field(1, "Whether to connect it") public var allowed: Bool
  @Field(2, "Empty when allowed; else LOCKED_ACCOUNT, LOCKED_GLOBAL, NO_RETAIL_PRICE or NO_WHOLESALE_PRICE")
  public var reason: String
  @Field(3, "The provider to route through (the cheapest wholesale among those with a retail price)")
  public var provider: String
  @Field(4, "The retail price that applies") public var retail: PriceRow?
  @Field(5, "The provider's wholesale price") public var wholesale: PriceRow?
  @Field(6, "The lock that refused it (most specific), with its author") public var lock: CallLock?
}

@WireMessage("The seed's tariff check: every provider's retail and wholesale price for a destination.")
public struct CheckTariffRequest: Sendable, Hashable {
  @Field(1, "Prefix or number, digits") public var number: String
  @Field(2, "Personal account number: its rating plan is used when rating_plan is empty") public var accountNumber:
    String
  @Field(3, "Rating plan code; empty for the account's") public var ratingPlan: String
  @Field(4, "Only providers serving this incoming service; unspecified for all") public var incomingService:
    BilledService
  @Field(5, "The billed service") public var service: BilledService
  @Field(6, "Place of service code") public var placeOfService: String
}

@WireMessage("One provider's prices for the destination.")
public struct TariffOffer: Sendable, Hashable {
  @Field(1, "Provider code") public var provider: String
  @Field(2, "Provider name") public var providerName: String
  @Field(3, "Its retail price under the rating plan; empty if none") public var retail: PriceRow?
  @Field(4, "Its wholesale price; empty if none") public var wholesale: PriceRow?
}

@WireMessage("Every provider with a price for the destination, and whether the call can be rated.")
public struct CheckTariffReply: Sendable, Hashable {
  @Field(1, "Providers with a retail or wholesale price, by code") public var offers: [TariffOffer]
  @Field(2, "Empty when some provider has both; else NO_RETAIL_PRICE or NO_WHOLESALE_PRICE") public var reason: String
  @Field(3, "The rating plan used") public var ratingPlan: String
}
