/// Why the mobile network (its subscriber register) did not do what Telecom asked. Each case has
/// a stable upper-case `reason` callers can branch on and a `message` a person understands.
enum NetworkError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The register did not answer: not reachable, connection closed, or no reply in time.
  case unavailable(String)
  /// The register has no subscriber with that IMSI.
  case unknownSubscriber
  /// The register answered with an error, or the request was refused before it was sent.
  case refused(String)
  /// This network cannot do what was asked.
  case unsupported(String)

  var reason: String {
    switch self {
    case .unavailable: "NETWORK_UNAVAILABLE"
    case .unknownSubscriber: "SUBSCRIBER_UNKNOWN"
    case .refused: "NETWORK_REFUSED"
    case .unsupported: "NETWORK_UNSUPPORTED"
    }
  }

  var message: String {
    switch self {
    case .unavailable(let detail): "The mobile network is not available: \(detail)."
    case .unknownSubscriber: "The mobile network has no such subscriber."
    case .refused(let detail): "The mobile network refused the request: \(detail)."
    case .unsupported(let detail): "The mobile network cannot do this: \(detail)."
    }
  }

  var description: String { "\(self.reason): \(self.message)" }
}
