import GRPCCore

/// Refusals of the call record methods (docs/telecom.md, "Call records").
extension TelecomError {
  static let subscriptionNotFound = TelecomError(
    code: .notFound, reason: "SUBSCRIPTION_NOT_FOUND", message: "No SMS was sent under this subscription for you.")
}
