/// The seed's release procedure (§3.4.4) for a number that may not be sold: with fewer
/// unique callers than the threshold an assistant approves it; with as many or more the
/// customer's consent to the non-target calls is recorded first (its document), then it is
/// approved. An approved request makes the number "Yes, forced".
public enum ReleaseRequestState: String, Sendable, CaseIterable {
  case awaitingConsent = "awaiting_consent"
  case awaitingApproval = "awaiting_approval"
  case approved
  case rejected

  /// The state a new request starts in.
  public static func start(uniqueCallers: Int, consentThreshold: Int) -> ReleaseRequestState {
    uniqueCallers >= consentThreshold ? .awaitingConsent : .awaitingApproval
  }

  public var isOpen: Bool { self == .awaitingConsent || self == .awaitingApproval }

  /// What may be done to a request.
  public enum Step: Sendable {
    case recordConsent
    case approve
    case reject
  }

  /// The state after `step`, or why it is refused (a reason code and a message).
  public func after(_ step: Step) -> Result<ReleaseRequestState, ReleaseRefusal> {
    switch (self, step) {
    case (.awaitingConsent, .recordConsent): .success(.awaitingApproval)
    case (.awaitingApproval, .approve): .success(.approved)
    case (.awaitingConsent, .reject), (.awaitingApproval, .reject): .success(.rejected)
    case (.awaitingConsent, .approve):
      .failure(
        ReleaseRefusal(
          reason: "CONSENT_REQUIRED",
          message: "The number had many unique non-target callers: record the customer's consent first."))
    case (.awaitingApproval, .recordConsent):
      .failure(ReleaseRefusal(reason: "CONSENT_NOT_NEEDED", message: "This request does not wait for a consent."))
    case (.approved, _), (.rejected, _):
      .failure(ReleaseRefusal(reason: "RELEASE_REQUEST_CLOSED", message: "The request has already been decided."))
    }
  }
}

public struct ReleaseRefusal: Error, Sendable, Equatable {
  public let reason: String
  public let message: String
}
