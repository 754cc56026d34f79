public import GRPCCore
import WireCodec

extension WireClient {
  /// Calls a client-streaming method: `produce` writes the requests, and the call returns the
  /// server's one reply once the stream has ended. Failures arrive as `RPCError`.
  public func upload<Request, Reply>(
    _ method: ClientStreamingMethod<Request, Reply>,
    timeout: Duration? = .seconds(300),
    produce: @escaping @Sendable (RPCWriter<Request>) async throws -> Void
  ) async throws -> Reply {
    var options = CallOptions.defaults
    options.timeout = timeout
    return try await self.grpc.clientStreaming(
      request: StreamingClientRequest(of: Request.self, metadata: self.metadata, producer: produce),
      descriptor: method.descriptor,
      serializer: WireSerializer<Request>(),
      deserializer: WireDeserializer<Reply>(limits: .default),
      options: options
    ) { response in try response.message }
  }
}

extension WireClient {
  /// Calls `/<service>/<method>` as a client-streaming call with already encoded requests and
  /// returns the encoded reply.
  public func uploadRaw(
    service: String,
    method: String,
    requests: [[UInt8]],
    timeout: Duration? = .seconds(300)
  ) async throws -> [UInt8] {
    var options = CallOptions.defaults
    options.timeout = timeout
    return try await self.grpc.clientStreaming(
      request: StreamingClientRequest(of: [UInt8].self, metadata: self.metadata) { writer in
        try await writer.write(contentsOf: requests)
      },
      descriptor: MethodDescriptor(fullyQualifiedService: service, method: method),
      serializer: RawBytesCoding(),
      deserializer: RawBytesCoding(),
      options: options
    ) { response in try response.message }
  }
}
