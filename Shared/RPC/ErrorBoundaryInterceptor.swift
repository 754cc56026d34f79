public import GRPCCore
public import Logging

/// The outermost interceptor: gives every call a request id for the logs, and turns any
/// error that is not a deliberate status into INTERNAL without its details, which are
/// logged instead. Callers never see SQL, file paths or stack text.
public struct ErrorBoundaryInterceptor: ServerInterceptor {
  let logger: Logger

  public init(logger: Logger) {
    self.logger = logger
  }

  public func intercept<Input: Sendable, Output: Sendable>(
    request: StreamingServerRequest<Input>,
    context: ServerContext,
    next: @Sendable (StreamingServerRequest<Input>, ServerContext) async throws -> StreamingServerResponse<Output>
  ) async throws -> StreamingServerResponse<Output> {
    let requestID = request.metadata[stringValues: "x-request-id"].first(where: { _ in true }) ?? RequestID.make()
    var logger = self.logger
    logger[metadataKey: "request-id"] = "\(requestID)"
    logger[metadataKey: "method"] = "\(context.descriptor.fullyQualifiedMethod)"
    do {
      return try await RequestID.$current.withValue(requestID) {
        try await next(request, context)
      }
    } catch let error as RPCError {
      logger.debug("call failed", metadata: ["code": "\(error.code)"])
      throw error
    } catch let error as any ServiceError {
      logger.debug("call failed", metadata: ["code": "\(error.code)", "reason": "\(error.reason)"])
      throw error
    } catch is CancellationError {
      // The deadline passed or the client went away; no one is waiting for details.
      throw RPCError(code: .cancelled, message: "The call was cancelled before it finished.")
    } catch {
      logger.error("unexpected error", metadata: ["error": "\(String(reflecting: error))"])
      throw PlatformError.internalError
    }
  }
}

/// A short random id tying together the log lines of one call.
public enum RequestID {
  @TaskLocal public static var current: String?

  static func make() -> String {
    let alphabet = Array("0123456789abcdefghijklmnopqrstuvwxyz")
    return String((0..<12).map { _ in alphabet[Int.random(in: 0..<alphabet.count)] })
  }
}
