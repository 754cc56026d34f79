public import RPC
import WireCodec

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

extension RenewingTokenSource {
  /// The service account's token from Identity: `ServiceToken` with the client id and secret,
  /// through `identity` (a ``ServiceClient`` without a token source: the method is public),
  /// renewed from `renewalShare` (80 %) of its lifetime on.
  public static func serviceAccount(
    _ account: ServiceAccountSettings, identity: ServiceClient, renewalShare: Double = 0.8
  ) -> RenewingTokenSource {
    RenewingTokenSource(renewalShare: renewalShare, logger: identity.logger) {
      // Idempotent: each call just issues a token.
      let pair = try await identity.call(
        IdentityContract.serviceToken,
        ServiceTokenRequest(clientID: account.clientID, clientSecret: account.clientSecret), idempotent: true)
      return IssuedToken(
        token: pair.accessToken,
        expiresAt: Date(timeIntervalSince1970: Double(pair.accessExpiresAt.microsecondsSinceEpoch) / 1_000_000))
    }
  }
}
