public import JWTKit

#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// The claims of an Abonent access token. Identity signs them; every service verifies them.
public struct AccessTokenClaims: JWTPayload, Equatable {
  public var sub: SubjectClaim
  public var org: String?
  public var perms: [String]
  public var aud: AudienceClaim
  public var iss: IssuerClaim
  public var exp: ExpirationClaim
  public var iat: IssuedAtClaim

  public init(
    userID: String, organizationID: String?, permissions: [String], audience: [String],
    issuer: String, expires: Date, issuedAt: Date = Date()
  ) {
    self.sub = SubjectClaim(value: userID)
    self.org = organizationID
    self.perms = permissions
    self.aud = AudienceClaim(value: audience)
    self.iss = IssuerClaim(value: issuer)
    self.exp = ExpirationClaim(value: expires)
    self.iat = IssuedAtClaim(value: issuedAt)
  }

  public func verify(using algorithm: some JWTAlgorithm) async throws {
    try self.exp.verifyNotExpired()
  }
}

/// Verifies bearer access tokens against a JSON Web Key Set of Identity's public keys.
///
/// Only EdDSA (Ed25519) keys are accepted, every key must carry a key id, and a token must
/// name one of those ids: jwt-kit would otherwise fall back to a default key.
public struct AccessTokenVerifier: Sendable {
  let keys: JWTKeyCollection
  let keyIDs: Set<String>
  public let audience: String
  public let issuer: String

  /// - Parameters:
  ///   - jwks: The key set, as JSON (`{"keys": [{"kty": "OKP", "crv": "Ed25519", "alg": "EdDSA", "kid": …, "x": …}]}`).
  ///   - audience: This service's name; tokens must list it in `aud`.
  ///   - issuer: Who must have issued the token (`iss`).
  public init(jwks: String, audience: String, issuer: String) async throws {
    let set = try JSONDecoder().decode(JWKS.self, from: Data(jwks.utf8))
    var ids: Set<String> = []
    for key in set.keys {
      guard let kid = key.keyIdentifier?.string, key.algorithm == .eddsa else {
        throw AccessTokenConfigurationError(
          message: "every key in the JWKS needs a 'kid' and \"alg\": \"EdDSA\"")
      }
      ids.insert(kid)
    }
    guard !ids.isEmpty else { throw AccessTokenConfigurationError(message: "the JWKS holds no keys") }
    self.keys = JWTKeyCollection()
    try await self.keys.add(jwks: set)
    self.keyIDs = ids
    self.audience = audience
    self.issuer = issuer
  }

  /// The caller the token describes, or UNAUTHENTICATED with the reason.
  public func verify(_ token: String) async throws(PlatformError) -> Caller {
    guard let kid = Self.keyID(of: token) else { throw PlatformError.invalidToken("it is not a signed JWT with a key id") }
    guard self.keyIDs.contains(kid) else { throw PlatformError.invalidToken("it is signed with an unknown key '\(kid)'") }
    let claims: AccessTokenClaims
    do {
      claims = try await self.keys.verify(token, as: AccessTokenClaims.self)
    } catch let error as JWTError where error.errorType == .claimVerificationFailure {
      throw PlatformError.invalidToken("it has expired")
    } catch {
      throw PlatformError.invalidToken("its signature or format is invalid")
    }
    guard claims.aud.value.contains(self.audience) else {
      throw PlatformError.invalidToken("it is not meant for \(self.audience)")
    }
    guard claims.iss.value == self.issuer else { throw PlatformError.invalidToken("it was not issued by \(self.issuer)") }
    return Caller(userID: claims.sub.value, organizationID: claims.org, permissions: Set(claims.perms))
  }

  /// The `kid` of the token's header, read without verifying anything.
  static func keyID(of token: String) -> String? {
    guard let headerPart = token.split(separator: ".", omittingEmptySubsequences: false).first,
      token.split(separator: ".", omittingEmptySubsequences: false).count == 3
    else { return nil }
    var base64 = String(headerPart.map { $0 == "-" ? "+" : $0 == "_" ? "/" : $0 })
    base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
    guard let data = Data(base64Encoded: base64),
      let header = try? JSONDecoder().decode(TokenHeader.self, from: data)
    else { return nil }
    return header.kid
  }

  struct TokenHeader: Decodable {
    var kid: String?
  }
}

/// The configured key set cannot be used.
public struct AccessTokenConfigurationError: Error, CustomStringConvertible {
  public var message: String
  public var description: String { "access token keys: \(self.message)" }
}
