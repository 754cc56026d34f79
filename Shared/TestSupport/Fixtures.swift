#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// Paths of the test-only keys and certificates (regenerate with Fixtures/make-fixtures.sh).
public enum Fixtures {
  static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

  public static func path(_ name: String) -> String {
    folder.appendingPathComponent(name).path
  }

  /// The trusted CA, and the server and client certificates it signed (SAN localhost, 127.0.0.1).
  public static var caCertificate: String { path("test-ca.pem") }
  public static var serverCertificate: String { path("server.pem") }
  public static var serverKey: String { path("server-key.pem") }
  public static var clientCertificate: String { path("client.pem") }
  public static var clientKey: String { path("client-key.pem") }
  /// A CA nobody trusts, and a client certificate it signed.
  public static var otherCACertificate: String { path("other-ca.pem") }
  public static var rogueClientCertificate: String { path("rogue-client.pem") }
  public static var rogueClientKey: String { path("rogue-client-key.pem") }
  /// The JWKS servers verify with, and the private keys: the trusted one and an impostor
  /// that uses the same key id.
  public static var jwks: String { path("jwks.json") }
  public static var signingKey: String { path("signing-key.json") }
  public static var impostorKey: String { path("impostor-key.json") }
}
