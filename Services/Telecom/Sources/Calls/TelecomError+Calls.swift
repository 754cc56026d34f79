import GRPCCore

/// Refusals of the call record methods (docs/telecom.md, "Call records").
extension TelecomError {
  static let subscriptionNotFound = TelecomError(
    code: .notFound, reason: "SUBSCRIPTION_NOT_FOUND", message: "No SMS was sent under this subscription for you.")
}

extension TelecomError {
  /// A batch's COPY met a record stored before; it is stored again, skipping those (never
  /// reaches a caller unless that second way fails the same way).
  static let callsStoredBefore = TelecomError(
    code: .aborted, reason: "CALLS_STORED_MEANWHILE",
    message: "Some of these calls were being stored at the same moment by another request; send the batch again.")
}
