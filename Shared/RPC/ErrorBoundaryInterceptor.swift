public import GRPCCore
public import Logging
public import WireCodec

/// The outermost interceptor: gives every call a request id for the logs and its deadline
/// (see ``CallScope``), and turns any error that is not a deliberate status into INTERNAL
/// without its details, which are logged instead. Callers never see SQL, file paths or stack
/// text. A call that was cancelled (deadline passed, client gone) ends CANCELLED and is
/// logged at debug level whatever its work failed with: nothing went wrong on the server.
public struct ErrorBoundaryInterceptor: ServerInterceptor {
  let logger: Logger
  let limits: WireLimits
  let drain: ServerDrain

  /// - Parameters:
  ///   - limits: how request bodies are decoded (see ``RequestLimits``).
  ///   - drain: the server's drain state (see ``ServerDrain``).
  public init(logger: Logger, limits: WireLimits = .default, drain: ServerDrain = ServerDrain()) {
    self.logger = logger
    self.limits = limits
    self.drain = drain
  }

  public func intercept<Input: Sendable, Output: Sendable>(
    request: StreamingServerRequest<Input>,
    context: ServerContext,
    next: @Sendable (StreamingServerRequest<Input>, ServerContext) async throws -> StreamingServerResponse<Output>
  ) async throws -> StreamingServerResponse<Output> {
    let requestID = request.metadata[stringValues: "x-request-id"].first(where: { _ in true }) ?? RequestID.make()
    let deadline = request.metadata[stringValues: "grpc-timeout"].first(where: { _ in true })
      .flatMap { GRPCTimeout.duration(parsing: $0) }
      .map { ContinuousClock.now + $0 }
    let scope = CallScope(requestID: requestID, limits: self.limits, drain: self.drain, deadline: deadline)
    do {
      let response = try await CallScope.$current.withValue(scope) {
        try await next(request, context)
      }
      // Inner interceptors turn errors into failed responses instead of rethrowing them.
      if case .failure(let error) = response.accepted,
        let replacement = self.sanitized(error, logger: self.callLogger(requestID, context))
      {
        return StreamingServerResponse(error: replacement)
      }
      return response
    } catch let error as RPCError {
      self.callLogger(requestID, context).debug("call failed", metadata: ["code": "\(error.code)"])
      throw error
    } catch let error as any ServiceError {
      self.callLogger(requestID, context).debug(
        "call failed", metadata: ["code": "\(error.code)", "reason": "\(error.reason)"])
      throw error
    } catch {
      // The deadline passed or the client went away; no one is waiting for details. Work cut
      // short fails in whatever way it was interrupted, so the task's state decides, not the type.
      if error is CancellationError || Task.isCancelled {
        self.callLogger(requestID, context).debug("call cancelled", metadata: ["error": "\(String(reflecting: error))"])
        throw Self.cancelled
      }
      self.callLogger(requestID, context).error("unexpected error", metadata: ["error": "\(String(reflecting: error))"])
      throw PlatformError.internalError
    }
  }
}

extension ErrorBoundaryInterceptor {
  static var cancelled: RPCError { RPCError(code: .cancelled, message: "The call was cancelled before it finished.") }

  /// The logger for one call's lines. Made only when a line is logged: successful calls log
  /// nothing, so they need not render metadata.
  func callLogger(_ requestID: String, _ context: ServerContext) -> Logger {
    var logger = self.logger
    logger[metadataKey: "request-id"] = "\(requestID)"
    logger[metadataKey: "method"] = "\(context.descriptor.fullyQualifiedMethod)"
    return logger
  }

  /// The error to send instead of `error`, when `error` is not a deliberate status: gRPC
  /// wraps anything it does not recognise as UNKNOWN with the original as its cause.
  func sanitized(_ error: RPCError, logger: Logger) -> RPCError? {
    guard error.code == .unknown, let cause = error.cause else { return nil }
    if cause is CancellationError || Task.isCancelled {
      logger.debug("call cancelled", metadata: ["error": "\(String(reflecting: cause))"])
      return Self.cancelled
    }
    logger.error("unexpected error", metadata: ["error": "\(String(reflecting: cause))"])
    return RPCError(PlatformError.internalError)
  }
}

/// A short random id tying together the log lines of one call.
public enum RequestID {
  /// The id of the call being served (see ``CallScope``).
  public static var current: String? { CallScope.current?.requestID }

  static let alphabet = Array("0123456789abcdefghijklmnopqrstuvwxyz".utf8)
  /// 36^12: twelve base-36 digits, which fit in one 64-bit draw.
  static let space: UInt64 = (0..<12).reduce(1) { power, _ in power * 36 }

  /// Twelve base-36 digits from a single random draw: each draw is a `getrandom` system call,
  /// and twelve of them were 3.6% of a Ping's CPU (docs/BENCHMARKS.md).
  static func make() -> String {
    var value = UInt64.random(in: 0..<space)
    return String(unsafeUninitializedCapacity: 12) { buffer in
      for index in 0..<12 {
        buffer[index] = alphabet[Int(value % 36)]
        value /= 36
      }
      return 12
    }
  }
}
