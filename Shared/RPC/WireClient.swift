public import GRPCCore
public import GRPCNIOTransportHTTP2
import WireCodec

/// How a client reaches a server.
public struct ClientSettings: Sendable {
  public enum Security: Sendable {
    /// No TLS: loopback and tests only.
    case plaintext
    /// TLS, trusting the CA in `trustedCAPath` (PEM) or, when `nil`, the system's roots.
    /// `clientCertificatePath`/`clientKeyPath` present a client certificate for mTLS.
    case tls(trustedCAPath: String?, clientCertificatePath: String? = nil, clientKeyPath: String? = nil)
  }

  public var host: String
  public var port: Int
  public var security: Security
  /// Sent as `authorization: Bearer <token>` on every call.
  public var token: String?

  public init(host: String, port: Int, security: Security = .plaintext, token: String? = nil) {
    self.host = host
    self.port = port
    self.security = security
    self.token = token
  }

  func makeTransport(
    configure: (inout HTTP2ClientTransport.Posix.Config) -> Void = { _ in }
  ) throws -> HTTP2ClientTransport.Posix {
    let security: HTTP2ClientTransport.Posix.TransportSecurity
    switch self.security {
    case .plaintext:
      security = .plaintext
    case .tls(let caPath, let certificatePath, let keyPath):
      let configure: (inout HTTP2ClientTransport.Posix.TransportSecurity.TLS) -> Void = { tls in
        if let caPath { tls.trustRoots = .certificates([.file(path: caPath, format: .pem)]) }
        if let certificatePath, let keyPath {
          tls.certificateChain = [.file(path: certificatePath, format: .pem)]
          tls.privateKey = .file(path: keyPath, format: .pem)
        }
      }
      security = .tls(configure: configure)
    }
    return try HTTP2ClientTransport.Posix(
      target: self.target,
      transportSecurity: security,
      config: .defaults(configure: configure)
    )
  }
}

extension ClientSettings {
  /// An IPv4 address as it is; any other host is resolved by DNS (again when a connection fails).
  var target: any ResolvableTarget {
    let parts = self.host.split(separator: ".", omittingEmptySubsequences: false)
    if parts.count == 4, parts.allSatisfy({ UInt8($0) != nil }) {
      return ResolvableTargets.IPv4(addresses: [SocketAddress.IPv4(host: self.host, port: self.port)])
    }
    return ResolvableTargets.DNS(host: self.host, port: self.port)
  }
}

/// Calls Abonent methods: typed through a contract's ``UnaryMethod``, or raw bytes for
/// generic tools. Create one with ``withWireClient(_:body:)``.
public struct WireClient: Sendable {
  public let grpc: GRPCClient<HTTP2ClientTransport.Posix>
  public let token: String?

  public init(grpc: GRPCClient<HTTP2ClientTransport.Posix>, token: String?) {
    self.grpc = grpc
    self.token = token
  }

  var metadata: Metadata {
    guard let token = self.token else { return [:] }
    return ["authorization": "Bearer \(token)"]
  }

  /// Calls a unary method; failures arrive as `RPCError` (its `reason` is the stable code).
  public func call<Request, Reply>(
    _ method: UnaryMethod<Request, Reply>,
    _ request: Request,
    timeout: Duration? = .seconds(30)
  ) async throws -> Reply {
    var options = CallOptions.defaults
    options.timeout = timeout
    return try await self.grpc.unary(
      request: ClientRequest(message: request, metadata: self.metadata),
      descriptor: method.descriptor,
      serializer: WireSerializer<Request>(),
      deserializer: WireDeserializer<Reply>(limits: .default),
      options: options
    ) { response in try response.message }
  }

  /// Calls `/<service>/<method>` with an already encoded request and returns the encoded reply.
  public func callRaw(
    service: String,
    method: String,
    request: [UInt8],
    timeout: Duration? = .seconds(30)
  ) async throws -> [UInt8] {
    var options = CallOptions.defaults
    options.timeout = timeout
    return try await self.grpc.unary(
      request: ClientRequest(message: request, metadata: self.metadata),
      descriptor: MethodDescriptor(fullyQualifiedService: service, method: method),
      serializer: RawBytesCoding(),
      deserializer: RawBytesCoding(),
      options: options
    ) { response in try response.message }
  }
}

/// Connects, runs `body` with a client, and closes the connection afterwards.
public func withWireClient<Result: Sendable>(
  _ settings: ClientSettings,
  body: (WireClient) async throws -> Result
) async throws -> Result {
  try await withGRPCClient(transport: try settings.makeTransport()) { grpc in
    try await body(WireClient(grpc: grpc, token: settings.token))
  }
}

/// Passes bytes through unchanged, for calls whose types are only known at run time.
struct RawBytesCoding: MessageSerializer, MessageDeserializer {
  func serialize<Bytes: GRPCContiguousBytes>(_ message: [UInt8]) throws -> Bytes {
    Bytes(message)
  }

  func deserialize<Bytes: GRPCContiguousBytes>(_ serializedMessageBytes: Bytes) throws -> [UInt8] {
    serializedMessageBytes.withUnsafeBytes { [UInt8]($0) }
  }
}
