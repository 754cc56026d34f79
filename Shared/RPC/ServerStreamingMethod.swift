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

extension ServerStreamingMethod: ContractMethod {
  public var schema: MethodSchema {
    MethodSchema(
      name: self.descriptor.method,
      request: Request.wireMessageName,
      reply: Reply.wireMessageName,
      doc: self.doc,
      permission: self.access.describeText,
      serverStreaming: true
    )
  }

  public func collectSchemas(into registry: inout SchemaRegistry) {
    Request.collectWireSchemas(into: &registry)
    Reply.collectWireSchemas(into: &registry)
  }
}
