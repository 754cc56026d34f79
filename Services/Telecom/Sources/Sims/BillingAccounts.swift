import BillingAPI
import GRPCCore
import RPC

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// What AssignSims learns from Billing about the account SIMs are put on (docs/telecom.md,
/// "Importing SIMs"): Billing, not the caller, is the authority on whose account it is.
struct BillingAccountFacts: Sendable, Equatable {
  let number: String
  let customerName: String
  /// The customer's Identity organization, when Billing knows it.
  let organizationID: UUID?
  let status: AccountStatus
  /// ISO 4217.
  let currency: String
}

/// Where AssignSims looks an account up. Telecom reaches Billing only by RPC (it never reads
/// Billing's tables); a Telecom without `abonent.telecom.billingAddress` has none and takes the
/// caller's word.
protocol AccountDirectory: Sendable {
  /// The account numbered `number`, or nil when Billing has none.
  func account(_ number: String) async throws -> BillingAccountFacts?
}

/// Billing's GetAccount and GetCustomer through the long-lived client, with Telecom's service
/// token (which needs `billing.accounts.read` and `billing.customers.read`).
struct BillingAccountDirectory: AccountDirectory {
  let billing: ServiceClient

  func account(_ number: String) async throws -> BillingAccountFacts? {
    do {
      let account = try await self.billing.call(
        BillingContract.getAccount, GetAccountRequest(accountID: "", number: number), idempotent: true)
      let customer = try await self.billing.call(
        BillingContract.getCustomer, GetCustomerRequest(customerID: account.customerID), idempotent: true)
      return BillingAccountFacts(
        number: account.number, customerName: customer.details.name,
        organizationID: UUID(uuidString: customer.details.organizationID), status: account.status,
        currency: account.currency)
    } catch let error as RPCError where error.code == .notFound {
      return nil
    } catch let error as RPCError where error.code == .permissionDenied || error.code == .unauthenticated {
      throw TelecomError.billingRefusedLookup
    } catch {
      throw TelecomError.billingUnavailable
    }
  }
}
