public import RPC
public import WireCodec

/// What a price row charges for (docs/telecom.md, Rating). Call recording and unlimited call
/// recording are two services, as operators are warned: a search for one does not find the other.
public enum BilledService: Int32, WireEnum, Sendable, CaseIterable {
  case unspecified = 0
  /// An outgoing call, per second of conversation.
  case outgoingCall = 1
  /// A call forwarded to another number, per second.
  case callForwarding = 2
  /// An incoming call inside the office (internal), per second.
  case incomingOfficeCall = 3
  /// An SMS, per message.
  case sms = 4
  /// A data session, per kilobyte.
  case dataSession = 5
  /// Call recording (`CALLS_REC`), per second recorded.
  case callRecording = 6
  /// Unlimited call recording (`CALLS_REC_UNLIM`), per second recorded.
  case unlimitedCallRecording = 7
  /// A call from outside to a DID number, per second; to a pool number not in work it is a
  /// non-target call, counted for the pool and charged to nobody.
  case incomingCall = 8

  public static var wireFallback: BilledService { .unspecified }

  /// The code CDRs and price lists carry.
  public var code: String {
    switch self {
    case .unspecified: ""
    case .outgoingCall: "CALL_OUT"
    case .callForwarding: "CALL_FWD"
    case .incomingOfficeCall: "CALL_IN_OFFICE"
    case .sms: "SMS"
    case .dataSession: "DATA"
    case .callRecording: "CALLS_REC"
    case .unlimitedCallRecording: "CALLS_REC_UNLIM"
    case .incomingCall: "CALL_IN"
    }
  }

  /// The service with `code`, if any.
  public init?(code: String) {
    guard let found = Self.allCases.first(where: { $0 != .unspecified && $0.code == code }) else { return nil }
    self = found
  }
}

/// Whose price a list holds.
public enum PriceListKind: Int32, WireEnum, Sendable {
  case unspecified = 0
  /// What the customer pays, per rating plan.
  case retail = 1
  /// What the provider charges the operator.
  case wholesale = 2

  public static var wireFallback: PriceListKind { .unspecified }
}

@WireMessage("A carrier the operator buys routes from.")
public struct Provider: Sendable, Hashable {
  @Field(1, "Code, 1–32 letters, digits, '-' or '_', unique") public var code: String
  @Field(2, "Name, e.g. 'Москва, Мегафон'") public var name: String
  @Field(3, "The incoming service it serves, for the tariff check's filter; unspecified for any")
  public var incomingService: BilledService
  @Field(4, "When it was created") public var createdAt: UTCTimestamp
}

@WireMessage("Providers, by code.")
public struct ListProvidersRequest: Sendable, Hashable {
  @Field(1, "Page: default 100, at most 1000") public var page: PageRequest
}

@WireMessage("A page of providers.")
public struct ListProvidersReply: Sendable, Hashable {
  @Field(1, "Providers") public var providers: [Provider]
  @Field(2, "Token for the next page; empty on the last") public var nextPageToken: String
}

@WireMessage("A set of retail prices customers' accounts are rated by.")
public struct RatingPlan: Sendable, Hashable {
  @Field(1, "Code, 1–32 letters, digits, '-' or '_', unique") public var code: String
  @Field(2, "Name") public var name: String
  @Field(3, "ISO 4217 currency its prices are in") public var currency: String
  @Field(4, "When it was created") public var createdAt: UTCTimestamp
}

@WireMessage("Rating plans, by code.")
public struct ListRatingPlansRequest: Sendable, Hashable {
  @Field(1, "Page: default 100, at most 1000") public var page: PageRequest
}

@WireMessage("A page of rating plans.")
public struct ListRatingPlansReply: Sendable, Hashable {
  @Field(1, "Rating plans") public var ratingPlans: [RatingPlan]
  @Field(2, "Token for the next page; empty on the last") public var nextPageToken: String
}

@WireMessage("Rate an account by a rating plan from now on.")
public struct SetAccountRatingPlanRequest: Sendable, Hashable {
  @Field(1, "Billing personal account number") public var accountNumber: String
  @Field(2, "Rating plan code") public var ratingPlan: String
}

@WireMessage("Which rating plan an account is rated by.")
public struct AccountRatingPlan: Sendable, Hashable {
  @Field(1, "Billing personal account number") public var accountNumber: String
  @Field(2, "Rating plan code") public var ratingPlan: String
  @Field(3, "Who set it") public var setBy: String
  @Field(4, "When") public var setAt: UTCTimestamp
}

@WireMessage("Which price list: a provider's wholesale list, or its retail list under a rating plan, for a service.")
public struct PriceListKey: Sendable, Hashable {
  @Field(1, "Provider code") public var provider: String
  @Field(2, "Retail or wholesale") public var kind: PriceListKind
  @Field(3, "Rating plan code: required for retail, empty for wholesale") public var ratingPlan: String
  @Field(4, "What the prices charge for") public var service: BilledService
  @Field(5, "Place of service code, 1–32 letters, digits, '-' or '_'") public var placeOfService: String
}

@WireMessage("Replace a price list by a new version from CSV, all rows or none.")
public struct ImportPriceListRequest: Sendable, Hashable {
  @Field(1, "Which list") public var key: PriceListKey
  @Field(
    2,
    "CSV: prefix,price,unit,increments,connection_fee,valid_from,valid_to — price and fee in currency units "
      + "with at most 6 decimals, unit in seconds/messages/kilobytes, increments like 60/60, dates YYYY-MM-DD "
      + "(valid_to empty for open-ended); a header line is skipped; at most 200,000 lines")
  public var csv: String
  @Field(3, "ISO 4217 currency: required for wholesale; for retail the rating plan's (may be left empty)")
  public var currency: String
}

@WireMessage("A refused line of a price list.")
public struct PriceListLineError: Sendable, Hashable {
  @Field(1, "Line number, from 1") public var line: UInt32
  @Field(2, "Stable reason code") public var reason: String
  @Field(3, "What is wrong with it") public var message: String
}

@WireMessage("What an import did: the new version, or why nothing changed.")
public struct ImportPriceListReply: Sendable, Hashable {
  @Field(1, "The version now current; 0 when refused") public var version: UInt32
  @Field(2, "Rows in it") public var rows: UInt32
  @Field(3, "Refused lines (at most 100 reported); when any, nothing was imported") public var errors:
    [PriceListLineError]
}

@WireMessage("A price: what a matching prefix costs.")
public struct PriceRow: Sendable, Hashable {
  @Field(1, "Destination prefix, digits") public var prefix: String
  @Field(2, "Price per unit in millionths of the currency unit") public var priceMicros: Int64
  @Field(3, "Unit size: seconds for calls (60 = per minute), messages, kilobytes") public var unit: UInt32
  @Field(4, "First billing increment") public var firstIncrement: UInt32
  @Field(5, "Next billing increment") public var nextIncrement: UInt32
  @Field(6, "Connection fee in millionths of the currency unit") public var connectionFeeMicros: Int64
  @Field(7, "Valid from (inclusive)") public var validFrom: UTCTimestamp
  @Field(8, "Valid until (exclusive); empty for open-ended") public var validTo: UTCTimestamp?
  @Field(9, "ISO 4217 currency") public var currency: String
}
