import GRPCCore
import RPC
import TelecomRules

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

extension TelecomError {
  static let numberNotFound = TelecomError(
    code: .notFound, reason: "NUMBER_NOT_FOUND", message: "The number is not in the pool.")
  static func numberNotInPool(_ number: String) -> TelecomError {
    TelecomError(
      code: .notFound, reason: "NUMBER_NOT_FOUND", message: "\(number) is not in the pool; nothing was stored.")
  }
  static let numberFileTooLong = TelecomError(
    code: .invalidArgument, reason: "IMPORT_TOO_LONG",
    message: "An import file holds at most \(NumberImportFile.maximumLines) lines; split it.")
  static func numberNotForSale(_ row: NumberRow) -> TelecomError {
    TelecomError(
      code: .failedPrecondition, reason: "NUMBER_NOT_FOR_SALE",
      message:
        "\(row.number) is not for sale (\(row.status.rawValue), non-target calls: \(row.ncv.rawValue)); "
        + "ask for its release (RequestNumberRelease) if the customer wants it anyway.")
  }
  static func numberTaken(_ row: NumberRow) -> TelecomError {
    TelecomError(
      code: .failedPrecondition, reason: "NUMBER_TAKEN",
      message: "\(row.number) is \(row.status == .reserved ? "reserved" : "in work") for subscription "
        + "\(row.subscriptionID?.uuidString.lowercased() ?? "")")
  }
  static let numberAlreadyForSale = TelecomError(
    code: .failedPrecondition, reason: "NUMBER_ALREADY_FOR_SALE",
    message: "The number may be sold already; there is nothing to release.")
  static func providerNotOwn(_ provider: String) -> TelecomError {
    TelecomError(
      code: .failedPrecondition, reason: "PROVIDER_NOT_OWN",
      message:
        "Numbers of \(provider) are not released for sale: only the operator's own providers' "
        + "(setting abonent.telecom.ownProviders).")
  }
  static let subscriptionHasNumber = TelecomError(
    code: .alreadyExists, reason: "SUBSCRIPTION_HAS_NUMBER", message: "The subscription has a number already.")
  static func subscriptionNotNew(_ status: String) -> TelecomError {
    TelecomError(
      code: .failedPrecondition, reason: "SUBSCRIPTION_NOT_NEW",
      message: "A number is attached to a New subscription; this one is \(status).")
  }
  static let billingSubscriptionNotFound = TelecomError(
    code: .notFound, reason: "SUBSCRIPTION_NOT_FOUND", message: "Billing has no such subscription.")
  static let releaseAlreadyRequested = TelecomError(
    code: .alreadyExists, reason: "RELEASE_ALREADY_REQUESTED", message: "The number has an open release request.")
  static let releaseNotFound = TelecomError(
    code: .notFound, reason: "RELEASE_NOT_FOUND", message: "No such release request.")
  static func release(_ refusal: ReleaseRefusal) -> TelecomError {
    TelecomError(code: .failedPrecondition, reason: refusal.reason, message: refusal.message)
  }
  static let billingNotConfigured = TelecomError(
    code: .failedPrecondition, reason: "BILLING_NOT_CONFIGURED",
    message:
      "This Telecom does not reach Billing (abonent.telecom.billingAddress), which subscriptions and customers are in.")
  static let numberHasNoCustomer = TelecomError(
    code: .notFound, reason: "NUMBER_HAS_NO_CUSTOMER", message: "The number is not reserved or in work for anyone.")
  static let availabilityFilterRequired = TelecomError(
    code: .failedPrecondition, reason: "AVAILABILITY_FILTER_REQUIRED",
    message:
      "An export of free numbers needs the sale availability filter (availabilities: yes, forced): without it the "
      + "whole free pool would be read.")

  static var numberReasons: [String] {
    [
      numberNotFound, numberFileTooLong, numberAlreadyForSale, subscriptionHasNumber,
      releaseAlreadyRequested, releaseNotFound, billingNotConfigured, numberHasNoCustomer, availabilityFilterRequired,
    ].map(\.reason) + [
      "NUMBER_NOT_FOR_SALE", "NUMBER_TAKEN", "PROVIDER_NOT_OWN", "SUBSCRIPTION_NOT_NEW", "CONSENT_REQUIRED",
      "CONSENT_NOT_NEEDED", "RELEASE_REQUEST_CLOSED",
    ]
  }
}
