public import GRPCCore
public import WireCodec

/// Who may call a method.
public enum Access: Sendable, Hashable {
  /// Anyone, without a token (Describe, Ping, sign-in).
  case `public`
  /// Any caller with a valid access token.
  case authenticated
  /// A caller whose token grants this permission.
  case permission(Permission)

  /// How Describe shows the rule: empty if public, `authenticated`, or the permission.
  var describeText: String {
    switch self {
    case .public: ""
    case .authenticated: "authenticated"
    case .permission(let permission): permission.name
    }
  }
}

/// One unary method of a service contract: its descriptor, types, access rule and docs.
/// Contracts declare these as static constants; servers register handlers for them and
/// clients call them, so the two sides cannot disagree on types.
public struct UnaryMethod<Request: WireMessage, Reply: WireMessage>: Sendable {
  public let descriptor: MethodDescriptor
  public let access: Access
  public let doc: String

  public init(service: String, name: String, access: Access, doc: String) {
    self.descriptor = MethodDescriptor(fullyQualifiedService: service, method: name)
    self.access = access
    self.doc = doc
  }
}

/// A method of a contract with its types erased, for Describe and the auth table.
public protocol ContractMethod: Sendable {
  var descriptor: MethodDescriptor { get }
  var access: Access { get }
  var schema: MethodSchema { get }
  /// Adds the request and reply schemas and everything they refer to.
  func collectSchemas(into registry: inout SchemaRegistry)
}

/// A contract method with its message types: unary, server-streaming or client-streaming.
/// What Describe shows of it follows from the types and which side streams.
public protocol TypedContractMethod: ContractMethod {
  associatedtype Request: WireMessage
  associatedtype Reply: WireMessage
  var doc: String { get }
  /// Whether the client sends a stream of requests.
  static var clientStreaming: Bool { get }
  /// Whether the server answers with a stream of replies.
  static var serverStreaming: Bool { get }
}

extension TypedContractMethod {
  /// What Describe shows for this method.
  public var schema: MethodSchema {
    MethodSchema(
      name: self.descriptor.method,
      request: Request.wireMessageName,
      reply: Reply.wireMessageName,
      doc: self.doc,
      permission: self.access.describeText,
      serverStreaming: Self.serverStreaming,
      clientStreaming: Self.clientStreaming
    )
  }

  public func collectSchemas(into registry: inout SchemaRegistry) {
    Request.collectWireSchemas(into: &registry)
    Reply.collectWireSchemas(into: &registry)
  }
}

extension UnaryMethod: TypedContractMethod {
  public static var clientStreaming: Bool { false }
  public static var serverStreaming: Bool { false }
}

/// A service's public contract: its gRPC name, what it is for, and its methods.
public struct ServiceContract: Sendable {
  public let name: String
  public let doc: String
  public let methods: [any ContractMethod]

  public init(name: String, doc: String, methods: [any ContractMethod]) {
    self.name = name
    self.doc = doc
    self.methods = methods
  }
}
