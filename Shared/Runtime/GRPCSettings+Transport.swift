public import GRPCNIOTransportHTTP2
import NIOPosix
import Synchronization
public import WireCodec

extension GRPCSettings {
  /// How request bodies are decoded: the configured size, depth 64, a million elements.
  public var requestLimits: WireLimits {
    WireLimits(maxMessageBytes: self.maxRequestBytes, maxDepth: 64, maxElements: 1_000_000)
  }
}

extension GRPCSettings {
  /// The HTTP/2 transport these settings describe.
  public func makeTransport() -> HTTP2ServerTransport.Posix {
    HTTP2ServerTransport.Posix(
      address: .ipv4(host: self.host, port: self.port),
      transportSecurity: self.transportSecurity,
      config: .defaults { config in
        // The transport answers a too-large body by resetting the stream, with no status.
        // It gets twice the limit, so that a body a little over it reaches the decoder and
        // ends with RESOURCE_EXHAUSTED; only larger ones (typically hostile) see a reset.
        config.rpc.maxRequestPayloadSize = 2 * self.maxRequestBytes
        config.http2.maxConcurrentStreams = self.maxConcurrentStreams
        config.connection.keepalive.time = self.keepaliveTime
        config.connection.keepalive.timeout = self.keepaliveTimeout
        config.connection.maxIdleTime = self.maxIdle
      },
      eventLoopGroup: EventLoopGroups.shared(threads: self.eventLoopThreads)
    )
  }

  var transportSecurity: HTTP2ServerTransport.Posix.TransportSecurity {
    guard !self.plaintext, let certificate = self.certificatePath, let key = self.privateKeyPath else {
      return .plaintext
    }
    let chain: [TLSConfig.CertificateSource] = [.file(path: certificate, format: .pem)]
    let privateKey: TLSConfig.PrivateKeySource = .file(path: key, format: .pem)
    guard let clientCA = self.clientCAPath else {
      return .tls(certificateChain: chain, privateKey: privateKey)
    }
    return .mTLS(certificateChain: chain, privateKey: privateKey) { tls in
      tls.trustRoots = .certificates([.file(path: clientCA, format: .pem)])
      tls.clientCertificateVerification = .noHostnameVerification
    }
  }
}

/// Event-loop groups by thread count, made once and kept for the life of the process, as NIO's
/// shared group is: servers started again (tests) reuse them instead of leaking threads.
enum EventLoopGroups {
  private static let groups = Mutex<[Int: MultiThreadedEventLoopGroup]>([:])

  /// The group with `threads` threads; 0: NIO's shared group, one thread per core.
  static func shared(threads: Int) -> MultiThreadedEventLoopGroup {
    guard threads > 0 else { return .singleton }
    return self.groups.withLock { groups in
      if let group = groups[threads] { return group }
      let group = MultiThreadedEventLoopGroup(numberOfThreads: threads)
      groups[threads] = group
      return group
    }
  }
}
