import BillingAPI
import GRPCCore
import Logging
import RPC
import Runtime
import Storage

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// Asks Billing whether a tax id holds a contract or personal account, with Identity's own
/// service token: a thin user of Identity's one long-lived client for Billing (a worker of
/// Identity's service group, so every check reuses its HTTP/2 connection).
struct CustomerCheck: Sendable {
  let billing: ServiceClient
  let logger: Logger

  /// The check, or `nil` when `billingAddress` is not set. Identity is the issuer of tokens,
  /// so its token for Billing is one it signs itself (renewed at 80 % of its lifetime), not
  /// one it asks itself for.
  init?(settings: IdentitySettings, keys: SigningKeys, context: ServiceContext) throws {
    guard let (host, port) = settings.billingAddress else { return nil }
    let security: ClientSettings.Security = settings.billingCAFile.map { .tls(trustedCAPath: $0) } ?? .plaintext
    let (lifetime, clock, logger) = (settings.accessTokenLifetime, context.clock, context.logger)
    let tokens = RenewingTokenSource(logger: logger) {
      let signed = try await Identity.accessToken(
        subject: "identity", organizationID: nil, permissions: [BillingPermission.customersVerify.name], sessionID: nil,
        kind: .service, keys: keys,
        issued: clock.now(), lifetime: lifetime)
      return IssuedToken(token: signed.token, expiresAt: signed.expiresAt.date)
    }
    self.billing = try ServiceClient(
      dependency: "billing", name: "Billing", endpoint: ClientSettings(host: host, port: port, security: security),
      options: settings.billingClient, tokens: tokens, metrics: context.metrics, logger: logger)
    self.logger = logger
  }

  /// Billing's answer; throws UNAVAILABLE / DEPENDENCY_UNAVAILABLE when Billing cannot answer,
  /// so a caller never proceeds unchecked. Retried when Billing is briefly unavailable: the
  /// check links a customer only when it has no organization yet, so a repeat is harmless.
  func verify(taxID: String, reference: String, linking organization: UUID?) async throws
    -> VerifyCustomerReferenceReply
  {
    let request = VerifyCustomerReferenceRequest(
      taxID: taxID, reference: reference, linkOrganizationID: organization?.uuidString.lowercased() ?? "")
    do {
      return try await self.billing.call(BillingContract.verifyCustomerReference, request, idempotent: true)
    } catch let error as RPCError {
      // Any refusal here is Billing's or the network's problem, not the person's input (that
      // was checked already): log it for ops, answer as a dependency outage.
      self.logger.error(
        "Billing refused the customer check", metadata: ["code": "\(error.code)", "message": "\(error.message)"])
      throw PlatformError.unavailable("Billing")
    }
  }
}
