import BillingAPI
import BillingService
import GRPCCore
import Logging
import PostgresNIO
import RPC
import Runtime
import Storage
import TestSupport
import Testing
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
  /// Billing's clock: tests walk it through days and months.
  var clock: SettableWallClock?
  /// Where Billing's mail goes, when the test asked for it.
  var sink: SMTPSink?
  /// The admin HTTP port on 127.0.0.1 (/metrics, /health), when the test asked for a clock.
  var adminPort: Int?

  /// What an operator administrator's token carries: every Billing permission but the
  /// event feed's.
  static let allPermissions = BillingPermission.all.filter { $0 != BillingPermission.eventsRead }

  static func with(_ body: @Sendable (BillingTestbed) async throws -> Void) async throws {
    try await TestDatabase.with { database in
      var settings = TestDatabase.serverSettings(database)
      settings["abonent.log.level"] = "error"
      try await TestServer.with(BillingService.definition, settings: settings) { port in
        try await body(BillingTestbed(port: port, database: database))
      }
    }
  }

  /// Billing with a settable clock starting at `start`, mail going to a real SMTP sink, the
  /// job runner polling every 50 ms, and `gateway` charging cards.
  static func with(
    clockAt start: UTCTimestamp, gateway: (any PaymentGateway)? = nil, settings extra: [String: String] = [:],
    _ body: @Sendable (BillingTestbed) async throws -> Void
  ) async throws {
    let clock = SettableWallClock(start)
    let sink = try SMTPSink()
    try await sink.start()
    defer { sink.stop() }
    try await TestDatabase.with { database in
      var settings = TestDatabase.serverSettings(database)
      settings["abonent.log.level"] = "error"
      settings["abonent.smtp.host"] = "127.0.0.1"
      settings["abonent.smtp.port"] = "\(sink.port)"
      settings["abonent.smtp.tls"] = "none"
      settings["abonent.smtp.from"] = "billing@abonent.test"
      settings["abonent.smtp.pollInterval"] = "50ms"
      settings["abonent.jobs.pollInterval"] = "50ms"
      settings.merge(extra) { _, new in new }
      try await TestServer.withAddresses(BillingService.definition(gateway: gateway), settings: settings, clock: clock)
      { addresses in
        try await body(
          BillingTestbed(
            port: addresses.grpcPort, database: database, clock: clock, sink: sink, adminPort: addresses.adminPort))
      }
    }
  }

  /// Mails that reached the sink for `address`, waiting up to 90 s for at least `count`.
  func mails(to address: String, atLeast count: Int = 1) async throws -> [ReceivedMail] {
    guard let sink = self.sink else { throw BillingTestError("this testbed has no mail sink") }
    let deadline = ContinuousClock.now + .seconds(90)
    while ContinuousClock.now < deadline {
      let mails = try sink.received().filter { $0.rcptTos.contains(address) }
      if mails.count >= count { return mails }
      try await Task.sleep(for: .milliseconds(50))
    }
    throw BillingTestError("fewer than \(count) mails to \(address) arrived")
  }

  /// The first mail to `address` whose subject contains `subject`, waiting up to 90 s for it.
  func mail(to address: String, subject: String) async throws -> ReceivedMail {
    guard let sink = self.sink else { throw BillingTestError("this testbed has no mail sink") }
    return try await self.eventually("a mail to \(address) about «\(subject)»") {
      try sink.received().first { $0.rcptTos.contains(address) && $0.subject.contains(subject) }
    }
  }

  /// Polls `probe` every 50 ms until it returns a value, for at most `limit`: for effects of
  /// background jobs (a nightly cycle on a loaded two-core machine can take tens of seconds).
  func eventually<Value: Sendable>(
    _ what: String, limit: Duration = .seconds(90), _ probe: @Sendable () async throws -> Value?
  ) async throws -> Value {
    let deadline = ContinuousClock.now + limit
    while ContinuousClock.now < deadline {
      if let value = try await probe() { return value }
      try await Task.sleep(for: .milliseconds(50))
    }
    throw BillingTestError("timed out waiting for \(what)")
  }

  static func staffToken(_ permissions: [Permission] = BillingTestbed.allPermissions) async throws -> String {
    try await TestTokens.make(
      audience: "abonent-billing", permissions: permissions, userID: "staff-1", organizationID: nil, kind: .staff)
  }

  static func customerToken(
    organization: String, permissions: [Permission] = [BillingPermission.customersRead, BillingPermission.accountsRead]
  ) async throws -> String {
    try await TestTokens.make(
      audience: "abonent-billing", permissions: permissions, userID: "user-\(organization.prefix(8))",
      organizationID: organization, kind: .customer)
  }

  /// Runs `body` on a connection of its own to the service's database, as the service's role.
  func sql<Result: Sendable>(_ body: @Sendable @escaping (PostgresConnection) async throws -> Result) async throws
    -> Result
  {
    try await TestDatabase.running(self.database) { database in
      try await database.withConnection(body)
    }
  }

  /// Creates a customer with sensible details; `name`, `contract`, `taxID` and `organization` vary.
  @discardableResult
  func customer(
    _ name: String, contract: String, kind: CustomerKind = .legalEntity, taxID: String = "7707083893",
    organization: String = "",
    country: Country = .russia, email: String = "client@example.ru", token: String? = nil
  ) async throws -> Customer {
    let details = CustomerDetails(
      kind: kind, name: name, taxID: taxID, contractNumber: contract, country: country, region: "Москва",
      agent: "Агент-1",
      manager: "Иванова", tags: ["vip"], email: email, phone: "+7 495 000-00-00", organizationID: organization)
    return try await self.call(
      BillingContract.createCustomer, CreateCustomerRequest(details: details), token: try await self.token(token))
  }

  /// Opens a RUB account for `customer`.
  func account(for customer: Customer, mode: PaymentMode = .prepaid, number: String = "", token: String? = nil)
    async throws -> Account
  {
    try await self.call(
      BillingContract.openAccount,
      OpenAccountRequest(customerID: customer.id, number: number, currency: "RUB", paymentMode: mode),
      token: try await self.token(token))
  }

  /// The account's balance, as staff see it.
  func balance(_ account: Account) async throws -> ExactDecimal {
    try await self.call(
      BillingContract.getAccount, GetAccountRequest(number: account.number), token: try await Self.staffToken()
    ).balance
  }

  /// Charges `amount` to telephony, dated today.
  func charge(_ account: Account, _ amount: String, key: String) async throws {
    _ = try await self.call(
      BillingContract.postCharge,
      PostChargeRequest(
        idempotencyKey: key, accountNumber: account.number, amount: money(amount), serviceCode: "telephony"),
      token: try await Self.staffToken())
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

struct BillingTestError: Error, CustomStringConvertible {
  let description: String
  init(_ description: String) { self.description = description }
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
