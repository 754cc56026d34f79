import BillingAPI
import BillingService
import Foundation
import GRPCCore
import IdentityAPI
import Logging
import RPC
import Storage
import TestSupport
import Testing
import WireCodec

/// Identity's one long-lived client for Billing (Shared/RPC/ServiceClient.swift), seen from
/// outside: how many TCP connections it opens, and what a registration answers while Billing is
/// down and after it is back.
@Suite(
  "Identity's long-lived client for Billing",
  .enabled(
    if: TestDatabase.isAvailable && SMTPSink.isAvailable,
    "needs the test PostgreSQL and aiosmtpd (scripts/test.sh provides both)"))
struct BillingClientTests {
  let checks = CustomerCheckTests()

  /// Billing on `port` over `database`, trusting Identity's keys from `jwksFile`.
  func withBilling(
    port: Int, database: DatabaseSettings, jwksFile: URL, _ body: @Sendable () async throws -> Void
  ) async throws {
    var settings = TestDatabase.serverSettings(database)
    settings["abonent.grpc.port"] = "\(port)"
    settings["abonent.auth.jwksFile"] = jwksFile.path
    settings["abonent.log.level"] = "error"
    try await TestServer.with(BillingService.definition, settings: settings) { _ in try await body() }
  }

  /// Creates Billing customers with contracts `numbers`, over one connection.
  func customers(_ numbers: [String], billingPort: Int) async throws {
    let billing = ClientSettings(host: "127.0.0.1", port: billingPort, token: try await self.checks.billingStaff())
    try await withWireClient(billing) { client in
      for number in numbers {
        _ = try await client.call(
          BillingContract.createCustomer,
          CreateCustomerRequest(
            details: CustomerDetails(
              kind: .legalEntity, name: "ООО «Клиент \(number)»", taxID: "7707083893", contractNumber: number,
              country: .russia,
              email: "c\(number)@example.ru")))
      }
    }
  }

  @Test(
    "100 company registrations in a row open at most one TCP connection from Identity to Billing (counted by a proxy in between)"
  )
  func oneConnection() async throws {
    let billingPort = try SMTPSink.freePort()
    try await TestDatabase.with { database in
      try await CountingProxy.with(forwardingTo: billingPort) { proxy in
        // Identity's client is started before this Billing and reconnects with backoff; with the
        // whole suite on two cores the first registration may wait out more than the default
        // 5 s deadline for it. This test counts connections, not latency.
        try await IdentityTestbed.with([
          "abonent.identity.billingAddress": "127.0.0.1:\(proxy.port)", "abonent.clients.billing.deadline": "30s",
        ]) { bed in
          let jwksFile = try await self.checks.jwksFile(trusting: bed)
          defer { try? FileManager.default.removeItem(at: jwksFile) }
          try await self.withBilling(port: billingPort, database: database, jwksFile: jwksFile) {
            let numbers = (1...100).map { "\(7000 + $0)" }
            try await self.customers(numbers, billingPort: billingPort)  // directly, not through the proxy
            // Identity's client connects as Identity starts, before this Billing is up: those
            // refused attempts (and a connection made once Billing listens) came before the
            // registrations and are not theirs to count.
            let before = proxy.acceptedConnections
            var afterFirst = 0
            for number in numbers {
              let reply = try await bed.registerCompany(email: "r\(number)@example.ru", contract: number)
              #expect(reply.login == "vk\(number)")
              if number == numbers[0] { afterFirst = proxy.acceptedConnections }
            }
            let opened = proxy.acceptedConnections - before
            #expect(opened <= 1, "100 registrations opened \(opened) TCP connections to Billing")
            #expect(proxy.acceptedConnections == afterFirst, "registrations 2–100 opened connections")
          }
        }
      }
    }
  }

  @Test(
    "with Billing stopped a registration is UNAVAILABLE at the client's deadline, not a hang; once Billing is back it succeeds, Identity untouched"
  )
  func billingStoppedAndRestarted() async throws {
    // Identity keeps the proxy's address throughout. Billing's second life is on a new port:
    // under the full suite another test may take a port the moment it is freed, and a restart
    // on the old port then fails with EADDRINUSE (CI, 2026-12-03).
    try await TestDatabase.with { database in
      try await CountingProxy.with(forwardingTo: try SMTPSink.freePort()) { proxy in
        try await IdentityTestbed.with([
          "abonent.identity.billingAddress": "127.0.0.1:\(proxy.port)",
          "abonent.clients.billing.deadline": "2s",
          "abonent.clients.billing.reconnectMaxBackoff": "500ms",
        ]) { bed in
          try await self.stopAndRestart(database: database, proxy: proxy, bed: bed)
        }
      }
    }
  }

  private func stopAndRestart(database: DatabaseSettings, proxy: CountingProxy, bed: IdentityTestbed) async throws {
    let jwksFile = try await self.checks.jwksFile(trusting: bed)
    defer { try? FileManager.default.removeItem(at: jwksFile) }
    let firstPort = try SMTPSink.freePort()
    proxy.forward(to: firstPort)
    try await self.withBilling(port: firstPort, database: database, jwksFile: jwksFile) {
      try await self.customers(["8001", "8002", "8003"], billingPort: firstPort)
      // Identity connected to the proxy before this Billing listened: its first call may meet
      // the 2 s deadline while it reconnects (CI, 2026-12-03), so it retries like the second life.
      let reply = try await self.registerRetrying(bed: bed, email: "a@example.ru", contract: "8001")
      #expect(reply.login == "vk8001")
    }

    // Billing is stopped (and whatever takes its old port later is not Billing): the call
    // waits for it up to the 2 s deadline, then UNAVAILABLE.
    proxy.forward(to: CountingProxy.nowhere)
    let start = ContinuousClock.now
    let refused = await bed.refusal { _ = try await bed.registerCompany(email: "b@example.ru", contract: "8002") }
    let waited = ContinuousClock.now - start
    #expect(refused?.code == .unavailable)
    #expect(refused?.reason == "DEPENDENCY_UNAVAILABLE")
    #expect(refused?.message.contains("Billing") == true)
    #expect(
      waited >= .milliseconds(1900), "answered after \(waited): before the deadline, so it did not wait for Billing")
    #expect(waited < .seconds(10), "answered after \(waited): far past the 2 s deadline")

    // Billing is back: the same Identity reaches it again. On a loaded machine the first call
    // may still meet the 2 s deadline (reconnecting, or Billing slow to answer), so the caller
    // tries again as a person would, for up to 60 s; an Identity that never reconnected fails
    // every attempt.
    let secondPort = try SMTPSink.freePort()
    try await self.withBilling(port: secondPort, database: database, jwksFile: jwksFile) {
      proxy.forward(to: secondPort)
      let reply = try await self.registerRetrying(bed: bed, email: "b@example.ru", contract: "8002")
      #expect(reply.login == "vk8002")
    }
  }

  /// Registers, trying again on UNAVAILABLE for up to 60 s as a person would; an Identity that
  /// never reaches Billing fails every attempt and the last error is thrown.
  private func registerRetrying(bed: IdentityTestbed, email: String, contract: String) async throws -> RegisterReply {
    let start = ContinuousClock.now
    let deadline = start + .seconds(60)
    var attempts = 0
    while true {
      attempts += 1
      do {
        let reply = try await bed.registerCompany(email: email, contract: contract)
        print("registration of \(contract) succeeded at attempt \(attempts), after \(ContinuousClock.now - start)")
        return reply
      } catch let error as RPCError where error.code == .unavailable && ContinuousClock.now < deadline {
        try await Task.sleep(for: .milliseconds(250))
      }
    }
  }

  @Test("a service account's token comes from Identity's ServiceToken and is renewed before it expires")
  func serviceAccountToken() async throws {
    try await IdentityTestbed.with(["abonent.identity.accessTokenLifetime": "30s"]) { bed in
      // Identity's clock is the testbed's settable one: keep it with real time, so each token
      // is issued now and lives 30 s from now.
      bed.clock.set(.now)
      let account = try await bed.call(
        IdentityContract.createServiceAccount,
        CreateServiceAccountRequest(name: "telecom", permissions: [BillingPermission.customersVerify.name]),
        token: try await bed.adminToken())
      let settings = ServiceAccountSettings(
        clientID: account.clientID, clientSecret: account.clientSecret,
        identity: ClientSettings(host: "127.0.0.1", port: bed.port))
      let identity = try ServiceClient(
        dependency: "identity", name: "Identity", endpoint: settings.identity, options: ServiceClientOptions(),
        tokens: nil,
        logger: Logger(label: "test"))
      try await withThrowingDiscardingTaskGroup { group in
        group.addTask { try await identity.run() }
        defer { group.cancelAll() }
        // Renewed from half the lifetime on (production: 80 %): 15 s of slack on a loaded machine
        // (12 s lifetimes were too tight inside the full parallel suite on two cores).
        let tokens = RenewingTokenSource.serviceAccount(settings, identity: identity, renewalShare: 0.5)
        let issued = ContinuousClock.now  // the token expires 30 s after this, or later
        bed.clock.set(.now)
        // Twenty calls at once share one token: one ServiceToken call.
        let first = try await withThrowingTaskGroup(of: String.self) { calls in
          for _ in 0..<20 { calls.addTask { try await tokens.token() } }
          return try await calls.reduce(into: Set<String>()) { $0.insert($1) }
        }
        #expect(first.count == 1)
        #expect(await tokens.fetches == 1)

        // Past half of its 30 s: still answered with the valid token, while a new one is fetched.
        try await Task.sleep(until: issued + .milliseconds(15400))
        bed.clock.set(.now)
        #expect(try await tokens.token() == first.first)
        var renewed: String?
        while renewed == nil, ContinuousClock.now < issued + .seconds(30) {
          let token = try await tokens.token()
          if token != first.first { renewed = token } else { try await Task.sleep(for: .milliseconds(20)) }
        }
        #expect(renewed != nil, "no new token before the first expired")
        #expect(await tokens.fetches == 2)
      }
    }
  }
}
