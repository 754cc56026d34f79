public import GRPCCore
public import WireCodec

/// A method of a contract whose reply is a stream of messages (e.g. an event feed): one
/// request, then replies until the server ends the stream.
public struct ServerStreamingMethod<Request: WireMessage, Reply: WireMessage>: Sendable {
  public let descriptor: MethodDescriptor
  public let access: Access
  public let doc: String

  public init(service: String, name: String, access: Access, doc: String) {
    self.descriptor = MethodDescriptor(fullyQualifiedService: service, method: name)
    self.access = access
    self.doc = doc
  }
}

extension ServerStreamingMethod: TypedContractMethod {
  public static var clientStreaming: Bool { false }
  public static var serverStreaming: Bool { true }
}
