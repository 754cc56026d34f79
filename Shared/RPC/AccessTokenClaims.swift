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
  /// The sign-in session the token belongs to (absent for service accounts).
  public var sid: String?
  /// Who the subject is: `customer`, `staff` or `service` (see ``Caller/Kind``).
  public var kind: String?

  public init(
    userID: String, organizationID: String?, permissions: [String], audience: [String],
    issuer: String, expires: Date, issuedAt: Date = Date(), sessionID: String? = nil, kind: Caller.Kind = .customer
  ) {
    self.sub = SubjectClaim(value: userID)
    self.org = organizationID
    self.perms = permissions
    self.aud = AudienceClaim(value: audience)
    self.iss = IssuerClaim(value: issuer)
    self.exp = ExpirationClaim(value: expires)
    self.iat = IssuedAtClaim(value: issuedAt)
    self.sid = sessionID
    self.kind = kind.rawValue
  }

  public func verify(using algorithm: some JWTAlgorithm) async throws {
    try self.exp.verifyNotExpired()
  }
}
