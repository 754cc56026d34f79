public import GRPCNIOTransportHTTP2

extension GRPCSettings {
  /// The HTTP/2 transport these settings describe.
  public func makeTransport() -> HTTP2ServerTransport.Posix {
    HTTP2ServerTransport.Posix(
      address: .ipv4(host: self.host, port: self.port),
      transportSecurity: self.transportSecurity,
      config: .defaults { config in
        config.rpc.maxRequestPayloadSize = self.maxRequestBytes
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
