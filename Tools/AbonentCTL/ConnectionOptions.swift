import ArgumentParser
import RPC

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// Where the services listen by default: the ports of docs/configuration.md on loopback.
let defaultPorts = ["identity": 7401, "billing": 7402, "telecom": 7403, "utilities": 7404, "isp": 7405]

struct ConnectionOptions: ParsableArguments {
  @Option(help: "host:port of the service (default: 127.0.0.1 and the service's documented port).")
  var addr: String?

  @Option(help: "Bearer access token (default: $ABONENT_TOKEN).")
  var token: String?

  @Option(name: .customLong("tls-ca"), help: "Use TLS and trust this CA certificate (PEM).")
  var tlsCA: String?

  @Flag(help: "Use TLS with the system's trusted roots.")
  var tls = false

  @Option(name: .customLong("tls-cert"), help: "Client certificate (PEM) for mTLS.")
  var tlsCert: String?

  @Option(name: .customLong("tls-key"), help: "Client private key (PEM) for mTLS.")
  var tlsKey: String?

  @Option(help: "Seconds to wait for the reply.")
  var timeout: Int = 10

  @Option(
    name: .customLong("follow-seconds"),
    help: "For streaming methods: seconds to follow the stream before stopping (default: until the server ends it).")
  var followSeconds: Int?

  var streamTimeout: Duration? { self.followSeconds.map { .seconds($0) } }

  func settings(for service: String) throws -> ClientSettings {
    let target = self.addr ?? defaultPorts[service].map { "127.0.0.1:\($0)" }
    guard let target, let colon = target.lastIndex(of: ":"), let port = Int(target[target.index(after: colon)...])
    else {
      throw ValidationError(
        "unknown service '\(service)': pass --addr host:port, or one of \(defaultPorts.keys.sorted().joined(separator: ", "))"
      )
    }
    let security: ClientSettings.Security =
      self.tlsCA != nil || self.tls || self.tlsCert != nil
      ? .tls(trustedCAPath: self.tlsCA, clientCertificatePath: self.tlsCert, clientKeyPath: self.tlsKey)
      : .plaintext
    return ClientSettings(
      host: String(target[..<colon]),
      port: port,
      security: security,
      token: self.token ?? ProcessInfo.processInfo.environment["ABONENT_TOKEN"]
    )
  }
}
