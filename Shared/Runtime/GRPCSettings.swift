import Configuration
public import Settings

/// How a service's gRPC endpoint listens. Every key is under `abonent.grpc.` (environment
/// `ABONENT_GRPC_…`); docs/configuration.md lists them with their defaults.
public struct GRPCSettings: Sendable {
  /// `host` (string, default `127.0.0.1`): address to listen on; `0.0.0.0` for all interfaces.
  public var host: String
  /// `port` (int, default: the service's documented port, 0 = any free port).
  public var port: Int
  /// `plaintext` (bool, default false): serve without TLS. Only for loopback and tests;
  /// without it, `tls.certificate` and `tls.privateKey` are required.
  public var plaintext: Bool
  /// `tls.certificate` / `tls.privateKey` (PEM file paths): the server's chain and key.
  public var certificatePath: String?
  public var privateKeyPath: String?
  /// `tls.clientCA` (PEM file path, optional): require client certificates signed by it (mTLS).
  public var clientCAPath: String?
  /// `maxRequestBytes` (int, default 4194304): larger request messages end with RESOURCE_EXHAUSTED.
  public var maxRequestBytes: Int
  /// `maxConcurrentStreams` (int, default 256): concurrent calls per connection (the transport sets no limit).
  public var maxConcurrentStreams: Int
  /// `keepalive.time` (duration, default 2h) and `keepalive.timeout` (default 20s): server pings on idle connections.
  public var keepaliveTime: Duration
  public var keepaliveTimeout: Duration
  /// `maxIdle` (duration, default 30m): close connections without calls for this long.
  public var maxIdle: Duration
  /// `gracePeriod` (duration, default 30s): on SIGTERM, how long in-flight calls may run before being cancelled.
  public var gracePeriod: Duration
  /// `eventLoopThreads` (int, default 0): threads for the connections' I/O; 0 = one per core
  /// the machine (or its cgroup) has, NIO's shared group. A server pinned to fewer cores
  /// (`taskset`) does not see that: it sets the count it was given.
  public var eventLoopThreads: Int

  public init(_ reader: SettingsReader, defaultPort: Int) throws(ConfigurationError) {
    self.host = reader.string("abonent.grpc.host", default: "127.0.0.1")
    self.port = try reader.int("abonent.grpc.port", default: defaultPort, in: 0...65535)
    self.plaintext = try reader.bool("abonent.grpc.plaintext", default: false)
    self.certificatePath = reader.optionalString("abonent.grpc.tls.certificate")
    self.privateKeyPath = reader.optionalString("abonent.grpc.tls.privateKey", isSecret: true)
    self.clientCAPath = reader.optionalString("abonent.grpc.tls.clientCA")
    self.maxRequestBytes = try reader.int(
      "abonent.grpc.maxRequestBytes", default: 4 * 1024 * 1024, in: 1024...(64 * 1024 * 1024))
    self.maxConcurrentStreams = try reader.int("abonent.grpc.maxConcurrentStreams", default: 256, in: 1...65535)
    self.keepaliveTime = try reader.duration("abonent.grpc.keepalive.time", default: .seconds(7200))
    self.keepaliveTimeout = try reader.duration("abonent.grpc.keepalive.timeout", default: .seconds(20))
    self.maxIdle = try reader.duration("abonent.grpc.maxIdle", default: .seconds(1800))
    self.gracePeriod = try reader.duration("abonent.grpc.gracePeriod", default: .seconds(30))
    self.eventLoopThreads = try reader.int("abonent.grpc.eventLoopThreads", default: 0, in: 0...256)
    try self.validate()
  }

  func validate() throws(ConfigurationError) {
    if self.plaintext {
      guard self.certificatePath == nil else {
        throw ConfigurationError(
          message: "ABONENT_GRPC_PLAINTEXT=true and ABONENT_GRPC_TLS_CERTIFICATE are both set; choose one")
      }
    } else {
      guard self.certificatePath != nil, self.privateKeyPath != nil else {
        throw ConfigurationError(
          message: """
            no TLS certificate: set ABONENT_GRPC_TLS_CERTIFICATE and ABONENT_GRPC_TLS_PRIVATE_KEY, \
            or ABONENT_GRPC_PLAINTEXT=true to serve without TLS (loopback and tests only)
            """)
      }
    }
    if self.clientCAPath != nil, self.plaintext {
      throw ConfigurationError(message: "ABONENT_GRPC_TLS_CLIENT_CA (mTLS) needs TLS, but ABONENT_GRPC_PLAINTEXT=true")
    }
  }
}
