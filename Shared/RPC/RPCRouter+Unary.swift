public import GRPCCore
public import WireCodec

extension RPCRouter {
  /// Registers `handler` for a contract's unary method. The handler sees the decoded request
  /// and returns the reply; errors it throws become statuses (see docs/errors.md).
  /// Requests are decoded with `limits`, or by default the server's configured ones.
  /// Registers `handler` for a method that needs a token, handing it the caller that
  /// ``AuthInterceptor`` verified: `router.registerAuthenticated(BillingContract.getAccount, billing.getAccount)`.
  /// A public method has no verified caller, so registering one this way is a programming error.
  public mutating func registerAuthenticated<Request, Reply>(
    _ method: UnaryMethod<Request, Reply>,
    limits: WireLimits? = nil,
    _ handler: @escaping @Sendable (_ request: Request, _ caller: Caller) async throws -> Reply
  ) {
    precondition(method.access != .public, "\(method.descriptor) is public: it has no verified caller")
    self.register(
      method, limits: limits, handler: { request, _ in try await handler(request, try Caller.authenticated()) })
  }

  public mutating func register<Request, Reply>(
    _ method: UnaryMethod<Request, Reply>,
    limits: WireLimits? = nil,
    handler: @escaping @Sendable (_ request: Request, _ context: ServerContext) async throws -> Reply
  ) {
    self.registerHandler(
      forMethod: method.descriptor,
      deserializer: WireDeserializer<Request>(limits: limits),
      serializer: WireSerializer<Reply>()
    ) { streamingRequest, context in
      let request = try await ServerRequest(stream: streamingRequest)
      let reply = try await runCancellable { try await handler(request.message, context) }
      return StreamingServerResponse(single: ServerResponse(message: reply))
    }
  }
}

/// Runs `operation` so that it is cancelled when the RPC is: gRPC only flags an expired
/// deadline or a client reset on the call's cancellation handle, it does not cancel the
/// handler's task. A handle cancelled because the server is draining is ignored, so in-flight
/// calls finish during graceful shutdown.
///
/// `operation` runs inline, in the call's own task, as stock grpc-swift runs handlers: a task
/// per call to cancel was one more allocation and scheduling hop on every RPC. Cancellation
/// reaches the call's task through ``CurrentTaskCanceller`` only while `operation` runs.
func runCancellable<Reply: Sendable>(_ operation: @Sendable () async throws -> Reply) async throws -> Reply {
  let drain = ServerDrain.current
  return try await withUnsafeCurrentTask { task in
    guard let task else { return try await operation() }
    let canceller = CurrentTaskCanceller(task)
    defer { canceller.disarm() }
    return try await withRPCCancellationHandler {
      try await operation()
    } onCancelRPC: {
      if drain?.isDraining != true {
        canceller.cancel()
      }
    }
  }
}
