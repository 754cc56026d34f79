public import GRPCCore
public import RPC
import WireCodec

/// Billing's refusals: a status code, a stable reason (docs/billing.md) and a message a
/// person understands.
public struct BillingError: ServiceError {
  public var code: RPCError.Code
  public var reason: String
  public var message: String

  static let customerNotFound = BillingError(
    code: .notFound, reason: "CUSTOMER_NOT_FOUND", message: "No such customer.")
  static let accountNotFound = BillingError(
    code: .notFound, reason: "ACCOUNT_NOT_FOUND", message: "No such personal account.")
  static let entryNotFound = BillingError(code: .notFound, reason: "ENTRY_NOT_FOUND", message: "No such ledger entry.")
  static func balanceOutOfRange(_ limit: ExactDecimal, _ currency: String) -> BillingError {
    BillingError(
      code: .failedPrecondition, reason: "BALANCE_OUT_OF_RANGE",
      message:
        "This posting would take the account's balance beyond ±\(limit) \(currency), the most an account may hold; nothing was posted."
    )
  }
  static func totalOutOfRange(_ what: String) -> BillingError {
    BillingError(
      code: .failedPrecondition, reason: "TOTAL_OUT_OF_RANGE",
      message:
        "\(what) exceeds the largest amount Billing can put on one document; operations must split or correct the entries."
    )
  }
  static let cycleDayPassedReason = "CYCLE_DAY_PASSED"
  static func cycleDayPassed(_ date: CalendarDate, latest: CalendarDate) -> BillingError {
    BillingError(
      code: .failedPrecondition, reason: cycleDayPassedReason,
      message:
        "The daily cycle already ran for \(latest); it does not run for the earlier day \(date), whose rules would undo what \(latest) decided (blocks, reminders, credit)."
    )
  }
  static func seriesExhausted(_ series: String) -> BillingError {
    BillingError(
      code: .internalError, reason: "SERIES_EXHAUSTED",
      message:
        "A thousand numbers in a row of series \(series) are taken by hand-given invoices; raise invoiceSeriesStart past them."
    )
  }
  static let accountClosed = BillingError(
    code: .failedPrecondition, reason: "ACCOUNT_CLOSED", message: "The account is closed; nothing can be posted to it.")
  static let idempotencyKeyReused = BillingError(
    code: .failedPrecondition, reason: "IDEMPOTENCY_KEY_REUSED",
    message: "This idempotency key was already used for a different posting; use a new key for new content.")
  static let contractTaken = BillingError(
    code: .alreadyExists, reason: "CONTRACT_NUMBER_TAKEN", message: "Another customer already has this contract number."
  )
  static let accountNumberTaken = BillingError(
    code: .alreadyExists, reason: "ACCOUNT_NUMBER_TAKEN", message: "Another account already has this number.")
  static let alreadyReversed = BillingError(
    code: .failedPrecondition, reason: "ENTRY_ALREADY_REVERSED", message: "This entry has already been reversed.")
  static let reversalOfReversal = BillingError(
    code: .failedPrecondition, reason: "REVERSAL_NOT_REVERSIBLE",
    message: "A reversal cannot be reversed; post a new entry instead.")
  static let suspenseNotFound = BillingError(
    code: .notFound, reason: "SUSPENSE_NOT_FOUND", message: "No such suspense item.")
  static let suspenseAlreadyAssigned = BillingError(
    code: .failedPrecondition, reason: "SUSPENSE_ALREADY_ASSIGNED",
    message: "This payment was already credited to another account.")
  static let invoiceNumberTaken = BillingError(
    code: .alreadyExists, reason: "INVOICE_NUMBER_TAKEN", message: "Another invoice already has this number.")
  static func statementUnreadable(_ why: String) -> BillingError {
    BillingError(
      code: .invalidArgument, reason: "STATEMENT_UNREADABLE", message: "The statement file cannot be read: \(why).")
  }
  static let alreadyBlocked = BillingError(
    code: .failedPrecondition, reason: "ACCOUNT_ALREADY_BLOCKED", message: "The account is already blocked.")
  static let notBlocked = BillingError(
    code: .failedPrecondition, reason: "ACCOUNT_NOT_BLOCKED", message: "The account is not blocked.")
  static let serviceCodeTaken = BillingError(
    code: .alreadyExists, reason: "SERVICE_CODE_TAKEN", message: "The catalogue already has a service with this code.")
  static let serviceNotFound = BillingError(
    code: .notFound, reason: "SERVICE_NOT_FOUND", message: "No such service in the catalogue.")
  static let tariffNameTaken = BillingError(
    code: .alreadyExists, reason: "TARIFF_NAME_TAKEN",
    message: "The service already has a tariff with this name for this country.")
  static let tariffNotFound = BillingError(code: .notFound, reason: "TARIFF_NOT_FOUND", message: "No such tariff.")
  static let subscriptionNotFound = BillingError(
    code: .notFound, reason: "SUBSCRIPTION_NOT_FOUND", message: "No such subscription.")
  static func subscriptionState(_ status: String, _ rule: String) -> BillingError {
    BillingError(
      code: .failedPrecondition, reason: "SUBSCRIPTION_STATE", message: "The subscription is \(status). \(rule)")
  }
  static let insufficientFunds = BillingError(
    code: .failedPrecondition, reason: "INSUFFICIENT_FUNDS",
    message:
      "The balance (with the credit limit of a postpaid account) does not cover the first charge of this subscription.")
  static let autopayUnavailable = BillingError(
    code: .failedPrecondition, reason: "AUTOPAY_UNAVAILABLE",
    message: "Autopayment is not available: no payment gateway is configured.")
  static let autopayNotSet = BillingError(
    code: .notFound, reason: "AUTOPAY_NOT_SET", message: "This account has no autopayment set up.")
  static let rateNotFound = BillingError(
    code: .notFound, reason: "RATE_NOT_FOUND", message: "No rate is stored for that day or any earlier one.")
  static func rateFileUnreadable(_ why: String) -> BillingError {
    BillingError(
      code: .invalidArgument, reason: "RATE_FILE_UNREADABLE", message: "The rate file cannot be read: \(why).")
  }
  static let invoiceNotFound = BillingError(code: .notFound, reason: "INVOICE_NOT_FOUND", message: "No such invoice.")
  static let countryWithoutCalendar = BillingError(
    code: .invalidArgument, reason: "COUNTRY_WITHOUT_CALENDAR", message: "Production calendars are kept for RU and KZ.")
  static let documentsUnavailable = BillingError(
    code: .unavailable, reason: "DOCUMENTS_UNAVAILABLE",
    message: "Documents cannot be produced right now; operations have been told.")
  static let correctionNotFound = BillingError(
    code: .notFound, reason: "CORRECTION_NOT_FOUND", message: "No such correction.")
  static func alreadyCorrected(_ document: String, by latest: String) -> BillingError {
    BillingError(
      code: .failedPrecondition, reason: "ALREADY_CORRECTED",
      message: "\(document) already has a correction; correct the latest one, \(latest), instead.")
  }
  static func correctionSent(_ number: String) -> BillingError {
    BillingError(
      code: .failedPrecondition, reason: "CORRECTION_SENT",
      message: "Correction \(number) was sent to the customer and cannot change; correct it with a new correction.")
  }
  static let correctionDeleted = BillingError(
    code: .failedPrecondition, reason: "CORRECTION_DELETED",
    message: "That correction was deleted; correct the document it corrected instead.")
  static let invoiceWithoutLines = BillingError(
    code: .failedPrecondition, reason: "INVOICE_WITHOUT_LINES",
    message: "Only invoices with lines (monthly and on-demand ones) can be corrected.")
  static let writeOffsAutomatic = BillingError(
    code: .failedPrecondition, reason: "WRITE_OFFS_AUTOMATIC",
    message:
      "This correction posts its write-offs itself; staff write-offs are for corrections made with «do not create write-off»."
  )
  static let writeOffsIncomplete = BillingError(
    code: .failedPrecondition, reason: "WRITE_OFFS_INCOMPLETE",
    message: "Post write-offs for the whole difference of every line before sending the correction.")
  static let agentNotFound = BillingError(code: .notFound, reason: "AGENT_NOT_FOUND", message: "No such agent.")
  static let agentCodeTaken = BillingError(
    code: .alreadyExists, reason: "AGENT_CODE_TAKEN", message: "An agent with this code exists already.")
  static let scaleNotFound = BillingError(
    code: .notFound, reason: "SCALE_NOT_FOUND", message: "No such commission scale.")
  static let exportTooLarge = BillingError(
    code: .failedPrecondition, reason: "EXPORT_TOO_LARGE",
    message: "At most 5000 rows go into one workbook; narrow the period or the filters.")
  static let actNotFound = BillingError(code: .notFound, reason: "ACT_NOT_FOUND", message: "No such act.")
}
