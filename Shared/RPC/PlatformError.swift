public import GRPCCore
public import WireCodec

/// The trailing-metadata key that carries an error's stable, machine-readable reason.
public let reasonMetadataKey = "abonent-reason"

/// A failure any service can end a call with. Each service adds its own domain error type
/// conforming to ``ServiceError``; these are the ones the platform itself raises.
/// The full table of codes and reasons is docs/errors.md.
public struct PlatformError: ServiceError {
  public var code: RPCError.Code
  public var reason: String
  public var message: String

  public init(code: RPCError.Code, reason: String, message: String) {
    self.code = code
    self.reason = reason
    self.message = message
  }

  public static func malformedMessage(_ error: WireDecodingError) -> PlatformError {
    PlatformError(
      code: .invalidArgument,
      reason: "MALFORMED_MESSAGE",
      message: "The request body is not a valid message: \(error.description)."
    )
  }

  public static func messageTooLarge(limit: Int) -> PlatformError {
    PlatformError(
      code: .resourceExhausted,
      reason: "MESSAGE_TOO_LARGE",
      message: "The request is larger than this service accepts (\(limit) bytes)."
    )
  }

  public static let missingToken = PlatformError(
    code: .unauthenticated,
    reason: "TOKEN_MISSING",
    message: "This method needs a bearer access token in the 'authorization' header."
  )

  public static func invalidToken(_ why: String) -> PlatformError {
    PlatformError(code: .unauthenticated, reason: "TOKEN_INVALID", message: "The access token was rejected: \(why).")
  }

  public static func permissionDenied(_ permission: String) -> PlatformError {
    PlatformError(
      code: .permissionDenied,
      reason: "PERMISSION_DENIED",
      message: "The caller lacks the permission '\(permission)'."
    )
  }

  /// A customer user acting on another organization's data, with the permission in hand: the
  /// refusal does not claim a missing permission.
  public static let outsideOrganization = PlatformError(
    code: .permissionDenied, reason: "OUTSIDE_ORGANIZATION",
    message: "Customer users act only within their own organization, and the token names another one or none.")

  public static func unavailable(_ dependency: String) -> PlatformError {
    PlatformError(
      code: .unavailable,
      reason: "DEPENDENCY_UNAVAILABLE",
      message: "\(dependency) is unavailable; try again shortly."
    )
  }

  public static let internalError = PlatformError(
    code: .internalError,
    reason: "INTERNAL",
    message: "The service failed to handle the request; it has been logged."
  )
}

/// A domain error that knows its gRPC status code, its stable reason and a message a person
/// understands. Conforming types never put SQL, stack traces or internal identifiers in
/// `message`: it goes to the caller verbatim.
public protocol ServiceError: Error, RPCErrorConvertible, Sendable {
  var code: RPCError.Code { get }
  /// Stable, upper-snake-case, documented in docs/errors.md; clients switch on it.
  var reason: String { get }
  var message: String { get }
}

extension ServiceError {
  public var rpcErrorCode: RPCError.Code { self.code }
  public var rpcErrorMessage: String { self.message }
  public var rpcErrorMetadata: Metadata { [reasonMetadataKey: "\(self.reason)"] }
  /// The cause stays on the server: RPCError's cause is not sent over the wire.
  public var rpcErrorCause: (any Error)? { nil }
}

extension RPCError {
  /// The stable reason a server attached, if any.
  public var reason: String? {
    self.metadata[stringValues: reasonMetadataKey].first(where: { _ in true })
  }
}
