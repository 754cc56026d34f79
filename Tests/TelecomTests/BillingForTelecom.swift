import BillingAPI
import BillingService
import Foundation
import GRPCCore
import RPC
import TelecomAPI
import TestSupport
import Testing
import WireCodec

/// Polls `probe` every 50 ms until it is true, for at most `limit`; records an issue if it
/// never is. A wait of over 10 s is printed with its length: under the whole suite's load that
/// is where a slow test spends its time (docs/contributing.md, "Known problems").
func eventually(_ what: String, limit: Duration = .seconds(30), _ probe: () async throws -> Bool) async throws {
  let start = ContinuousClock.now
  let deadline = start + limit
  while ContinuousClock.now < deadline {
    if try await probe() {
      let waited = ContinuousClock.now - start
      if waited > .seconds(10) { print("eventually: \(what) after \(waited)") }
      return
    }
    try await Task.sleep(for: .milliseconds(50))
  }
  Issue.record("timed out waiting for \(what)")
}

/// Runs `call`, and again every 250 ms while Telecom answers BILLING_UNAVAILABLE, for up to
/// `limit`: a Telecom started before its Billing (or beside a restarted one) reaches it only
/// once its client has reconnected, which under the whole suite's load can outlast one call's
/// deadline. A refused call changed nothing, so repeating it is safe.
func whileBillingConnects<Result: Sendable>(limit: Duration = .seconds(120), _ call: () async throws -> Result)
  async throws -> Result
{
  let deadline = ContinuousClock.now + limit
  while true {
    do {
      return try await call()
    } catch let error as RPCError where error.reason == "BILLING_UNAVAILABLE" && ContinuousClock.now < deadline {
      try await Task.sleep(for: .milliseconds(250))
    }
  }
}

/// A real Billing for Telecom's tests: its own database, started (and restarted) behind a
/// proxy whose address Telecom keeps, staff's token for it, and the settings that make a Telecom follow its feed
/// and post usage charges to it.
struct BillingForTelecom: Sendable {
  let settings: [String: String]
  /// Where Telecom reaches Billing: a proxy that follows Billing across restarts.
  let proxy: CountingProxy
  let staff: String
  /// What a Telecom needs to reach this Billing: its address and a service token that reads
  /// the feed and posts charges.
  let telecomSettings: [String: String]

  static func with(_ body: @Sendable (BillingForTelecom) async throws -> Void) async throws {
    try await TestDatabase.with { database in
      var settings = TestDatabase.serverSettings(database)
      settings["abonent.log.level"] = "error"
      settings["abonent.events.pollInterval"] = "20ms"
      let service = try await TestTokens.make(
        audience: "abonent-billing",
        permissions: [
          BillingPermission.eventsRead, BillingPermission.chargesPost, BillingPermission.accountsRead,
          BillingPermission.customersRead, BillingPermission.invoicesRead, BillingPermission.subscriptionsManage,
        ],
        userID: "svc-telecom", organizationID: nil, kind: .service)
      let staff = try await TestTokens.make(
        audience: "abonent-billing", permissions: BillingPermission.all, userID: "staff-1", organizationID: nil,
        kind: .staff)
      // Telecom keeps the proxy's address; each start of Billing gets a port of its own,
      // which the proxy is pointed at (a restart never waits for the old port to be free).
      let billingSettings = settings
      try await CountingProxy.with(forwardingTo: 0) { proxy in
        try await body(
          BillingForTelecom(
            settings: billingSettings, proxy: proxy, staff: staff,
            telecomSettings: [
              "abonent.telecom.billingAddress": "127.0.0.1:\(proxy.port)", "abonent.telecom.billingToken": service,
              "abonent.jobs.pollInterval": "50ms",
              // Generous: AssignSims looks accounts up in Billing, and with every suite running at once
              // two calls can take over a second. A call to a stopped Billing fails after its retries,
              // within this deadline.
              "abonent.clients.billing.deadline": "10s",
              // Billing is stopped for a while in some tests: once it is back, the charge poster
              // tries again within 2 s (its production pause grows to a minute, and under the
              // whole suite's load two such pauses outlasted the tests' two-minute wait).
              "abonent.telecom.retryMaxPause": "2s",
            ]))
      }
    }
  }

  /// Runs Billing while `body` runs; called again, it starts it afresh on the same database
  /// (Billing stopped and restarted) behind the same proxy address.
  func running<Result: Sendable>(_ body: @Sendable (TelecomTestbed.Remote) async throws -> Result) async throws
    -> Result
  {
    // Starts and stops slower than 10 s are printed: under the whole suite's load they are
    // where a test's time goes (docs/contributing.md, "Known problems").
    let starting = ContinuousClock.now
    let (result, stopping) = try await TestServer.with(BillingService.definition, settings: self.settings) { port in
      self.proxy.forward(to: port)
      let started = ContinuousClock.now - starting
      if started > .seconds(10) { print("BillingForTelecom: Billing listened after \(started)") }
      return (try await body(TelecomTestbed.Remote(port: port)), ContinuousClock.now)
    }
    let stopped = ContinuousClock.now - stopping
    if stopped > .seconds(10) { print("BillingForTelecom: Billing stopped after \(stopped)") }
    // Billing is stopped: its port is free for any other test's server to take, and a client
    // reconnecting through the proxy would then be joined to that server and keep the
    // connection after this Billing is back (every full run of 2026-12-03 lost billingAway's
    // charges that way: "Billing is unavailable" for minutes). Until the next start, the
    // proxy refuses connections instead.
    self.proxy.forward(to: CountingProxy.nowhere)
    return result
  }

  /// A Russian customer and its account (RUB unless `currency` says otherwise), topped up with
  /// `credit` whole units.
  func account(in billing: TelecomTestbed.Remote, contract: String, credit: Int64 = 0, currency: String = "RUB")
    async throws -> Account
  {
    try await Self.account(in: billing, staff: self.staff, contract: contract, credit: credit, currency: currency)
  }

  static func account(
    in billing: TelecomTestbed.Remote, staff: String, contract: String, credit: Int64 = 0, currency: String = "RUB"
  ) async throws -> Account {
    let details = CustomerDetails(
      kind: .legalEntity, name: "ООО «\(contract)»", taxID: "7707083893", contractNumber: contract, country: .russia,
      region: "Москва", agent: "", manager: "", tags: [], email: "d@example.ru", phone: "", organizationID: "")
    let customer = try await billing.call(
      BillingContract.createCustomer, CreateCustomerRequest(details: details), token: staff)
    let account = try await billing.call(
      BillingContract.openAccount,
      OpenAccountRequest(customerID: customer.id, number: "", currency: currency, paymentMode: .prepaid),
      token: staff)
    if credit > 0 {
      _ = try await billing.call(
        BillingContract.topUp,
        TopUpRequest(
          idempotencyKey: "credit-\(contract)", accountNumber: account.number,
          amount: ExactDecimal(units: credit, scale: 0), comment: "test credit"), token: staff)
    }
    return account
  }

  func balance(of number: String, in billing: TelecomTestbed.Remote) async throws -> ExactDecimal {
    try await billing.call(
      BillingContract.getAccount, GetAccountRequest(accountID: "", number: number), token: self.staff
    ).balance
  }
}
