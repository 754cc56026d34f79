import BillingAPI
import GRPCCore
import Logging
import RPC
import TestSupport
import Testing
import WireCodec

@Suite(
  "Services catalogue, tariffs and the customer check for other services",
  .enabled(if: TestDatabase.isAvailable, "needs the test PostgreSQL (scripts/test.sh starts it)"))
struct CatalogueTests {
  @Test("services and tariffs per country and currency; bad input is refused field by field and changes nothing")
  func catalogue() async throws {
    try await BillingTestbed.with { bed in
      let token = try await BillingTestbed.staffToken()
      let ru = try await bed.tariff(service: "telephony", name: "Телефония", price: "990.00")
      let kz = try await bed.tariff(
        service: "telephony", name: "Телефония", price: "4990.50", country: .kazakhstan, currency: "kzt")
      #expect(kz.currency == "KZT")
      _ = try await bed.tariff(service: "tmdrive", name: "TMDrive", price: "150.00", period: .oneTime)

      let taken = await bed.refusal {
        _ = try await bed.call(
          BillingContract.createService, CreateServiceRequest(code: "telephony", name: "Ещё раз"), token: token)
      }
      #expect(taken?.reason == "SERVICE_CODE_TAKEN")
      let bad = await bed.refusal {
        _ = try await bed.call(
          BillingContract.createService, CreateServiceRequest(code: "Телефон; DROP", name: ""), token: token)
      }
      #expect(bad?.violations["code"] == "SERVICE_CODE_INVALID")
      #expect(bad?.violations["name"] == "REQUIRED")
      let badTariff = await bed.refusal {
        _ = try await bed.call(
          BillingContract.createTariff,
          CreateTariffRequest(
            serviceCode: "telephony", name: "Дробный", country: .russia, currency: "XXX", price: money("1.005"),
            period: .monthly),
          token: token)
      }
      #expect(badTariff?.violations["currency"] == "CURRENCY_UNSUPPORTED")
      let precise = await bed.refusal {
        _ = try await bed.call(
          BillingContract.createTariff,
          CreateTariffRequest(
            serviceCode: "telephony", name: "Дробный", country: .russia, currency: "RUB", price: money("1.005"),
            period: .monthly),
          token: token)
      }
      #expect(precise?.violations["price"] == "AMOUNT_PRECISION")
      let unknown = await bed.refusal {
        _ = try await bed.call(
          BillingContract.createTariff,
          CreateTariffRequest(
            serviceCode: "nope", name: "X", country: .russia, currency: "RUB", price: money("1"), period: .monthly),
          token: token)
      }
      #expect(unknown?.reason == "SERVICE_NOT_FOUND")

      let kazakh = try await bed.call(
        BillingContract.listServices, ListServicesRequest(country: .kazakhstan), token: token)
      #expect(kazakh.services.map(\.code) == ["telephony", "tmdrive"])
      #expect(kazakh.services.first?.tariffs.map(\.id) == [kz.id])
      #expect(kazakh.services.last?.tariffs.isEmpty == true)
      let rubles = try await bed.call(BillingContract.listServices, ListServicesRequest(currency: "RUB"), token: token)
      #expect(rubles.services.first?.tariffs.map(\.id) == [ru.id])
      let page = try await bed.call(
        BillingContract.listServices, ListServicesRequest(page: PageRequest(size: 1)), token: token)
      #expect(page.services.map(\.code) == ["telephony"])
      let next = try await bed.call(
        BillingContract.listServices, ListServicesRequest(page: PageRequest(size: 1, token: page.nextPageToken)),
        token: token)
      #expect(next.services.map(\.code) == ["tmdrive"])
      #expect(next.nextPageToken.isEmpty)

      // A Russian customer's rouble account takes neither a tenge tariff nor a Kazakh one.
      let account = try await bed.fundedAccount()
      let tenge = try await bed.tariff(service: "telephony", name: "Телефония в тенге", price: "10", currency: "KZT")
      let kazakhInRoubles = try await bed.tariff(
        service: "telephony", name: "Телефония KZ в рублях", price: "10", country: .kazakhstan)
      for (tariff, reason) in [(tenge, "TARIFF_CURRENCY_MISMATCH"), (kazakhInRoubles, "TARIFF_COUNTRY_MISMATCH")] {
        let mismatch = await bed.refusal {
          _ = try await bed.call(
            BillingContract.createSubscription,
            CreateSubscriptionRequest(accountNumber: account.number, tariffID: tariff.id), token: token)
        }
        #expect(mismatch?.violations["tariffID"] == reason)
      }
      #expect(
        try await bed.call(
          BillingContract.listSubscriptions, ListSubscriptionsRequest(accountNumber: account.number), token: token
        ).subscriptions.isEmpty)
      let staffWithoutPermission = try await BillingTestbed.staffToken([BillingPermission.catalogueRead])
      let denied = await bed.refusal {
        _ = try await bed.call(
          BillingContract.createService, CreateServiceRequest(code: "x", name: "X"), token: staffWithoutPermission)
      }
      #expect(denied?.code == .permissionDenied)
    }
  }

  @Test(
    "VerifyCustomerReference: a tax id holds its contract and its accounts, nothing else; the first link to an organization sticks"
  )
  func verification() async throws {
    try await BillingTestbed.with { bed in
      let service = try await TestTokens.make(
        audience: "abonent-billing", permissions: [BillingPermission.customersVerify], userID: "identity",
        organizationID: nil, kind: .service)
      let customer = try await bed.customer("ООО «Проверка»", contract: "Д-77", taxID: "7707083893")
      let account = try await bed.account(for: customer)
      func ask(_ taxID: String, _ reference: String, link: String = "") async throws -> VerifyCustomerReferenceReply {
        try await bed.call(
          BillingContract.verifyCustomerReference,
          VerifyCustomerReferenceRequest(taxID: taxID, reference: reference, linkOrganizationID: link), token: service)
      }
      #expect(try await ask("7707083893", "Д-77").holds)
      #expect(try await ask(" 7707083893 ", account.number).customerID == customer.id)
      #expect(try await ask("7707083893", "Д-78").holds == false)
      #expect(try await ask("7736050003", "Д-77").holds == false)
      #expect(try await ask("7707083893", "' OR 1=1 --").holds == false)

      let first = "0b7d7c52-0000-4000-8000-00000000000a"
      let second = "0b7d7c52-0000-4000-8000-00000000000b"
      #expect(try await ask("7707083893", "Д-77", link: first).organizationID == first)
      #expect(try await ask("7707083893", "Д-77", link: second).organizationID == first)
      let linked = try await bed.call(
        BillingContract.getCustomer, GetCustomerRequest(customerID: customer.id),
        token: try await BillingTestbed.staffToken())
      #expect(linked.details.organizationID == first)

      let bad = await bed.refusal { _ = try await ask("", "", link: "not-a-uuid") }
      #expect(bad?.violations["taxID"] == "REQUIRED")
      #expect(bad?.violations["linkOrganizationID"] == "ORGANIZATION_ID_INVALID")
      let staff = try await BillingTestbed.staffToken([BillingPermission.customersRead])
      let denied = await bed.refusal {
        _ = try await bed.call(
          BillingContract.verifyCustomerReference,
          VerifyCustomerReferenceRequest(taxID: "7707083893", reference: "Д-77"), token: staff)
      }
      #expect(denied?.code == .permissionDenied)
    }
  }
}
