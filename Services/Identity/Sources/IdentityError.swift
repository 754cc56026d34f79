public import GRPCCore
public import RPC

/// Identity's refusals: a status code, a stable reason (docs/identity.md) and a message a
/// person understands.
public struct IdentityError: ServiceError {
  public var code: RPCError.Code
  public var reason: String
  public var message: String

  /// Unknown login, wrong password and a locked account all answer this, identically.
  static let invalidCredentials = IdentityError(
    code: .unauthenticated, reason: "INVALID_CREDENTIALS", message: "The login or password is wrong.")
  static let notConfirmed = IdentityError(
    code: .failedPrecondition, reason: "NOT_CONFIRMED",
    message: "The profile is not active yet: follow the link in the confirmation e-mail, or ask for a new one.")
  static let codeInvalid = IdentityError(code: .invalidArgument, reason: "CODE_INVALID", message: "The code is wrong.")
  static let codeExpired = IdentityError(
    code: .failedPrecondition, reason: "CODE_EXPIRED",
    message: "The code has expired or was already used; ask for a new one.")
  static let codeAttemptsExhausted = IdentityError(
    code: .resourceExhausted, reason: "CODE_ATTEMPTS_EXHAUSTED", message: "Too many wrong codes; ask for a new one.")
  static let alreadyConfirmed = IdentityError(
    code: .failedPrecondition, reason: "ALREADY_CONFIRMED", message: "The profile is already confirmed; sign in.")
  static func resendTooSoon(seconds: Int64) -> IdentityError {
    IdentityError(
      code: .resourceExhausted, reason: "RESEND_TOO_SOON",
      message: "A code was sent moments ago; try again in \(seconds) s.")
  }
  static let refreshInvalid = IdentityError(
    code: .unauthenticated, reason: "REFRESH_TOKEN_INVALID",
    message: "The session has ended or the refresh token is unknown; sign in again.")
  static let refreshReused = IdentityError(
    code: .unauthenticated, reason: "REFRESH_TOKEN_REUSED",
    message: "This refresh token was already used; the session has been ended for safety. Sign in again.")
  static let recoveryRefused = IdentityError(
    code: .permissionDenied, reason: "RECOVERY_REFUSED",
    message: "The details do not match, or the control string has expired or was already used.")
  static let wrongPassword = IdentityError(
    code: .permissionDenied, reason: "WRONG_PASSWORD", message: "The current password is wrong.")
  static let notFound = IdentityError(code: .notFound, reason: "NOT_FOUND", message: "No such record.")
  static let invalidClient = IdentityError(
    code: .unauthenticated, reason: "INVALID_CLIENT", message: "The client id or secret is wrong.")
  static func notAllowed(_ why: String) -> IdentityError {
    IdentityError(code: .permissionDenied, reason: "NOT_ALLOWED", message: why)
  }
}
