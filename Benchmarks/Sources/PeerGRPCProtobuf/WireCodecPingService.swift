import GRPCCore
import WireCodec

/// Ping with our codec on the stock server: no interceptors, no Abonent server assembly.
/// Together with modes `protobuf` and `raw` it tells the codec's share of a call from the
/// share of the rest of our server (interceptors, logging, metrics, the handler task).
/// With `spawnTask`, the handler runs in its own task the way `RPCRouter.register` in
/// Shared/RPC runs handlers (runCancellable), to measure that pattern alone.
struct WireCodecPingService: RegistrableRPCService {
  var spawnTask: Bool

  func registerMethods<Transport: ServerTransport>(with router: inout RPCRouter<Transport>) {
    let spawnTask = self.spawnTask
    router.registerHandler(
      forMethod: pingMethod,
      deserializer: WirePingDeserializer<WirePingRequest>(),
      serializer: WirePingSerializer<WirePingReply>()
    ) { streamingRequest, _ in
      let request = try await ServerRequest(stream: streamingRequest)
      let handler: @Sendable () async throws -> WirePingReply = {
        WirePingReply(text: request.message.text, serverTime: .now)
      }
      let reply = spawnTask ? try await runInOwnTask(handler) : try await handler()
      return StreamingServerResponse(single: ServerResponse(message: reply))
    }
  }
}

/// Our PingRequest and PingReply (Shared/RPC/Describe.swift), field for field.
@WireMessage("Ping request")
struct WirePingRequest: Sendable, Hashable {
  @Field(1) var text: String
  @Field(2) var delayMillis: UInt32
}

@WireMessage("Ping reply")
struct WirePingReply: Sendable, Hashable {
  @Field(1) var text: String
  @Field(2) var serverTime: UTCTimestamp
}

/// What Shared/RPC's WireSerializer does.
struct WirePingSerializer<Message: WireMessage>: MessageSerializer {
  func serialize<Bytes: GRPCContiguousBytes>(_ message: Message) throws -> Bytes {
    var writer = WireWriter()
    message.encodeWireFields(to: &writer)
    return writer.withUnsafeBytes { encoded in
      var bytes = Bytes(repeating: 0, count: encoded.count)
      bytes.withUnsafeMutableBytes { $0.copyMemory(from: encoded) }
      return bytes
    }
  }
}

/// What Shared/RPC's WireDeserializer does, with the default limits.
struct WirePingDeserializer<Message: WireMessage>: MessageDeserializer {
  func deserialize<Bytes: GRPCContiguousBytes>(_ serializedMessageBytes: Bytes) throws -> Message {
    let result = serializedMessageBytes.withUnsafeBytes { raw in
      Result { () throws(WireDecodingError) -> Message in try Message(wireEncoded: raw, limits: .default) }
    }
    return try result.get()
  }
}

/// The pattern of Shared/RPC's runCancellable: the handler in a task of its own, cancelled
/// with the call.
func runInOwnTask<Reply: Sendable>(_ operation: @escaping @Sendable () async throws -> Reply) async throws -> Reply {
  let task = Task(operation: operation)
  return try await withRPCCancellationHandler {
    try await withTaskCancellationHandler {
      try await task.value
    } onCancel: {
      task.cancel()
    }
  } onCancelRPC: {
    task.cancel()
  }
}
