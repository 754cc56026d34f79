public import GRPCCore
import ISPRules
public import RPC

/// ISP's refusals: a status code, a stable reason (docs/isp.md) and a message a person
/// understands; where the manual has its own text, callers asking for `pt` get that.
public struct ISPError: ServiceError {
  public var code: RPCError.Code
  public var reason: String
  public var message: String

  static let customerNotFound = ISPError(
    code: .notFound, reason: "CUSTOMER_NOT_FOUND", message: "No such subscriber here: register the customer first.")
  static let customerInactive = ISPError(
    code: .failedPrecondition, reason: "CUSTOMER_INACTIVE", message: "The customer is inactive.")
  static let billingCustomerNotFound = ISPError(
    code: .notFound, reason: "BILLING_CUSTOMER_NOT_FOUND", message: "Billing has no such customer.")
  static let billingAccountNotFound = ISPError(
    code: .notFound, reason: "BILLING_ACCOUNT_NOT_FOUND", message: "Billing has no such account of this customer.")
  static let customerCodesExhausted = ISPError(
    code: .resourceExhausted, reason: "CUSTOMER_CODES_EXHAUSTED", message: "All 999,999 customer codes are taken.")
  static let planTypeNotFound = ISPError(code: .notFound, reason: "PLAN_TYPE_NOT_FOUND", message: "No such plan type.")
  static let currencyMismatch = ISPError(
    code: .failedPrecondition, reason: "CURRENCY_MISMATCH",
    message: "The plan type's currency is not the Billing account's.")
  static let planNotFound = ISPError(code: .notFound, reason: "PLAN_NOT_FOUND", message: "No such plan.")
  static let planNumbersExhausted = ISPError(
    code: .resourceExhausted, reason: "PLAN_NUMBERS_EXHAUSTED", message: "The customer has used all 999 plan numbers.")
  static let loginNotFound = ISPError(code: .notFound, reason: "LOGIN_NOT_FOUND", message: "No such RADIUS login.")
  static let loginTaken = ISPError(
    code: .alreadyExists, reason: "LOGIN_TAKEN", message: "Another plan already has this RADIUS login.")
  static let accessPointNotFound = ISPError(
    code: .notFound, reason: "ACCESS_POINT_NOT_FOUND", message: "No such access point.")
  static let addressNotFound = ISPError(code: .notFound, reason: "ADDRESS_NOT_FOUND", message: "No such IP address.")
  static let addressTaken = ISPError(
    code: .alreadyExists, reason: "ADDRESS_TAKEN", message: "This address of the pool is already given to a plan.")
  static let poolExhausted = ISPError(
    code: .resourceExhausted, reason: "POOL_EXHAUSTED", message: "The access point's pool has no free address.")
  static let circuitTaken = ISPError(
    code: .alreadyExists, reason: "CIRCUIT_TAKEN", message: "Another plan already has this circuit name.")
  static let noSession = ISPError(
    code: .failedPrecondition, reason: "NO_OPEN_SESSION", message: "The login has no open connection to close.")
  static let noNAS = ISPError(
    code: .failedPrecondition, reason: "NAS_NOT_CONFIGURED",
    message: "The access point of the login's address has no NAS for Disconnect-Requests.")
  static let nasSilent = ISPError(
    code: .unavailable, reason: "NAS_NO_ANSWER", message: "The NAS did not answer the Disconnect-Request.")
  static let equipmentNotLinked = ISPError(
    code: .notFound, reason: "EQUIPMENT_NOT_LINKED", message: "This equipment is not linked to the plan.")
  static let transferTargetMissing = ISPError(
    code: .invalidArgument, reason: "TRANSFER_TARGET_REQUIRED",
    message: "Name the new owner (customer and account) or give the new customer.")
  static let sameOwner = ISPError(
    code: .failedPrecondition, reason: "SAME_OWNER", message: "The plan already belongs to this customer.")
  static let monthNotStarted = ISPError(
    code: .failedPrecondition, reason: "MONTH_NOT_STARTED", message: "A month is charged from its first day on.")
  static let billingUnavailable = ISPError(
    code: .unavailable, reason: "BILLING_UNAVAILABLE",
    message: "Billing did not answer (or is not configured); nothing was changed. Try again.")
  static let billingRefused = ISPError(
    code: .unavailable, reason: "BILLING_UNAVAILABLE",
    message: "Billing refused ISP's service token; the deployment must grant its service account Billing's permissions."
  )

  /// A refusal of the plan's life rules, in the caller's language.
  static func plan(_ refusal: PlanLife.Refusal, language: String = "") -> ISPError {
    let portuguese = language == "pt"
    switch refusal {
    case .notActive:
      return ISPError(code: .failedPrecondition, reason: "PLAN_NOT_ACTIVE", message: "The plan is not active.")
    case .notSuspended:
      return ISPError(code: .failedPrecondition, reason: "PLAN_NOT_SUSPENDED", message: "The plan is not suspended.")
    case .cancelled:
      return ISPError(code: .failedPrecondition, reason: "PLAN_CANCELLED", message: "The plan is cancelled.")
    case .temporarySuspensionNotAllowed:
      return ISPError(
        code: .failedPrecondition, reason: "TEMPORARY_SUSPENSION_NOT_ALLOWED",
        message: "Temporary suspension is not enabled here (setting allowTemporarySuspension).")
    case .equipmentLinked:
      return ISPError(
        code: .failedPrecondition, reason: "EQUIPMENT_LINKED",
        message: portuguese
          ? "Não é possível cancelar plano com equipamento." : "A plan with equipment linked cannot be cancelled.")
    case .loginOrMailboxLinked:
      return ISPError(
        code: .failedPrecondition, reason: "PLAN_HAS_LOGINS",
        message: "A plan with a login or e-mail linked cannot be deleted: delete them first.")
    }
  }

  /// Every reason ISP itself may return, for the docs check.
  static var reasons: [String] {
    [
      customerNotFound, customerInactive, billingCustomerNotFound, billingAccountNotFound, customerCodesExhausted,
      planTypeNotFound, currencyMismatch, planNotFound, planNumbersExhausted, loginNotFound, loginTaken,
      accessPointNotFound, addressNotFound, addressTaken, poolExhausted, circuitTaken, noSession, noNAS, nasSilent,
      equipmentNotLinked, transferTargetMissing, sameOwner, monthNotStarted, billingUnavailable,
    ].map(\.reason) + PlanLife.Refusal.allCases.map { Self.plan($0).reason }
  }
}
