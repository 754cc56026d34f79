import GRPCCore

/// Ping with no codec: the request's bytes are passed through and field 2 (varint, the
/// server time) appended, which is a valid PingReply in protobuf and in our format alike.
struct RawPingService: RegistrableRPCService {
  func registerMethods<Transport: ServerTransport>(with router: inout RPCRouter<Transport>) {
    router.registerHandler(
      forMethod: pingMethod,
      deserializer: RawBytesDeserializer(),
      serializer: RawBytesSerializer()
    ) { streamingRequest, _ in
      let request = try await ServerRequest(stream: streamingRequest)
      var reply = request.message
      reply.append(0x10)  // field 2, kind varint
      var time = UInt64(nowMicroseconds())
      while time >= 0x80 {
        reply.append(UInt8(truncatingIfNeeded: time) | 0x80)
        time >>= 7
      }
      reply.append(UInt8(time))
      return StreamingServerResponse(single: ServerResponse(message: reply))
    }
  }
}

struct RawBytesSerializer: MessageSerializer {
  func serialize<Bytes: GRPCContiguousBytes>(_ message: [UInt8]) throws -> Bytes {
    Bytes(message)
  }
}

struct RawBytesDeserializer: MessageDeserializer {
  func deserialize<Bytes: GRPCContiguousBytes>(_ serializedMessageBytes: Bytes) throws -> [UInt8] {
    serializedMessageBytes.withUnsafeBytes { [UInt8]($0) }
  }
}
