import BillingAPI
import BillingService
import Foundation
import GRPCCore
import IdentityAPI
import RPC
import TestSupport
import Testing
import UtilitiesAPI
import UtilitiesService
import WireCodec

/// The water utility's registration form («Получать счёт-извещение на email») reaches Utilities:
/// Identity publishes identity.company.confirmed, and a Utilities following Identity's feed
/// with its service account gives the contract its organization and the notice.
@Suite(
  "Utilities learns a company's confirmed registration from Identity's feed",
  .enabled(
    if: TestDatabase.isAvailable && SMTPSink.isAvailable,
    "needs the test PostgreSQL and aiosmtpd (scripts/test.sh provides both)"))
struct UtilitiesRegistrationTests {
  let checks = CustomerCheckTests()

  @Test(
    "a contract opened before the company registers gets its organization and the ticked invoice notice once the registration is confirmed; its owner then sees its accounts"
  )
  func registrationReachesUtilities() async throws {
    let billingPort = try SMTPSink.freePort()
    try await IdentityTestbed.with(["abonent.identity.billingAddress": "127.0.0.1:\(billingPort)"]) { bed in
      let jwksFile = try await self.checks.jwksFile(trusting: bed)
      defer { try? FileManager.default.removeItem(at: jwksFile) }
      try await self.checks.withBilling(port: billingPort, jwksFile: jwksFile) {
        let billing = ClientSettings(host: "127.0.0.1", port: billingPort, token: try await self.checks.billingStaff())
        let customer = try await withWireClient(billing) { client in
          try await client.call(
            BillingContract.createCustomer,
            CreateCustomerRequest(
              details: CustomerDetails(
                kind: .legalEntity, name: "ООО «Ромашка»", taxID: "7707083893", contractNumber: "2666",
                country: .russia, email: "c@example.ru")))
        }
        _ = try await withWireClient(billing) { client in
          try await client.call(
            BillingContract.openAccount,
            OpenAccountRequest(customerID: customer.id, number: "00009177", currency: "KZT", paymentMode: .postpaid))
        }
        let account = try await bed.call(
          IdentityContract.createServiceAccount,
          CreateServiceAccountRequest(
            name: "utilities",
            permissions: [
              IdentityPermission.eventsRead.name, BillingPermission.accountsRead.name,
              BillingPermission.customersRead.name, BillingPermission.invoicesRead.name,
              BillingPermission.chargesPost.name,
            ]), token: try await bed.adminToken())
        try await TestDatabase.with { database in
          var settings = TestDatabase.serverSettings(database)
          settings["abonent.log.level"] = "error"
          settings["abonent.auth.jwksFile"] = jwksFile.path
          settings["abonent.events.pollInterval"] = "50ms"
          settings["abonent.utilities.billingAddress"] = "127.0.0.1:\(billingPort)"
          settings["abonent.utilities.identityAddress"] = "127.0.0.1:\(bed.port)"
          settings["abonent.serviceAccount.clientID"] = account.clientID
          settings["abonent.serviceAccount.clientSecret"] = account.clientSecret
          settings["abonent.serviceAccount.identityAddress"] = "127.0.0.1:\(bed.port)"
          try await TestServer.with(UtilitiesService.definition, settings: settings) { port in
            let utilities = Remote(port: port)
            let staff = try await TestTokens.make(
              audience: "abonent-utilities", permissions: UtilitiesPermission.all, userID: "staff-1",
              organizationID: nil, kind: .staff)
            // Opened before the company registers: Billing knows no organization for it yet.
            _ = try await utilities.call(
              UtilitiesContract.createAccount,
              CreateAccountRequest(
                accountNumber: "00009177", tariffGroup: 3, waterRecipient: "Водоканал", sewerRecipient: "Водоотведение"),
              token: staff)
            let before = try await utilities.call(
              UtilitiesContract.getInvoiceNotice, InvoiceNoticeRequest(contractNumber: "2666"), token: staff)
            #expect(!before.enabled)

            // The company registers with «Получать счёт-извещение на email» ticked, and confirms.
            let owner = try await bed.registeredCompany(
              email: "buh@romashka.kz", taxID: "7707083893", contract: "2666", password: "correct horse 1")
            let me = try await bed.call(
              IdentityContract.myPermissions, MyPermissionsRequest(), token: owner.accessToken)
            var notice = before
            let deadline = ContinuousClock.now + .seconds(60)
            while !notice.enabled && ContinuousClock.now < deadline {
              try await Task.sleep(for: .milliseconds(100))
              notice = try await utilities.call(
                UtilitiesContract.getInvoiceNotice, InvoiceNoticeRequest(contractNumber: "2666"), token: staff)
            }
            #expect(notice.enabled && notice.email == "buh@romashka.kz" && notice.changedBy == "registration")
            // Identity's own token for the owner: Utilities trusts Identity's keys and confines it
            // to the contract of its organization.
            let accounts = try await utilities.call(
              UtilitiesContract.listAccounts, ListUtilityAccountsRequest(), token: owner.accessToken)
            #expect(accounts.accounts.map(\.number) == ["00009177"])
            #expect(me.organizationID.isEmpty == false)
          }
        }
      }
    }
  }

  struct Remote: RunningServer {
    let port: Int
  }
}
