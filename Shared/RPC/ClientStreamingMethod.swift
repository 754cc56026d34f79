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

extension ClientStreamingMethod: ContractMethod {
  public var schema: MethodSchema {
    MethodSchema(
      name: self.descriptor.method,
      request: Request.wireMessageName,
      reply: Reply.wireMessageName,
      doc: self.doc,
      permission: self.access.describeText,
      serverStreaming: false,
      clientStreaming: true
    )
  }

  public func collectSchemas(into registry: inout SchemaRegistry) {
    Request.collectWireSchemas(into: &registry)
    Reply.collectWireSchemas(into: &registry)
  }
}
