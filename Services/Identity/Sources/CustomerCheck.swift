import BillingAPI
import GRPCCore
import Logging
import RPC

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Asks Billing whether a tax id holds a contract or personal account, with Identity's own
/// service-account token: the first service-to-service call of the suite. Registration and
/// password reset are rare, so each check opens its own HTTP/2 connection.
struct CustomerCheck: Sendable {
  let client: ClientSettings
  let logger: Logger
  /// Mints the short-lived service token the call carries.
  let token: @Sendable () async throws -> String

  /// Billing's answer; throws UNAVAILABLE / DEPENDENCY_UNAVAILABLE when Billing cannot answer,
  /// so a caller never proceeds unchecked.
  func verify(taxID: String, reference: String, linking organization: UUID?) async throws -> VerifyCustomerReferenceReply {
    var settings = self.client
    settings.token = try await self.token()
    let request = VerifyCustomerReferenceRequest(
      taxID: taxID, reference: reference, linkOrganizationID: organization?.uuidString.lowercased() ?? "")
    do {
      return try await withWireClient(settings) { client in
        try await client.call(BillingContract.verifyCustomerReference, request, timeout: .seconds(5))
      }
    } catch let error as RPCError {
      // Any refusal here is Billing's or the network's problem, not the person's input (that
      // was checked already): log it for ops, answer as a dependency outage.
      self.logger.error("Billing did not answer the customer check", metadata: ["code": "\(error.code)", "message": "\(error.message)"])
      throw PlatformError.unavailable("Billing")
    }
  }
}

extension Identity {
  /// The Billing check, or `nil` when `billingAddress` is not set.
  var customerCheck: CustomerCheck? {
    guard let (host, port) = self.settings.billingAddress else { return nil }
    let security: ClientSettings.Security = self.settings.billingCAFile.map { .tls(trustedCAPath: $0) } ?? .plaintext
    return CustomerCheck(client: ClientSettings(host: host, port: port, security: security), logger: self.logger) {
      try await self.accessToken(
        subject: "identity", organizationID: nil, permissions: [BillingPermission.customersVerify.name], sessionID: nil, kind: .service
      ).token
    }
  }
}
