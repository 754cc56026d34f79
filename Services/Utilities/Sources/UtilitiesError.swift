public import GRPCCore
public import RPC

/// Utilities' refusals: a status code, a stable reason (docs/utilities.md) and a message a person
/// understands. The cabinet's own refusals keep the water utility's Russian texts.
public struct UtilitiesError: ServiceError {
  public var code: RPCError.Code
  public var reason: String
  public var message: String

  static let accountNotFound = UtilitiesError(
    code: .notFound, reason: "ACCOUNT_NOT_FOUND", message: "No such personal account.")
  static let contractNotFound = UtilitiesError(
    code: .notFound, reason: "CONTRACT_NOT_FOUND", message: "No such contract with personal accounts here.")
  static let meterNotFound = UtilitiesError(code: .notFound, reason: "METER_NOT_FOUND", message: "No such meter.")
  static let meterRemoved = UtilitiesError(
    code: .failedPrecondition, reason: "METER_NOT_WORKING",
    message: "Невозможно передать показания на не работающий прибор учета!")
  static let readingNotFound = UtilitiesError(code: .notFound, reason: "READING_NOT_FOUND", message: "No such reading.")
  static let readingNotHeld = UtilitiesError(
    code: .failedPrecondition, reason: "READING_NOT_HELD", message: "Only a reading held for review can be reviewed.")
  static let billingAccountNotFound = UtilitiesError(
    code: .notFound, reason: "BILLING_ACCOUNT_NOT_FOUND", message: "Billing has no account with this number.")
  static let currencyNotKZT = UtilitiesError(
    code: .failedPrecondition, reason: "CURRENCY_NOT_KZT",
    message: "Water charges are in tenge: the account must be KZT.")
  static let contractNumberMissing = UtilitiesError(
    code: .failedPrecondition, reason: "CONTRACT_NUMBER_MISSING",
    message: "The account's customer has no contract number in Billing.")
  static let billingUnavailable = UtilitiesError(
    code: .unavailable, reason: "BILLING_UNAVAILABLE",
    message: "Billing did not answer (or is not configured); nothing was changed. Try again.")
  static let billingRefused = UtilitiesError(
    code: .unavailable, reason: "BILLING_UNAVAILABLE",
    message:
      "Billing refused Utilities' service token; the deployment must grant its service account Billing's permissions.")
  static let monthNotEnded = UtilitiesError(
    code: .failedPrecondition, reason: "MONTH_NOT_ENDED", message: "Only a month that has ended can be closed.")
  static let monthClosed = UtilitiesError(
    code: .failedPrecondition, reason: "MONTH_CLOSED",
    message: "This month is closed for the account: its readings can no longer be changed.")
  static let noticeEmailRequired = UtilitiesError(
    code: .invalidArgument, reason: "NOTICE_EMAIL_REQUIRED", message: "Give the address the notices go to.")

  static func refused(reason: String, message: String) -> UtilitiesError {
    UtilitiesError(code: .failedPrecondition, reason: reason, message: message)
  }

  /// Every reason Utilities itself may return, for the docs check.
  static var reasons: [String] {
    [
      accountNotFound, contractNotFound, meterNotFound, meterRemoved, readingNotFound, readingNotHeld,
      billingAccountNotFound, currencyNotKZT, contractNumberMissing, billingUnavailable, monthNotEnded, monthClosed,
      noticeEmailRequired,
    ].map(\.reason)
  }
}
