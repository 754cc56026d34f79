import Configuration
public import RPC
public import Settings

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// Where the keys that verify access tokens come from. Keys under `abonent.auth.`.
public struct AuthSettings: Sendable {
  /// `jwksFile` (path, optional): Identity's public keys as a JSON Web Key Set. Without it the
  /// service answers only public methods (Describe, Ping) and rejects every other call.
  public var jwksPath: String?
  /// `audience` (string, default the service's name, e.g. `abonent-billing`): tokens must list it in `aud`.
  public var audience: String
  /// `issuer` (string, default `abonent-identity`): tokens must carry it in `iss`.
  public var issuer: String

  public init(_ reader: SettingsReader, serviceName: String) {
    self.jwksPath = reader.optionalString("abonent.auth.jwksFile")
    self.audience = reader.string("abonent.auth.audience", default: serviceName)
    self.issuer = reader.string("abonent.auth.issuer", default: "abonent-identity")
  }

  /// The verifier, or `nil` when no key set is configured.
  public func makeVerifier() async throws -> AccessTokenVerifier? {
    guard let path = self.jwksPath else { return nil }
    do {
      return try await AccessTokenVerifier(
        source: JWKSFileSource(path: path), audience: self.audience, issuer: self.issuer)
    } catch {
      throw ConfigurationError(message: "ABONENT_AUTH_JWKS_FILE: \(error)")
    }
  }
}
