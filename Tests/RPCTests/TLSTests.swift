import Foundation
import GRPCCore
import RPC
import Runtime
import Settings
import TestSupport
import Testing

@Suite("TLS and mutual TLS")
struct TLSTests {
  /// A generous deadline: the refused cases fail at the handshake, and a successful ping may
  /// wait seconds for a CPU while every other suite starts its servers.
  func ping(_ port: Int, _ security: ClientSettings.Security) async throws -> PingReply {
    try await withWireClient(ClientSettings(host: "127.0.0.1", port: port, security: security)) { client in
      try await client.call(PlatformContract.ping, PingRequest(text: "tls"), timeout: .seconds(30))
    }
  }

  @Test("a client trusting the CA succeeds; one that does not, or one speaking plaintext, fails")
  func serverTLS() async throws {
    try await TestServer.with(.probe(), settings: TestServer.tlsSettings()) { port in
      let reply = try await self.ping(port, .tls(trustedCAPath: Fixtures.caCertificate))
      #expect(reply.text == "tls")
      await #expect(throws: RPCError.self) {
        try await self.ping(port, .tls(trustedCAPath: Fixtures.otherCACertificate))
      }
      await #expect(throws: RPCError.self) {
        try await self.ping(port, .plaintext)
      }
    }
  }

  @Test("with a client CA configured, only clients with a certificate it signed get in")
  func mutualTLS() async throws {
    try await TestServer.with(.probe(), settings: TestServer.tlsSettings(requireClientCertificate: true)) { port in
      let reply = try await self.ping(
        port,
        .tls(
          trustedCAPath: Fixtures.caCertificate, clientCertificatePath: Fixtures.clientCertificate,
          clientKeyPath: Fixtures.clientKey))
      #expect(reply.text == "tls")
      await #expect(throws: RPCError.self) {
        try await self.ping(port, .tls(trustedCAPath: Fixtures.caCertificate))
      }
      await #expect(throws: RPCError.self) {
        try await self.ping(
          port,
          .tls(
            trustedCAPath: Fixtures.caCertificate, clientCertificatePath: Fixtures.rogueClientCertificate,
            clientKeyPath: Fixtures.rogueClientKey))
      }
    }
  }

  @Test("openssl s_client negotiates h2 through ALPN")
  func alpnNegotiatesH2() async throws {
    try await TestServer.with(.probe(), settings: TestServer.tlsSettings()) { port in
      let output = try await Task.detached {
        try Self.run(
          "/usr/bin/env",
          ["openssl", "s_client", "-connect", "127.0.0.1:\(port)", "-alpn", "h2", "-CAfile", Fixtures.caCertificate])
      }.value
      #expect(output.contains("ALPN protocol: h2"), "\(output)")
      #expect(output.contains("Verify return code: 0 (ok)"), "\(output)")
    }
  }

  @Test("a service configured for neither TLS nor plaintext refuses to start")
  func refusesToStartWithoutTLSOrPlaintext() async throws {
    await #expect(throws: ConfigurationError.self) {
      try await TestServer.with(.probe(), settings: ["abonent.grpc.plaintext": "false"]) { _ in }
    }
  }

  /// Runs a command with empty standard input and returns what it printed (both streams).
  static func run(_ executable: String, _ arguments: [String]) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    let output = Pipe()
    process.standardOutput = output
    process.standardError = output
    process.standardInput = FileHandle.nullDevice
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(decoding: data, as: UTF8.self)
  }
}
