import GRPCCore
import PostgresNIO
import RPC
import _ConnectionPoolModule

/// How database failures reach callers: mapped at the store boundary to ``PlatformError``
/// values, never with SQL text.
public enum StoreError {
  /// PostgreSQL's SQLSTATE for the error, if the server sent one.
  static func sqlState(of error: any Error) -> String? {
    (error as? PSQLError)?.serverInfo?[.sqlState]
  }

  /// Whether the transaction lost a serialization race and may simply be run again.
  static func isRetryable(_ error: any Error) -> Bool {
    guard let state = sqlState(of: error) else { return false }
    return state == "40001" || state == "40P01"  // serialization_failure, deadlock_detected
  }

  /// Whether the error says the server went away (rather than that a statement failed): a
  /// lost or refused connection, or the server shutting down or still starting. A false
  /// alarm costs one TCP probe, a missed one a call per caller waiting for the pool, so a
  /// connection the client side closed (which the pool reports when the server vanished
  /// mid-handshake) counts too.
  static func signalsOutage(_ error: any Error) -> Bool {
    if let pool = error as? ConnectionPoolError { return pool == .connectionCreationCircuitBreakerTripped }
    guard let psql = error as? PSQLError else { return false }
    switch psql.code {
    case .connectionError, .serverClosedConnection, .clientClosedConnection, .uncleanShutdown: return true
    case .server: return ["57P01", "57P02", "57P03"].contains(sqlState(of: psql) ?? "")
    default: return false
    }
  }

  /// The caller-facing error for a database failure. Errors that are already service
  /// errors pass through unchanged.
  public static func mapping(_ error: any Error, uniqueViolations: UniqueViolations = UniqueViolations()) -> any Error {
    if error is any ServiceError || error is RPCError || error is CancellationError { return error }
    if let pool = error as? ConnectionPoolError {
      // The pool's own errors are not PSQLErrors: postgres-nio's PostgresClient passes them on.
      return pool == .requestCancelled ? CancellationError() : PlatformError.unavailable("The database")
    }
    guard let psql = error as? PSQLError else { return error }
    switch psql.code {
    case .server:
      switch sqlState(of: psql) ?? "" {
      case "23505":
        if let specific = uniqueViolations.error(for: psql.serverInfo?[.constraintName]) { return specific }
        return PlatformError(
          code: .alreadyExists, reason: "ALREADY_EXISTS", message: "A record with the same unique key already exists.")
      case "23503":
        return PlatformError(
          code: .failedPrecondition, reason: "REFERENCE_MISSING",
          message: "A record this change refers to does not exist.")
      case "22021":
        // character_not_in_repertoire: a text parameter holding NUL, which no PostgreSQL text
        // can. Checked fields refuse it first (FieldChecks.text); this is the net for the rest.
        return PlatformError(
          code: .invalidArgument, reason: "TEXT_INVALID",
          message: "A text in the request holds a NUL character, which no stored text may.")
      case "40001", "40P01":
        return PlatformError(
          code: .aborted, reason: "CONCURRENT_UPDATE",
          message: "A concurrent change conflicted with this one; try again.")
      case "57P01", "57P02", "57P03", "53300":
        return PlatformError.unavailable("The database")
      default:
        return error
      }
    case .queryCancelled:
      return CancellationError()
    case .connectionError, .serverClosedConnection, .clientClosedConnection, .poolClosed, .uncleanShutdown,
      .sslUnsupported, .failedToAddSSLHandler:
      return PlatformError.unavailable("The database")
    default:
      return error
    }
  }
}
