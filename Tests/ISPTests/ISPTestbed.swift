import BillingAPI
import BillingService
import Foundation
import ISPAPI
import ISPService
import NIOCore
import PostgresNIO
import RPC
import Runtime
import Storage
import TestSupport
import Testing
import WireCodec

/// A running ISP on a fresh database, beside a real Billing on a database of its own (over real
/// gRPC, with a service token like a deployment's, following Billing's feed), and, when asked,
/// a real FreeRADIUS reading ISP's database.
struct ISPTestbed: RunningServer {
  let port: Int
  let billing: BillingServer
  let database: DatabaseSettings
  let radius: PrivateFreeRADIUS?
  /// The admin HTTP port on 127.0.0.1 (/metrics, /health).
  let adminPort: Int

  struct BillingServer: RunningServer {
    let port: Int
    let staff: String
    /// Billing's own database, for a test that must put an account in a state no method of
    /// Billing's reaches (a closed account).
    let database: DatabaseSettings
  }

  static func with(
    radius withRadius: Bool = false, settings extra: [String: String] = [:], billingSettings: [String: String] = [:],
    _ body: @Sendable (ISPTestbed) async throws -> Void
  ) async throws {
    let extraBilling = billingSettings
    try await TestDatabase.with { billingDatabase in
      var billingSettings = TestDatabase.serverSettings(billingDatabase)
      billingSettings["abonent.log.level"] = "error"
      billingSettings.merge(extraBilling) { _, new in new }
      try await TestServer.with(BillingService.definition, settings: billingSettings) { billingPort in
        let billingStaff = try await TestTokens.make(
          audience: "abonent-billing", permissions: BillingPermission.all, userID: "staff-1", organizationID: nil,
          kind: .staff)
        let service = try await TestTokens.make(
          audience: "abonent-billing",
          permissions: [
            BillingPermission.accountsRead, BillingPermission.customersRead, BillingPermission.customersManage,
            BillingPermission.accountsManage, BillingPermission.chargesPost, BillingPermission.entriesReverse,
            BillingPermission.eventsRead,
          ], userID: "svc-isp", organizationID: nil, kind: .service)
        try await TestDatabase.with { database in
          var settings = TestDatabase.serverSettings(database)
          settings["abonent.log.level"] = "error"
          settings["abonent.isp.billingAddress"] = "127.0.0.1:\(billingPort)"
          settings["abonent.isp.billingToken"] = service
          settings["abonent.isp.postInterval"] = "200ms"
          // Months are charged when a test says so (the recurring job has a test of its own).
          settings["abonent.isp.chargeInterval"] = "off"
          settings["abonent.isp.disconnectTimeout"] = "300ms"
          settings["abonent.clients.billing.deadline"] = "20s"
          settings.merge(extra) { _, new in new }
          try await TestServer.withAddresses(ISPService.definition, settings: settings) { addresses in
            let billing = BillingServer(port: billingPort, staff: billingStaff, database: billingDatabase)
            guard withRadius else {
              try await body(
                ISPTestbed(
                  port: addresses.grpcPort, billing: billing, database: database, radius: nil,
                  adminPort: addresses.adminPort))
              return
            }
            let radius = try await PrivateFreeRADIUS.start(databasePort: database.port, database: database.database)
            do {
              try await body(
                ISPTestbed(
                  port: addresses.grpcPort, billing: billing, database: database, radius: radius,
                  adminPort: addresses.adminPort))
            } catch {
              await radius.remove()
              throw error
            }
            await radius.remove()
          }
        }
      }
    }
  }

  static let staffPermissions = ISPPermission.all.filter { $0 != ISPPermission.eventsRead }

  static func staffToken(_ permissions: [Permission] = staffPermissions) async throws -> String {
    try await TestTokens.make(
      audience: "abonent-isp", permissions: permissions, userID: "staff-1", organizationID: nil, kind: .staff)
  }

  /// A staff call with every ISP permission.
  func staff<Request, Reply>(_ method: UnaryMethod<Request, Reply>, _ request: Request) async throws -> Reply {
    try await self.call(method, request, token: try await Self.staffToken())
  }

  /// A customer in Billing with an EUR account `account`, registered here with `city` and
  /// `addresses`.
  func customer(
    _ name: String, contract: String, account: String, city: String = "Curitiba", addresses: [PostalAddress] = [],
    organization: String = ""
  ) async throws -> ISPCustomer {
    let details = CustomerDetails(
      kind: .individual, name: name, taxID: "", contractNumber: contract, country: .other, region: "", agent: "",
      manager: "", tags: [], email: "\(contract.lowercased())@example.com", phone: "", organizationID: organization)
    let customer = try await self.billing.call(
      BillingContract.createCustomer, CreateCustomerRequest(details: details), token: self.billing.staff)
    _ = try await self.billing.call(
      BillingContract.openAccount,
      OpenAccountRequest(customerID: customer.id, number: account, currency: "EUR", paymentMode: .postpaid),
      token: self.billing.staff)
    return try await self.staff(
      ISPContract.registerCustomer,
      RegisterCustomerRequest(customerID: customer.id, city: city, addresses: addresses))
  }

  /// The plan type `fibra-100` (99.90 EUR, 100/50 Mbit/s), set once per testbed.
  func planType(_ code: String = "fibra-100", value: String = "99.90") async throws {
    _ = try await self.staff(
      ISPContract.setPlanType,
      PlanType(
        code: code, name: "Fibra \(code)", value: ExactDecimal(value)!, currency: "EUR", downloadKbps: 102_400,
        uploadKbps: 51_200, franchiseGB: 0))
  }

  func plan(_ customer: ISPCustomer, account: String, type: String = "fibra-100", login: String = "")
    async throws -> Plan
  {
    try await self.staff(
      ISPContract.addPlan,
      AddPlanRequest(
        customerID: customer.customerID, accountNumber: account, planType: type,
        billing: PlanBilling(paymentMethod: "boleto", dueDay: 10), login: login,
        password: login.isEmpty ? "" : "senha-\(login)"))
  }

  func accessPoint(_ network: String = "100.64.0.0/24", gateway: String = "100.64.0.1", nas: String = "")
    async throws -> AccessPoint
  {
    try await self.staff(
      ISPContract.createAccessPoint,
      CreateAccessPointRequest(
        name: "POP Centro", network: network, gateway: gateway, nasAddress: nas,
        nasSecret: nas.isEmpty ? "" : "nas-secret"))
  }

  func history(_ plan: String) async throws -> [PlanHistoryEntry] {
    try await self.staff(ISPContract.planHistory, PlanHistoryRequest(planID: plan)).entries
  }

  /// `sql` run on ISP's database, as the operator would (FreeRADIUS's group tables).
  func execute(_ sql: PostgresQuery) async throws {
    try await TestDatabase.running(self.database) { db in
      try await db.withConnection { _ = try await $0.query(sql, logger: db.logger) }
    }
  }

  /// The plan events ISP's outbox holds, in feed order.
  func planEvents() async throws -> [PlanEvent] {
    try await TestDatabase.running(self.database) { db in
      try await db.withConnection { connection in
        try await connection.query(
          "SELECT payload FROM outbox_events WHERE type = \(ISPEvents.planChanged.name) ORDER BY position",
          logger: db.logger
        ).decode(ByteBuffer.self).collect()
      }
    }.map { try PlanEvent(wireEncoded: Array($0.readableBytesView)) }
  }

  /// Whether `radcheck`, as FreeRADIUS reads it, holds `Auth-Type := Reject` for `login`.
  func rejectsInRadcheck(_ login: String) async throws -> Bool {
    try await TestDatabase.running(self.database) { db in
      try await db.withConnection { connection in
        try await connection.query(
          "SELECT count(*) FROM radcheck WHERE username = \(login) AND attribute = 'Auth-Type' AND value = 'Reject'",
          logger: db.logger
        ).decode(Int64.self).collect().first ?? 0
      }
    } > 0
  }
}
