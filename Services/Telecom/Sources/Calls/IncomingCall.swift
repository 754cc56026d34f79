import TelecomAPI
import TelecomRules

/// A call record checked and ready to rate, from a stream batch or a switch's file.
struct IncomingCall: Sendable {
  enum Source: String, Sendable {
    case stream
    case asterisk
    case freeswitch
  }

  let callID: String
  /// Empty only for an incoming call (`CALL_IN`) the switch could not put on an account.
  var accountNumber: String
  let caller: String
  let dialed: DialedDigits
  let service: BilledService
  let placeOfService: String
  /// Microseconds since the epoch.
  let startedAt: Int64
  let answered: Bool
  let durationSeconds: Int64
  /// Seconds, messages or kilobytes, by service; 0 when not answered.
  let quantity: Int64
  let source: Source
  /// SMS only (``SmsDeliveryStatus/code``); empty for calls.
  var deliveryStatus = ""
  /// SMS only: the Billing subscription; may be empty.
  var subscriptionID = ""
  /// An incoming call to a pool number not in work: stored, counted for the pool, charged to
  /// nobody (``Telecom/attributeIncomingCalls(_:)``).
  var nonTarget = false
}

/// What rating made of a call: a charge and a cost, or the reason there are none.
struct RatedCall: Sendable {
  let call: IncomingCall
  /// Empty when rated; NO_RETAIL_PRICE, NO_WHOLESALE_PRICE, LOCKED or CHARGE_OUT_OF_RANGE.
  let reason: String
  /// The lock that refused the call (its id, a UUID).
  let lockID: String?
  let provider: String
  /// The retail charge in minor units (0 for an unanswered call); nil when not rated.
  let retailMinor: Int64?
  let retailCurrency: String
  let wholesaleMinor: Int64?
  let wholesaleCurrency: String

  var isRated: Bool { self.reason.isEmpty }

  static func unrated(_ call: IncomingCall, _ reason: String, lockID: String? = nil) -> RatedCall {
    RatedCall(
      call: call, reason: reason, lockID: lockID, provider: "", retailMinor: nil, retailCurrency: "",
      wholesaleMinor: nil, wholesaleCurrency: "")
  }
}

extension BilledService {
  /// Whether the service is billed by time (seconds), rather than by messages or kilobytes.
  var isTimed: Bool {
    switch self {
    case .sms, .dataSession: false
    default: true
    }
  }
}
