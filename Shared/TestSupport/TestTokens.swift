import JWTKit
public import RPC

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// Signs access tokens the way Identity will, with the test keys.
public enum TestTokens {
  public static let keyID = "test-key-1"
  public static let issuer = "abonent-identity"

  /// A token for `audience` granting `permissions`; `expiresIn` may be negative for an expired one.
  /// `kind` says whether the subject is a customer user (confined to `organizationID`), staff
  /// or another service.
  public static func make(
    audience: String,
    permissions: [String] = [],
    userID: String = "user-1",
    organizationID: String? = "org-1",
    expiresIn: Double = 600,
    issuer: String = TestTokens.issuer,
    signedBy keyFile: String = Fixtures.signingKey,
    kind: Caller.Kind = .customer
  ) async throws -> String {
    let keys = JWTKeyCollection()
    try await keys.add(jwk: JWK(json: String(contentsOfFile: keyFile, encoding: .utf8)))
    let claims = AccessTokenClaims(
      userID: userID, organizationID: organizationID, permissions: permissions, audience: [audience],
      issuer: issuer, expires: Date().addingTimeInterval(expiresIn),
      issuedAt: Date().addingTimeInterval(min(0, expiresIn) - 60),
      kind: kind
    )
    return try await keys.sign(claims, kid: JWKIdentifier(string: Self.keyID))
  }

  /// ``make(audience:permissions:userID:organizationID:expiresIn:issuer:signedBy:kind:)`` with
  /// the permissions as the contracts declare them.
  public static func make(
    audience: String, permissions: [Permission], userID: String = "user-1", organizationID: String? = "org-1",
    expiresIn: Double = 600, kind: Caller.Kind = .customer
  ) async throws -> String {
    try await Self.make(
      audience: audience, permissions: permissions.map(\.name), userID: userID, organizationID: organizationID,
      expiresIn: expiresIn, kind: kind)
  }
}
