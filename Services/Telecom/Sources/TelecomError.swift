import BillingAPI
public import GRPCCore
public import RPC
import TelecomRules

/// Telecom's refusals: a status code, a stable reason (docs/telecom.md) and a message a person
/// understands.
public struct TelecomError: ServiceError {
  public var code: RPCError.Code
  public var reason: String
  public var message: String

  static let simNotFound = TelecomError(code: .notFound, reason: "SIM_NOT_FOUND", message: "No such SIM card.")
  static let operationNotFound = TelecomError(
    code: .notFound, reason: "OPERATION_NOT_FOUND", message: "No such SIM operation.")
  static let msisdnTaken = TelecomError(
    code: .alreadyExists, reason: "MSISDN_TAKEN", message: "Another SIM has this MSISDN.")
  static let imsiTaken = TelecomError(code: .alreadyExists, reason: "IMSI_TAKEN", message: "Another SIM has this IMSI.")
  static let operationPending = TelecomError(
    code: .failedPrecondition, reason: "SIM_OPERATION_PENDING",
    message: "Another operation on this SIM is waiting for the network; try again once it has finished.")
  static let fileTooLong = TelecomError(
    code: .invalidArgument, reason: "IMPORT_TOO_LONG",
    message: "An import file holds at most \(SimImportFile.maximumLines) lines; split it.")

  static let taskNotFound = TelecomError(code: .notFound, reason: "TASK_NOT_FOUND", message: "No such task of yours.")
  static let taskEnded = TelecomError(
    code: .failedPrecondition, reason: "TASK_ENDED", message: "The task has already ended; there is nothing to cancel.")
  static let notificationIDInvalid = TelecomError(
    code: .invalidArgument, reason: "NOTIFICATION_ID_INVALID", message: "A notification id is not a UUID.")

  static let quotaNotFound = TelecomError(code: .notFound, reason: "QUOTA_NOT_FOUND", message: "No such quota.")

  static let simulatorControlOff = TelecomError(
    code: .failedPrecondition, reason: "SIMULATOR_CONTROL_OFF",
    message: "This Telecom does not take orders for its network simulator (abonent.telecom.simulatorControl is off).")

  /// The lifecycle's refusal of an operation (docs/telecom.md, "SIM states").
  static let accountNotFound = TelecomError(
    code: .notFound, reason: "ACCOUNT_NOT_FOUND", message: "Billing has no account with this number.")
  static let accountClosed = TelecomError(
    code: .failedPrecondition, reason: "ACCOUNT_CLOSED", message: "The account is closed in Billing.")
  static let organizationMismatch = TelecomError(
    code: .invalidArgument, reason: "ORGANIZATION_MISMATCH",
    message: "The account's customer belongs to another organization in Billing.")
  static let billingUnavailable = TelecomError(
    code: .unavailable, reason: "BILLING_UNAVAILABLE",
    message: "Billing did not answer, so the account cannot be checked; nothing was changed. Try again.")
  static let billingRefusedLookup = TelecomError(
    code: .unavailable, reason: "BILLING_UNAVAILABLE",
    message:
      "Billing refused Telecom's lookup of the account: Telecom's service account needs "
      + "\(BillingPermission.accountsRead.name) and \(BillingPermission.customersRead.name)."
  )
  static func refused(_ refusal: SimRefusal) -> TelecomError {
    TelecomError(code: .failedPrecondition, reason: refusal.reason, message: refusal.message)
  }

  /// The network did not do what was asked; the operation is recorded as failed and the SIM
  /// left as it was.
  static func network(_ error: NetworkError) -> TelecomError {
    switch error {
    case .unavailable: TelecomError(code: .unavailable, reason: error.reason, message: error.message)
    case .unknownSubscriber, .refused, .unsupported:
      TelecomError(code: .failedPrecondition, reason: error.reason, message: error.message)
    }
  }

  /// Every reason Telecom itself may return, for the docs check.
  static var reasons: [String] {
    [
      simNotFound, operationNotFound, msisdnTaken, imsiTaken, operationPending, fileTooLong, taskNotFound, taskEnded,
      notificationIDInvalid, quotaNotFound, simulatorControlOff, accountNotFound, accountClosed, organizationMismatch,
      billingUnavailable,
    ].map(\.reason)
  }
}
