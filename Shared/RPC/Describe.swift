public import WireCodec

@WireMessage("One method: its name, request and reply messages, and who may call it.")
public struct MethodSchema: Sendable, Hashable {
  @Field(1, "Method name, the last part of the gRPC path") public var name: String
  @Field(2, "Request message name") public var request: String
  @Field(3, "Reply message name") public var reply: String
  @Field(4, "What the method does") public var doc: String
  @Field(5, "Permission the token must grant; 'authenticated' for any valid token; empty if public") public
    var permission: String
  @Field(6, "Whether the reply is a stream of messages") public var serverStreaming: Bool
  @Field(7, "Whether the request is a stream of messages, answered by one reply") public var clientStreaming: Bool
}

@WireMessage("A gRPC service: its full name and methods.")
public struct ServiceSchema: Sendable, Hashable {
  @Field(1, "Fully qualified gRPC service name") public var name: String
  @Field(2, "What the service is for") public var doc: String
  @Field(3, "The service's methods") public var methods: [MethodSchema]
}

@WireMessage("Describe takes no arguments.")
public struct DescribeRequest: Sendable, Hashable {}

@WireMessage("Every service and method on this server, with the schema of every message and enum they use.")
public struct DescribeReply: Sendable, Hashable {
  @Field(1, "Services served here") public var services: [ServiceSchema]
  @Field(2, "Schemas of all messages the methods use") public var messages: [MessageSchema]
  @Field(3, "Schemas of all enums the messages use") public var enums: [EnumSchema]
}

@WireMessage("A liveness probe through the whole RPC path.")
public struct PingRequest: Sendable, Hashable {
  @Field(1, "Echoed back") public var text: String
  @Field(2, "Milliseconds to wait before answering, at most 10000: for testing drains and deadlines") public
    var delayMillis: UInt32
}

@WireMessage("The echo and the server's clock.")
public struct PingReply: Sendable, Hashable {
  @Field(1, "The request's text") public var text: String
  @Field(2, "Server time when the request was handled") public var serverTime: UTCTimestamp
}

/// `abonent.platform.Platform`, served by every Abonent server next to its own service.
public enum PlatformContract {
  public static let serviceName = "abonent.platform.Platform"

  public static let describe = UnaryMethod<DescribeRequest, DescribeReply>(
    service: serviceName, name: "Describe", access: .public,
    doc: "Lists this server's services, methods and message schemas, so any client can call them from JSON."
  )

  public static let ping = UnaryMethod<PingRequest, PingReply>(
    service: serviceName, name: "Ping", access: .public,
    doc: "Echoes the text with the server time, after an optional delay; a cheap end-to-end check."
  )

  public static let contract = ServiceContract(
    name: serviceName,
    doc: "Introspection and liveness, present on every Abonent server.",
    methods: [describe, ping]
  )
}

extension DescribeReply {
  /// The Describe reply for a server offering `contracts`.
  public init(describing contracts: [ServiceContract]) {
    var registry = SchemaRegistry()
    var services: [ServiceSchema] = []
    for contract in contracts {
      services.append(ServiceSchema(name: contract.name, doc: contract.doc, methods: contract.methods.map(\.schema)))
      for method in contract.methods { method.collectSchemas(into: &registry) }
    }
    self.init(services: services, messages: registry.messages, enums: registry.enums)
  }
}
