public import GRPCCore

extension RPCError {
  /// Whether the called service said no to the content (a posting that will never be taken as
  /// it is), as opposed to not answering — unavailable, a deadline, overload — after which the
  /// same call goes again later. Not PERMISSION_DENIED or UNAUTHENTICATED: a token without the
  /// permission is a deployment to fix, and what waits should wait for it, not be set aside.
  public var isRefusalOfContent: Bool {
    switch self.code {
    case .invalidArgument, .failedPrecondition, .notFound, .alreadyExists, .outOfRange: true
    default: false
    }
  }

  /// The refusal as a service records it beside what was refused: `REASON: message` (the code
  /// when the server gave no reason), at most 500 characters.
  public var refusalText: String {
    String("\(self.reason ?? "\(self.code)"): \(self.message)".prefix(500))
  }
}
