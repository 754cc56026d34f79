public import GRPCCore
public import WireCodec

/// A method of a contract whose request is a stream of messages (e.g. batches of call
/// records): requests until the client ends its stream, then one reply.
public struct ClientStreamingMethod<Request: WireMessage, Reply: WireMessage>: Sendable {
  public let descriptor: MethodDescriptor
  public let access: Access
  public let doc: String

  public init(service: String, name: String, access: Access, doc: String) {
    self.descriptor = MethodDescriptor(fullyQualifiedService: service, method: name)
    self.access = access
    self.doc = doc
  }
}

extension ClientStreamingMethod: TypedContractMethod {
  public static var clientStreaming: Bool { true }
  public static var serverStreaming: Bool { false }
}
