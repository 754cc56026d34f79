import BillingAPI
import BillingService
import Foundation
import GRPCCore
import IdentityAPI
import RPC
import Storage
import TestSupport
import Testing

/// Identity asks Billing, with its own service-account token, whether a company is a real
/// customer before it registers and before its password is reset.
@Suite(
  "Identity checks customers with Billing",
  .enabled(
    if: TestDatabase.isAvailable && SMTPSink.isAvailable,
    "needs the test PostgreSQL and aiosmtpd (scripts/test.sh provides both)"))
struct CustomerCheckTests {
  /// A Billing server on its own database, on `port`, verifying tokens with `jwksFile`.
  func withBilling(port: Int, jwksFile: URL, _ body: @Sendable () async throws -> Void) async throws {
    try await TestDatabase.with { database in
      var settings = TestDatabase.serverSettings(database)
      settings["abonent.grpc.port"] = "\(port)"
      settings["abonent.auth.jwksFile"] = jwksFile.path
      settings["abonent.log.level"] = "error"
      try await TestServer.with(BillingService.definition, settings: settings) { _ in try await body() }
    }
  }

  /// A JWKS file with the test tokens' keys and Identity's published ones, as operations
  /// would give Billing (run-suite.sh does the same).
  func jwksFile(trusting bed: IdentityTestbed) async throws -> URL {
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("billing-jwks-\(UUID().uuidString).json")
    let published = try await bed.call(IdentityContract.signingKeys, SigningKeysRequest())
    func keys(_ json: Data) throws -> [Any] {
      ((try JSONSerialization.jsonObject(with: json) as? [String: Any])?["keys"] as? [Any]) ?? []
    }
    let merged = try keys(Data(contentsOf: URL(fileURLWithPath: Fixtures.jwks))) + keys(Data(published.jwks.utf8))
    try JSONSerialization.data(withJSONObject: ["keys": merged]).write(to: file)
    return file
  }

  func billingStaff() async throws -> String {
    try await TestTokens.make(
      audience: "abonent-billing",
      permissions: [
        BillingPermission.customersManage, BillingPermission.customersRead, BillingPermission.accountsManage,
      ],
      userID: "staff-1", organizationID: nil, kind: .staff)
  }

  @Test(
    "a company registers only with a tax id and contract Billing knows, and is linked to its Billing customer; recovery checks Billing too, accepting an account number"
  )
  func registrationAndRecovery() async throws {
    // Billing's port is chosen first, so Identity can be told it before Billing starts with
    // Identity's keys.
    let billingPort = try SMTPSink.freePort()
    try await IdentityTestbed.with(["abonent.identity.billingAddress": "127.0.0.1:\(billingPort)"]) { bed in
      let jwksFile = try await self.jwksFile(trusting: bed)
      defer { try? FileManager.default.removeItem(at: jwksFile) }
      try await self.withBilling(port: billingPort, jwksFile: jwksFile) {
        let billing = ClientSettings(host: "127.0.0.1", port: billingPort, token: try await self.billingStaff())
        let customer = try await withWireClient(billing) { client in
          try await client.call(
            BillingContract.createCustomer,
            CreateCustomerRequest(
              details: CustomerDetails(
                kind: .legalEntity, name: "ООО «Ромашка»", taxID: "7707083893", contractNumber: "123", country: .russia,
                email: "buh@romashka.ru")))
        }
        let account = try await withWireClient(billing) { client in
          try await client.call(
            BillingContract.openAccount,
            OpenAccountRequest(customerID: customer.id, currency: "RUB", paymentMode: .prepaid))
        }

        // Not a customer: refused on the contract field, and nothing is created.
        let stranger = await bed.refusal {
          _ = try await bed.registerCompany(email: "x@example.ru", taxID: "7707083893", contract: "999")
        }
        #expect(stranger?.code == .invalidArgument)
        #expect(stranger?.violations["contractNumber"] == "CUSTOMER_UNKNOWN")
        let wrongTaxID = await bed.refusal {
          _ = try await bed.registerCompany(email: "x@example.ru", taxID: "7736050003", contract: "123")
        }
        #expect(wrongTaxID?.violations["contractNumber"] == "CUSTOMER_UNKNOWN")

        // The real customer registers, and Billing now knows its organization.
        let tokens = try await bed.registeredCompany(
          email: "x@example.ru", taxID: "7707083893", contract: "123", password: "first password")
        let linked = try await withWireClient(billing) { client in
          try await client.call(BillingContract.getCustomer, GetCustomerRequest(customerID: customer.id))
        }
        let organization = try #require(UUID(uuidString: linked.details.organizationID))
        #expect(UUID(uuidString: try Self.organizationClaim(of: tokens.accessToken)) == organization)

        // Recovery with the personal account number instead of the contract: Billing confirms it.
        _ = try await bed.call(IdentityContract.requestRecovery, RequestRecoveryRequest(login: "vk123"))
        let control = try IdentityTestbed.field(
          after: "Контрольная строка: ", in: try await bed.mail(to: "x@example.ru", count: 2).text)
        let notHeld = await bed.refusal {
          _ = try await bed.call(
            IdentityContract.resetPassword,
            ResetPasswordRequest(
              taxID: "7707083893", accountOrContract: "100000999", login: "vk123", controlString: control,
              newPassword: "second password",
              newPasswordConfirmation: "second password"))
        }
        #expect(notHeld?.reason == "RECOVERY_REFUSED")
        _ = try await bed.call(
          IdentityContract.resetPassword,
          ResetPasswordRequest(
            taxID: "7707083893", accountOrContract: account.number, login: "vk123", controlString: control,
            newPassword: "second password",
            newPasswordConfirmation: "second password"))
        _ = try await bed.call(IdentityContract.signIn, SignInRequest(login: "vk123", password: "second password"))
      }
    }
  }

  /// The `org` claim of a signed token (the signature is Billing's and Identity's business here).
  static func organizationClaim(of token: String) throws -> String {
    let parts = token.split(separator: ".")
    try #require(parts.count == 3)
    var payload = parts[1].replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
    payload += String(repeating: "=", count: (4 - payload.count % 4) % 4)
    let json = try JSONSerialization.jsonObject(with: try #require(Data(base64Encoded: payload))) as? [String: Any]
    return try #require(json?["org"] as? String)
  }

  @Test(
    "when Billing cannot be reached, company registration and a company's password reset answer UNAVAILABLE instead of skipping the check"
  )
  func billingDown() async throws {
    let nobody = try SMTPSink.freePort()
    try await IdentityTestbed.with(["abonent.identity.billingAddress": "127.0.0.1:\(nobody)"]) { bed in
      let registration = await bed.refusal {
        _ = try await bed.registerCompany(email: "y@example.ru", taxID: "7707083893", contract: "123")
      }
      #expect(registration?.code == .unavailable)
      #expect(registration?.reason == "DEPENDENCY_UNAVAILABLE")
      #expect(registration?.message.contains("Billing") == true)
      let reset = await bed.refusal {
        _ = try await bed.call(
          IdentityContract.resetPassword,
          ResetPasswordRequest(
            taxID: "7707083893", accountOrContract: "123", login: "vk123",
            controlString: String(repeating: "0", count: 40),
            newPassword: "second password", newPasswordConfirmation: "second password"))
      }
      #expect(reset?.code == .unavailable)
      // A private person's registration does not involve Billing.
      _ = try await bed.call(
        IdentityContract.registerIndividual,
        RegisterIndividualRequest(
          email: "ivan@example.ru", password: "correct horse 1", passwordConfirmation: "correct horse 1",
          fullName: "Иван Петров", language: .russian))
    }
  }
}
