import BillingAPI
import BillingService
import Foundation
import RPC
import Runtime
import Storage
import TestSupport
import Testing
import UtilitiesAPI
import UtilitiesService
import WireCodec

/// A running Utilities on a fresh database with a settable clock, beside a real Billing on a
/// database of its own (over real gRPC, with a service token like a deployment's), and mail
/// going to a real SMTP sink.
struct UtilitiesTestbed: RunningServer {
  let port: Int
  let billing: BillingServer
  let clock: SettableWallClock
  let sink: SMTPSink
  /// Utilities' settings, for a second replica on the same database.
  let settings: [String: String]
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
    clockAt start: UTCTimestamp, settings extra: [String: String] = [:],
    _ body: @Sendable (UtilitiesTestbed) async throws -> Void
  ) async throws {
    let clock = SettableWallClock(start)
    let sink = try SMTPSink()
    try await sink.start()
    defer { sink.stop() }
    try await TestDatabase.with { billingDatabase in
      var billingSettings = TestDatabase.serverSettings(billingDatabase)
      billingSettings["abonent.log.level"] = "error"
      try await TestServer.with(BillingService.definition, settings: billingSettings) { billingPort in
        let billingStaff = try await TestTokens.make(
          audience: "abonent-billing", permissions: BillingPermission.all, userID: "staff-1", organizationID: nil,
          kind: .staff)
        let service = try await TestTokens.make(
          audience: "abonent-billing",
          permissions: [
            BillingPermission.accountsRead, BillingPermission.customersRead, BillingPermission.invoicesRead,
            BillingPermission.chargesPost,
          ], userID: "svc-utilities", organizationID: nil, kind: .service)
        try await TestDatabase.with { database in
          var settings = TestDatabase.serverSettings(database)
          settings["abonent.log.level"] = "error"
          settings["abonent.utilities.billingAddress"] = "127.0.0.1:\(billingPort)"
          settings["abonent.utilities.billingToken"] = service
          settings["abonent.utilities.postInterval"] = "200ms"
          settings["abonent.clients.billing.deadline"] = "20s"
          settings["abonent.smtp.host"] = "127.0.0.1"
          settings["abonent.smtp.port"] = "\(sink.port)"
          settings["abonent.smtp.tls"] = "none"
          settings["abonent.smtp.from"] = "utilities@abonent.test"
          settings["abonent.smtp.pollInterval"] = "50ms"
          settings.merge(extra) { _, new in new }
          let utilitiesSettings = settings
          try await TestServer.withAddresses(UtilitiesService.definition, settings: settings, clock: clock) {
            addresses in
            try await body(
              UtilitiesTestbed(
                port: addresses.grpcPort,
                billing: BillingServer(port: billingPort, staff: billingStaff, database: billingDatabase),
                clock: clock, sink: sink, settings: utilitiesSettings, adminPort: addresses.adminPort))
          }
        }
      }
    }
  }

  /// A second Utilities on the same database and clock (another replica), while `body` runs.
  func withReplica(_ body: @Sendable (Int) async throws -> Void) async throws {
    try await TestServer.with(UtilitiesService.definition, settings: self.settings, clock: self.clock, body: body)
  }

  static let staffPermissions = UtilitiesPermission.all.filter { $0 != UtilitiesPermission.eventsRead }

  static func staffToken(_ permissions: [Permission] = staffPermissions) async throws -> String {
    try await TestTokens.make(
      audience: "abonent-utilities", permissions: permissions, userID: "staff-1", organizationID: nil, kind: .staff)
  }

  /// A customer user of `organization` with the cabinet's permissions.
  static func customerToken(organization: String) async throws -> String {
    try await TestTokens.make(
      audience: "abonent-utilities",
      permissions: [
        UtilitiesPermission.metersRead, UtilitiesPermission.readingsSubmit, UtilitiesPermission.chargesRead,
        UtilitiesPermission.noticesManage,
      ], userID: "user-\(organization.prefix(8))", organizationID: organization, kind: .customer)
  }

  /// A Kazakh legal entity in Billing with KZT accounts `accounts`, and those accounts opened
  /// here in tariff group 3 with their recipients.
  @discardableResult
  func contract(_ number: String, payer: String, accounts: [String], organization: String = UUID().uuidString)
    async throws -> [UtilityAccount]
  {
    let details = CustomerDetails(
      kind: .legalEntity, name: payer, taxID: "180340021791", contractNumber: number, country: .kazakhstan,
      region: "Алматы", agent: "", manager: "", tags: [], email: "payer@example.kz", phone: "",
      organizationID: organization.lowercased())
    let customer = try await self.billing.call(
      BillingContract.createCustomer, CreateCustomerRequest(details: details), token: self.billing.staff)
    var opened: [UtilityAccount] = []
    for account in accounts {
      _ = try await self.billing.call(
        BillingContract.openAccount,
        OpenAccountRequest(customerID: customer.id, number: account, currency: "KZT", paymentMode: .postpaid),
        token: self.billing.staff)
      opened.append(
        try await self.call(
          UtilitiesContract.createAccount,
          CreateAccountRequest(
            accountNumber: account, tariffGroup: 3, waterRecipient: "ГКП «Водоканал»",
            sewerRecipient: "ГКП «Водоотведение»"), token: try await Self.staffToken()))
    }
    return opened
  }

  /// The seed's tariffs of group 3 (197.02 water, 204.5 sewer) from 2025-01-01.
  func seedTariffs() async throws {
    for (service, price) in [(UtilityService.water, "197.02"), (.sewer, "204.5")] {
      _ = try await self.call(
        UtilitiesContract.setTariff,
        SetTariffRequest(
          tariffGroup: 3, service: service, validFrom: .day(2025, 1, 1), price: ExactDecimal(price)!,
          reason: "Приказ ДКРЕМ"), token: try await Self.staffToken())
    }
  }

  @discardableResult
  func meter(
    _ account: String, water: WaterKind = .cold, factory: String = "12223773", digits: Int32 = 8,
    decimals: Int32 = 3, initial: String = "0", installedOn: CalendarDate = .day(2025, 11, 1), heat: Bool = false
  ) async throws -> Meter {
    try await self.call(
      UtilitiesContract.addMeter,
      AddMeterRequest(
        accountNumber: account, water: water, factoryNumber: factory, verifiedOn: .day(2023, 9, 10),
        installedOn: installedOn, digits: digits, decimals: decimals, heatMeter: heat, initialReading: initial,
        reason: "установка"), token: try await Self.staffToken())
  }

  func submit(
    _ account: String, _ readings: [(Meter, String)], confirmed: Bool = false, token: String? = nil
  ) async throws -> SubmitReadingsReply {
    try await self.call(
      UtilitiesContract.submitReadings,
      SubmitReadingsRequest(
        accountNumber: account, readings: readings.map { MeterReadingInput(meterID: $0.0.id, value: $0.1) },
        confirmedPartial: confirmed, source: .site),
      token: try await self.token(token))
  }

  func token(_ given: String?) async throws -> String {
    if let given { return given }
    return try await Self.staffToken()
  }

  /// The clock at noon of `day` in Almaty.
  func setDay(_ day: CalendarDate) {
    self.clock.set(
      UTCTimestamp(microsecondsSinceEpoch: (Int64(day.daysSinceEpoch) * 86_400 + 7 * 3600) * 1_000_000))
  }
}

extension CalendarDate {
  static func day(_ year: Int, _ month: Int, _ day: Int) -> CalendarDate {
    guard let date = CalendarDate(year: year, month: month, day: day) else { fatalError("no such day") }
    return date
  }
}

extension UTCTimestamp {
  /// Noon in Almaty (07:00 UTC) of the day.
  static func almatyNoon(_ year: Int, _ month: Int, _ day: Int) -> UTCTimestamp {
    UTCTimestamp(
      microsecondsSinceEpoch: (Int64(CalendarDate.day(year, month, day).daysSinceEpoch) * 86_400 + 7 * 3600)
        * 1_000_000)
  }
}

func tenge(_ text: String) -> ExactDecimal {
  guard let value = ExactDecimal(text) else { fatalError("not a decimal: \(text)") }
  return value
}
