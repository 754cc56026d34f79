public import GRPCNIOTransportHTTP2
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
      }
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
