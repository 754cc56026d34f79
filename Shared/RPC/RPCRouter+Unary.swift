public import GRPCCore
public import WireCodec

extension WireLimits {
  /// Limits for request bodies: the size limit is left to the transport, which rejects an
  /// oversized body with RESOURCE_EXHAUSTED before it is buffered.
  public static let rpcRequests = WireLimits(maxMessageBytes: .max, maxDepth: 64, maxElements: 1_000_000)
}

extension RPCRouter {
  /// Registers `handler` for a contract's unary method. The handler sees the decoded request
  /// and returns the reply; errors it throws become statuses (see docs/errors.md).
  public mutating func register<Request, Reply>(
    _ method: UnaryMethod<Request, Reply>,
    limits: WireLimits = .rpcRequests,
    handler: @escaping @Sendable (_ request: Request, _ context: ServerContext) async throws -> Reply
  ) {
    self.registerHandler(
      forMethod: method.descriptor,
      deserializer: WireDeserializer<Request>(limits: limits),
      serializer: WireSerializer<Reply>()
    ) { streamingRequest, context in
      let request = try await ServerRequest(stream: streamingRequest)
      let reply = try await handler(request.message, context)
      return StreamingServerResponse(single: ServerResponse(message: reply))
    }
  }
}
