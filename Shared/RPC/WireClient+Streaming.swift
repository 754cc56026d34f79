import GRPCCore
import WireCodec

extension WireClient {
  /// Calls a server-streaming method and hands each reply to `onReply` as it arrives; returns
  /// when the server ends the stream. Failures arrive as `RPCError`. No timeout by default:
  /// feeds are long-lived, and the caller cancels its task to stop.
  public func subscribe<Request, Reply>(
    _ method: ServerStreamingMethod<Request, Reply>,
    _ request: Request,
    timeout: Duration? = nil,
    onReply: @escaping @Sendable (Reply) async throws -> Void
  ) async throws {
    var options = CallOptions.defaults
    options.timeout = timeout
    try await self.grpc.serverStreaming(
      request: ClientRequest(message: request, metadata: self.metadata),
      descriptor: method.descriptor,
      serializer: WireSerializer<Request>(),
      deserializer: WireDeserializer<Reply>(limits: .default),
      options: options
    ) { response in
      for try await reply in response.messages {
        try await onReply(reply)
      }
    }
  }

  /// Calls `/<service>/<method>` as a server-streaming call with an already encoded request,
  /// handing each encoded reply to `onReply`.
  public func subscribeRaw(
    service: String,
    method: String,
    request: [UInt8],
    timeout: Duration? = nil,
    onReply: @escaping @Sendable ([UInt8]) async throws -> Void
  ) async throws {
    var options = CallOptions.defaults
    options.timeout = timeout
    try await self.grpc.serverStreaming(
      request: ClientRequest(message: request, metadata: self.metadata),
      descriptor: MethodDescriptor(fullyQualifiedService: service, method: method),
      serializer: RawBytesCoding(),
      deserializer: RawBytesCoding(),
      options: options
    ) { response in
      for try await reply in response.messages {
        try await onReply(reply)
      }
    }
  }
}
