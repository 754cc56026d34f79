import Foundation
import GRPCCore
import IdentityAPI
import IdentityService
import RPC
import Storage
import TestSupport
import Testing
import WireCodec

/// A running Identity server on a fresh database, delivering its mail to a real SMTP server
/// (aiosmtpd) on loopback.
struct IdentityTestbed: RunningServer {
  let port: Int
  let sink: SMTPSink
  /// Identity's clock: tests move it to pass resend intervals, lockouts and expiries.
  let clock: SettableWallClock
  let databaseSettings: [String: String]

  static let adminPassword = "operator-admin-password"
  /// Test-only: 32 zero bytes sealing the signing keys.
  static let keyEncryptionKey = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="

  static func settings(sink: SMTPSink, database: [String: String], extra: [String: String]) -> [String: String] {
    var settings = database
    settings["abonent.smtp.host"] = "127.0.0.1"
    settings["abonent.smtp.port"] = "\(sink.port)"
    settings["abonent.smtp.tls"] = "none"
    settings["abonent.smtp.from"] = "noreply@abonent.test"
    settings["abonent.smtp.pollInterval"] = "50ms"
    settings["abonent.identity.keyEncryptionKey"] = Self.keyEncryptionKey
    settings["abonent.identity.scryptLog2N"] = "10"
    settings["abonent.identity.adminPassword"] = Self.adminPassword
    settings["abonent.log.level"] = "error"
    return settings.merging(extra) { _, new in new }
  }

  /// Runs `body` against a fresh Identity; `extra` overrides settings.
  static func with(_ extra: [String: String] = [:], _ body: @Sendable (IdentityTestbed) async throws -> Void)
    async throws
  {
    let clock = SettableWallClock(.now)
    let sink = try SMTPSink()
    try await sink.start()
    defer { sink.stop() }
    try await TestDatabase.with { database in
      let databaseSettings = TestDatabase.serverSettings(database)
      let settings = Self.settings(sink: sink, database: databaseSettings, extra: extra)
      try await TestServer.with(IdentityService.definition, settings: settings, clock: clock) { port in
        try await body(IdentityTestbed(port: port, sink: sink, clock: clock, databaseSettings: databaseSettings))
      }
    }
  }

  /// Registers a company with valid details, returning the reply.
  func registerCompany(
    email: String = "buh@vodokanal-client.ru", taxID: String = "7707083893", contract: String = "123",
    password: String = "correct horse 1"
  ) async throws -> RegisterReply {
    try await self.call(
      IdentityContract.registerCompany,
      RegisterCompanyRequest(
        companyName: "ООО «Ромашка»", email: email, taxID: taxID, contractNumber: contract, invoicesByEmail: true,
        password: password, passwordConfirmation: password, language: .russian))
  }

  /// The newest mail to `address` that arrived at the sink (waiting for it).
  func mail(to address: String, count: Int = 1) async throws -> ReceivedMail {
    let deadline = ContinuousClock.now + .seconds(20)
    while ContinuousClock.now < deadline {
      let mails = try self.sink.received().filter { $0.rcptTos.contains(address) }
      if mails.count >= count, let last = mails.last { return last }
      try await Task.sleep(for: .milliseconds(50))
    }
    throw TestbedError("no mail number \(count) to \(address) arrived")
  }

  /// Registers, reads the confirmation mail, confirms, and signs in.
  func registeredCompany(email: String, taxID: String, contract: String, password: String) async throws -> TokenPair {
    let registered = try await self.registerCompany(email: email, taxID: taxID, contract: contract, password: password)
    let code = try Self.field(after: "подтверждения регистрации: ", in: try await self.mail(to: email).text)
    _ = try await self.call(
      IdentityContract.confirmRegistration, ConfirmRegistrationRequest(userID: registered.userID, code: code))
    return try await self.call(
      IdentityContract.signIn,
      SignInRequest(login: registered.login, password: password, rememberMe: false, device: "test"))
  }

  /// The word after `marker` in a mail body.
  static func field(after marker: String, in text: String) throws -> String {
    guard let range = text.range(of: marker) else { throw TestbedError("'\(marker)' is not in the mail:\n\(text)") }
    return String(text[range.upperBound...].prefix { !$0.isWhitespace })
  }

  func adminToken() async throws -> String {
    try await self.call(
      IdentityContract.signIn,
      SignInRequest(login: "admin", password: Self.adminPassword, rememberMe: false, device: "test")
    )
    .accessToken
  }
}

struct TestbedError: Error, CustomStringConvertible {
  let description: String
  init(_ description: String) { self.description = description }
}
