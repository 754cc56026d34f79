public import RPC
public import WireCodec

/// Where a pool number is in its life.
public enum DidNumberStatus: Int32, WireEnum, Sendable, CaseIterable {
  case unspecified = 0
  case free = 1
  /// Attached to a New subscription, not yet paid.
  case reserved = 2
  case inWork = 3
  /// The sump: released, resting until nobody calls it for the cooling period.
  case archive = 4

  public static var wireFallback: DidNumberStatus { .unspecified }
}

/// The seed's five non-target call (NCV) classes.
public enum NonTargetClass: Int32, WireEnum, Sendable, CaseIterable {
  case unspecified = 0
  case noData = 1
  case insufficientData = 2
  case hasCalls = 3
  case noCalls = 4
  case ignored = 5

  public static var wireFallback: NonTargetClass { .unspecified }
}

/// Whether a number may be sold.
public enum NumberAvailability: Int32, WireEnum, Sendable, CaseIterable {
  case unspecified = 0
  /// Yes, by its non-target calls.
  case yes = 1
  /// Yes, forced by staff.
  case forced = 2
  case no = 3

  public static var wireFallback: NumberAvailability { .unspecified }
}

@WireMessage("A number of the DID pool with its class and sale availability today.")
public struct DidNumber: Sendable, Hashable {
  @Field(1, "The number, E.164 digits without +") public var number: String
  @Field(2, "Region or city") public var region: String
  @Field(3, "Provider code") public var provider: String
  @Field(4, "Place of service") public var placeOfService: String
  @Field(5, "An FMTN number") public var fmtn: Bool
  @Field(6, "Status") public var status: DidNumberStatus
  @Field(7, "The Billing subscription it is attached to; empty when none") public var subscriptionID: String
  @Field(8, "The account of that subscription; empty when none") public var accountNumber: String
  @Field(9, "Non-target call class today") public var nonTargetClass: NonTargetClass
  @Field(10, "Sale availability today") public var availability: NumberAvailability
  @Field(11, "When it last moved to Archive or was added: non-target statistics count from this day")
  public var statisticsSince: CalendarDate
  @Field(12, "The last day with a non-target call since then; empty when none") public var lastCallDay: CalendarDate?
  @Field(13, "Reserved: the last business day for the subscription to be paid") public var payBy: CalendarDate?
  @Field(14, "Who forced it for sale, when it is forced") public var forcedBy: String
  @Field(15, "Why it was forced") public var forcedReason: String
  @Field(16, "When its status last changed") public var statusChangedAt: UTCTimestamp
}

@WireMessage("Numbers to add to the pool, as CSV: number, region, provider, place of service[, FMTN].")
public struct ImportNumbersRequest: Sendable, Hashable {
  @Field(1, "The CSV text, at most 10,000 lines") public var csv: String
}

@WireMessage("One refused line of an import file.")
public struct NumberLineError: Sendable, Hashable {
  @Field(1, "Line, from 1") public var line: UInt32
  @Field(2, "Reason code") public var reason: String
  @Field(3, "What is wrong") public var message: String
}

@WireMessage("What an import did: nothing when any line is refused.")
public struct ImportNumbersReply: Sendable, Hashable {
  @Field(1, "Numbers added") public var added: UInt32
  @Field(2, "Numbers already in the pool, left as they are (an import sent again adds nothing)") public var unchanged:
    UInt32
  @Field(3, "Refused lines, the first hundred; nothing is added when there are any") public var errors:
    [NumberLineError]
}

@WireMessage("A search of the pool; every filter optional, each list a choice of any of its values.")
public struct SearchNumbersRequest: Sendable, Hashable {
  @Field(1, "Mask: digits, % for any digits, _ for one (%555%); a whole number without them") public var mask: String
  @Field(2, "Region or city, exactly") public var region: String
  @Field(3, "Provider code") public var provider: String
  @Field(4, "Statuses") public var statuses: [DidNumberStatus]
  @Field(5, "Non-target call classes") public var nonTargetClasses: [NonTargetClass]
  @Field(6, "Sale availabilities; for numbers to offer, yes and forced") public var availabilities: [NumberAvailability]
  @Field(7, "Place of service") public var placeOfService: String
  @Field(8, "Show: 100 by default, at most 5,000 (larger loads hurt the database)") public var page: PageRequest
}

@WireMessage("A page of numbers, in number order.")
public struct SearchNumbersReply: Sendable, Hashable {
  @Field(1, "Numbers") public var numbers: [DidNumber]
  @Field(2, "Token for the next page; empty on the last") public var nextPageToken: String
}

@WireMessage("One number of the pool.")
public struct GetNumberRequest: Sendable, Hashable {
  @Field(1, "The number") public var number: String
}

/// What happened to a pool number.
public enum NumberEvent: Int32, WireEnum, Sendable, CaseIterable {
  case unspecified = 0
  case added = 1
  case reserved = 2
  case activated = 3
  case released = 4
  case freedFromArchive = 5
  case reservationExpired = 6
  case forced = 7
  case unforced = 8
  case detailsChanged = 9

  public static var wireFallback: NumberEvent { .unspecified }
}

@WireMessage("One change of a number: who, when, from which status to which.")
public struct NumberChange: Sendable, Hashable {
  @Field(1, "The number") public var number: String
  @Field(2, "What happened") public var event: NumberEvent
  @Field(3, "Status before") public var from: DidNumberStatus
  @Field(4, "Status after") public var to: DidNumberStatus
  @Field(5, "Who: staff:<id>, service:<id>, or telecom for the nightly cycle") public var actor: String
  @Field(6, "When") public var at: UTCTimestamp
  @Field(7, "Why, or what it concerns (the subscription, the request)") public var note: String
}

@WireMessage("A number's history, oldest first.")
public struct NumberHistoryRequest: Sendable, Hashable {
  @Field(1, "The number") public var number: String
  @Field(2, "Page") public var page: PageRequest
}

@WireMessage("A page of a number's history.")
public struct NumberHistoryReply: Sendable, Hashable {
  @Field(1, "Changes") public var changes: [NumberChange]
  @Field(2, "Token for the next page; empty on the last") public var nextPageToken: String
}

@WireMessage("Change a number's details: what its import said.")
public struct ChangeNumberDetailsRequest: Sendable, Hashable {
  @Field(1, "The number") public var number: String
  @Field(2, "Region or city, 1–100 characters") public var region: String
  @Field(3, "Provider code, 1–100 characters") public var provider: String
  @Field(4, "Place of service, 1–100 characters") public var placeOfService: String
  @Field(5, "An FMTN number") public var fmtn: Bool
  @Field(6, "Why, 1–500 characters (kept in its history)") public var reason: String
}

@WireMessage("Force a number for sale, or take the force back.")
public struct ForceNumberSaleRequest: Sendable, Hashable {
  @Field(1, "The number") public var number: String
  @Field(2, "True to force it for sale, false to let its non-target calls decide again") public var forced: Bool
  @Field(3, "Why, 1–500 characters (kept in its history)") public var reason: String
}

@WireMessage("A number's non-target call statistics over a period.")
public struct NumberStatisticsRequest: Sendable, Hashable {
  @Field(1, "The number") public var number: String
  @Field(2, "From, inclusive; empty for the start of its cooling period") public var from: CalendarDate?
  @Field(3, "To, inclusive; empty for today; at most 366 days in all") public var to: CalendarDate?
  @Field(4, "Page of days, newest first") public var page: PageRequest
}

@WireMessage("Non-target calls to a number on one day.")
public struct NonTargetDay: Sendable, Hashable {
  @Field(1, "Number") public var number: String
  @Field(2, "Day, in the report time zone") public var day: CalendarDate
  @Field(3, "Calls") public var calls: UInt32
  @Field(4, "Unique calling numbers") public var uniqueCallers: UInt32
  @Field(5, "The last call's start; empty for imported days that do not say") public var lastCallAt: UTCTimestamp?
  @Field(6, "Where the day's figures come from: cdr or import") public var source: String
}

@WireMessage("A number's non-target statistics and what they add up to.")
public struct NumberStatisticsReply: Sendable, Hashable {
  @Field(1, "Days with non-target calls, newest first") public var days: [NonTargetDay]
  @Field(2, "Token for the next page; empty on the last") public var nextPageToken: String
  @Field(3, "The number as it is today (class, availability)") public var number: DidNumber?
  @Field(
    4,
    "Unique callers over the cooling period: distinct callers among stored CDRs, plus each imported day's count")
  public var uniqueCallers: UInt32
  @Field(5, "The last non-target call's start, if any") public var lastCallAt: UTCTimestamp?
}

@WireMessage("Daily non-target statistics collected elsewhere (a switch's own counters).")
public struct ImportNonTargetStatisticsRequest: Sendable, Hashable {
  @Field(1, "Days, at most 10,000; a day already known from CDRs is kept as the CDRs say") public var days:
    [NonTargetDay]
}

@WireMessage("What an import of statistics did.")
public struct ImportNonTargetStatisticsReply: Sendable, Hashable {
  @Field(1, "Days stored (new or replacing an earlier import)") public var stored: UInt32
  @Field(2, "Days skipped: the CDRs already give that number and day") public var skipped: UInt32
}

@WireMessage("Attach a number to a New subscription in Billing.")
public struct ReserveNumberRequest: Sendable, Hashable {
  @Field(1, "The number; it must be for sale (yes or forced)") public var number: String
  @Field(2, "The Billing subscription (a product in status New)") public var subscriptionID: String
}

@WireMessage("Ask for a number that may not be sold to be released for sale (the seed's procedure).")
public struct RequestNumberReleaseRequest: Sendable, Hashable {
  @Field(1, "The number") public var number: String
  @Field(2, "Why it is wanted (the customer, the deal), 1–500 characters") public var reason: String
}

/// Where a release request is.
public enum ReleaseState: Int32, WireEnum, Sendable, CaseIterable {
  case unspecified = 0
  case awaitingConsent = 1
  case awaitingApproval = 2
  case approved = 3
  case rejected = 4

  public static var wireFallback: ReleaseState { .unspecified }
}

@WireMessage("A request to release a number for sale.")
public struct NumberReleaseRequest: Sendable, Hashable {
  @Field(1, "Request id (UUID)") public var id: String
  @Field(2, "The number") public var number: String
  @Field(3, "State") public var state: ReleaseState
  @Field(4, "Unique non-target callers over the cooling period when requested") public var uniqueCallers: UInt32
  @Field(5, "Who asked") public var requestedBy: String
  @Field(6, "Why") public var reason: String
  @Field(7, "The customer's consent: the document's reference (a letter's number)") public var consentDocument: String
  @Field(8, "Who recorded the consent") public var consentBy: String
  @Field(9, "Who approved or rejected it") public var decidedBy: String
  @Field(10, "The decision's note") public var decisionNote: String
  @Field(11, "When asked") public var createdAt: UTCTimestamp
  @Field(12, "When decided") public var decidedAt: UTCTimestamp?
}

@WireMessage("The customer's consent to a number's non-target calls.")
public struct RecordReleaseConsentRequest: Sendable, Hashable {
  @Field(1, "Request id") public var id: String
  @Field(2, "The consent document's reference, 1–200 characters") public var document: String
}

@WireMessage("Approve or reject a release request.")
public struct DecideNumberReleaseRequest: Sendable, Hashable {
  @Field(1, "Request id") public var id: String
  @Field(2, "True to approve (the number becomes forced for sale), false to reject") public var approve: Bool
  @Field(3, "Note, at most 500 characters; required to reject") public var note: String
}

@WireMessage("Release requests, oldest first.")
public struct ListNumberReleasesRequest: Sendable, Hashable {
  @Field(1, "Only these states; empty for all") public var states: [ReleaseState]
  @Field(2, "Only this number; empty for all") public var number: String
  @Field(3, "Page") public var page: PageRequest
}

@WireMessage("A page of release requests.")
public struct ListNumberReleasesReply: Sendable, Hashable {
  @Field(1, "Requests") public var requests: [NumberReleaseRequest]
  @Field(2, "Token for the next page; empty on the last") public var nextPageToken: String
}

@WireMessage("Whose is this phone number (the seed's search by DID).")
public struct FindCustomerByNumberRequest: Sendable, Hashable {
  @Field(1, "The number") public var number: String
}

@WireMessage("The number, its account and the Billing customer behind it.")
public struct FindCustomerByNumberReply: Sendable, Hashable {
  @Field(1, "The number") public var number: DidNumber?
  @Field(2, "The account number") public var accountNumber: String
  @Field(3, "The Billing customer's id") public var customerID: String
  @Field(4, "The customer's name") public var customerName: String
  @Field(5, "The customer's taxpayer number (INN), if any") public var taxID: String
  @Field(6, "The customer's Identity organization, if any") public var organizationID: String
}

@WireMessage("Run the pool's nightly cycle now, for today.")
public struct RunNumberCycleRequest: Sendable, Hashable {}

@WireMessage("What the nightly cycle did.")
public struct RunNumberCycleReply: Sendable, Hashable {
  @Field(1, "The day it ran for") public var date: CalendarDate
  @Field(2, "Archive numbers freed (no non-target call for the cooling period)") public var freedFromArchive: UInt32
  @Field(3, "Unpaid reservations closed in Billing and their numbers freed") public var reservationsExpired: UInt32
  @Field(4, "Reservations whose subscription turned out active: now in work") public var activated: UInt32
  @Field(5, "Reservations that could not be settled now (Billing away); tried again next run") public var deferred:
    UInt32
}

@WireMessage("Export a search to an XLSX file in Downloads.")
public struct ExportNumbersRequest: Sendable, Hashable {
  @Field(1, "The search; free numbers need an availability filter") public var search: SearchNumbersRequest
  @Field(2, "Where to say the file is ready") public var email: String
}

@WireMessage("The export task.")
public struct ExportNumbersReply: Sendable, Hashable {
  @Field(1, "Task id: its progress and the file are under Tasks and Downloads") public var taskID: String
}
