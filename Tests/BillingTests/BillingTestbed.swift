import BillingAPI
import BillingService
import GRPCCore
import Logging
import PostgresNIO
import RPC
import Storage
import Testing
import TestSupport
import WireCodec

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A running Billing server on a fresh database; calls go over real gRPC on loopback.
struct BillingTestbed: RunningServer {
  let port: Int
  let database: DatabaseSettings

  /// Every Billing permission: what an operator administrator's token carries.
  static let allPermissions = [
    "billing.customers.read", "billing.customers.manage", "billing.accounts.read", "billing.accounts.manage",
    "billing.account.block", "billing.payments.post", "billing.topup.create", "billing.charges.post", "billing.entries.reverse",
  ]

  static func with(_ body: @Sendable (BillingTestbed) async throws -> Void) async throws {
    try await TestDatabase.with { database in
      var settings = TestDatabase.serverSettings(database)
      settings["abonent.log.level"] = "error"
      try await TestServer.with(BillingService.definition, settings: settings) { port in
        try await body(BillingTestbed(port: port, database: database))
      }
    }
  }

  static func staffToken(_ permissions: [String] = BillingTestbed.allPermissions) async throws -> String {
    try await TestTokens.make(audience: "abonent-billing", permissions: permissions, userID: "staff-1", organizationID: nil, kind: .staff)
  }

  static func customerToken(organization: String, permissions: [String] = ["billing.customers.read", "billing.accounts.read"]) async throws -> String {
    try await TestTokens.make(audience: "abonent-billing", permissions: permissions, userID: "user-\(organization.prefix(8))", organizationID: organization, kind: .customer)
  }



  /// Runs `body` on a connection of its own to the service's database, as the service's role.
  func sql<Result: Sendable>(_ body: @Sendable @escaping (PostgresConnection) async throws -> Result) async throws -> Result {
    try await TestDatabase.running(self.database) { database in
      try await database.withConnection(body)
    }
  }

  /// Creates a customer with sensible details; `name`, `contract`, `taxID` and `organization` vary.
  @discardableResult
  func customer(
    _ name: String, contract: String, kind: CustomerKind = .legalEntity, taxID: String = "7707083893", organization: String = "",
    token: String? = nil
  ) async throws -> Customer {
    let details = CustomerDetails(
      kind: kind, name: name, taxID: taxID, contractNumber: contract, country: .russia, region: "Москва", agent: "Агент-1",
      manager: "Иванова", tags: ["vip"], email: "client@example.ru", phone: "+7 495 000-00-00", organizationID: organization)
    return try await self.call(BillingContract.createCustomer, CreateCustomerRequest(details: details), token: try await self.token(token))
  }

  /// Opens a RUB account for `customer`.
  func account(for customer: Customer, mode: PaymentMode = .prepaid, number: String = "", token: String? = nil) async throws -> Account {
    try await self.call(
      BillingContract.openAccount,
      OpenAccountRequest(customerID: customer.id, number: number, currency: "RUB", paymentMode: mode), token: try await self.token(token))
  }

  func token(_ given: String?) async throws -> String {
    if let given { return given }
    return try await Self.staffToken()
  }

  /// A customer with one account, for ledger tests.
  func fundedAccount(contract: String = "Д-100") async throws -> Account {
    let customer = try await self.customer("ООО «Ромашка»", contract: contract)
    return try await self.account(for: customer)
  }
}

/// `text` as an exact decimal; the test fails on a typo.
func money(_ text: String) -> ExactDecimal {
  guard let value = ExactDecimal(text) else { fatalError("not a decimal: \(text)") }
  return value
}

extension CalendarDate {
  static func day(_ year: Int, _ month: Int, _ day: Int) -> CalendarDate {
    guard let date = CalendarDate(year: year, month: month, day: day) else { fatalError("no such day") }
    return date
  }
}
