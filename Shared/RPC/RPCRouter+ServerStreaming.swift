public import GRPCCore
public import WireCodec

extension RPCRouter {
  /// Registers `handler` for a contract's server-streaming method. The handler writes replies
  /// to the writer and returns to end the stream with OK; an error it throws ends the stream
  /// with that status. Like unary handlers it is cancelled when the client goes away, but not
  /// while the server drains: a streaming handler should watch ``ServerDrain/current`` and
  /// return so the client can resume elsewhere.
  public mutating func register<Request, Reply>(
    _ method: ServerStreamingMethod<Request, Reply>,
    limits: WireLimits? = nil,
    handler:
      @escaping @Sendable (_ request: Request, _ replies: RPCWriter<Reply>, _ context: ServerContext) async throws ->
      Void
  ) {
    self.registerHandler(
      forMethod: method.descriptor,
      deserializer: WireDeserializer<Request>(limits: limits),
      serializer: WireSerializer<Reply>()
    ) { streamingRequest, context in
      let request = try await ServerRequest(stream: streamingRequest)
      // The server runs the producer after the interceptors have returned, outside their
      // task-local scopes: carry the verified caller and the call scope over.
      let caller = Caller.current
      let scope = CallScope.current
      return StreamingServerResponse(of: Reply.self) { writer in
        try await Caller.$current.withValue(caller) {
          try await CallScope.$current.withValue(scope) {
            try await runCancellable { try await handler(request.message, writer, context) }
          }
        }
        return [:]
      }
    }
  }
}
