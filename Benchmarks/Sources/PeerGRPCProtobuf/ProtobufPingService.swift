import GRPCCore
import GRPCProtobuf
import PingProto

/// Ping with swift-protobuf messages and grpc-swift-protobuf's serializers.
struct ProtobufPingService: RegistrableRPCService {
  func registerMethods<Transport: ServerTransport>(with router: inout RPCRouter<Transport>) {
    router.registerHandler(
      forMethod: pingMethod,
      deserializer: ProtobufDeserializer<Abonent_Platform_PingRequest>(),
      serializer: ProtobufSerializer<Abonent_Platform_PingReply>()
    ) { streamingRequest, _ in
      let request = try await ServerRequest(stream: streamingRequest)
      var reply = Abonent_Platform_PingReply()
      reply.text = request.message.text
      reply.serverTime = nowMicroseconds()
      return StreamingServerResponse(single: ServerResponse(message: reply))
    }
  }
}
