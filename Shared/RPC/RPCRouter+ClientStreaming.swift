public import GRPCCore
public import WireCodec

extension RPCRouter {
  /// Registers `handler` for a contract's client-streaming method. The handler reads the
  /// requests as they arrive (each decoded with `limits`, so one message is bounded, not the
  /// stream) and returns the one reply; an error it throws ends the call with that status.
  /// Like unary handlers it is cancelled when the client goes away, not while the server drains.
  public mutating func register<Request, Reply>(
    _ method: ClientStreamingMethod<Request, Reply>,
    limits: WireLimits? = nil,
    handler:
      @escaping @Sendable (_ requests: RPCAsyncSequence<Request, any Error>, _ context: ServerContext) async throws ->
      Reply
  ) {
    self.registerHandler(
      forMethod: method.descriptor,
      deserializer: WireDeserializer<Request>(limits: limits),
      serializer: WireSerializer<Reply>()
    ) { streamingRequest, context in
      let reply = try await runCancellable { try await handler(streamingRequest.messages, context) }
      return StreamingServerResponse(single: ServerResponse(message: reply))
    }
  }

  /// Registers `handler` for a client-streaming method that needs a token, handing it the
  /// caller ``AuthInterceptor`` verified.
  public mutating func registerAuthenticated<Request, Reply>(
    _ method: ClientStreamingMethod<Request, Reply>,
    limits: WireLimits? = nil,
    _ handler:
      @escaping @Sendable (_ requests: RPCAsyncSequence<Request, any Error>, _ caller: Caller) async throws -> Reply
  ) {
    precondition(method.access != .public, "\(method.descriptor) is public: it has no verified caller")
    self.register(
      method, limits: limits, handler: { requests, _ in try await handler(requests, try Caller.authenticated()) })
  }
}
