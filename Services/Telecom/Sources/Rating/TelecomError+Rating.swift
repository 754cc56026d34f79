import GRPCCore
import TelecomRules

/// Refusals of the rating and lock methods (docs/telecom.md, "Rating and call locks").
extension TelecomError {
  static let providerExists = TelecomError(
    code: .alreadyExists, reason: "PROVIDER_EXISTS", message: "A provider with this code exists.")
  static let providerNotFound = TelecomError(
    code: .notFound, reason: "PROVIDER_NOT_FOUND", message: "No provider has this code.")
  static let ratingPlanExists = TelecomError(
    code: .alreadyExists, reason: "RATING_PLAN_EXISTS", message: "A rating plan with this code exists.")
  static let ratingPlanNotFound = TelecomError(
    code: .notFound, reason: "RATING_PLAN_NOT_FOUND", message: "No rating plan has this code.")
  static let noRatingPlan = TelecomError(
    code: .failedPrecondition, reason: "NO_RATING_PLAN",
    message: "The account has no rating plan; set one (SetAccountRatingPlan) or name one in the request.")
  static let priceListTooLong = TelecomError(
    code: .invalidArgument, reason: "PRICE_LIST_TOO_LONG",
    message: "A price list holds at most \(PriceListFile.maximumLines) lines; split it by destination.")
  static let currencyMismatch = TelecomError(
    code: .failedPrecondition, reason: "CURRENCY_MISMATCH",
    message: "A retail list's currency is its rating plan's; this list is kept in another currency.")
  static let lockExists = TelecomError(
    code: .alreadyExists, reason: "LOCK_EXISTS",
    message: "This account (or the global list) already has a lock on this prefix.")
  static let lockNotFound = TelecomError(
    code: .notFound, reason: "LOCK_NOT_FOUND", message: "No lock in force has this id.")
}
