import Foundation
import Logging
import PostgresNIO
import RPC
import Runtime
import Storage
import TelecomAPI
import TelecomRules
import TelecomService
import TestSupport
import Testing
import WireCodec

/// A running Telecom server on a fresh database, its subscriber register a real osmo-hlr of
/// the test's own; calls go over real gRPC on loopback.
struct TelecomTestbed: RunningServer {
  let port: Int
  let database: DatabaseSettings
  let hlr: PrivateOsmoHLR
  /// The admin HTTP port on 127.0.0.1 (/metrics, /health).
  let adminPort: Int

  static func with(
    settings extra: [String: String] = [:], clock: any WallClock = SystemWallClock(),
    _ body: @Sendable (TelecomTestbed) async throws -> Void
  ) async throws {
    let hlr = try await PrivateOsmoHLR.start()
    do {
      try await TestDatabase.with { database in
        var settings = TestDatabase.serverSettings(database)
        settings["abonent.log.level"] = "error"
        settings["abonent.telecom.hlrHost"] = hlr.host
        settings["abonent.telecom.hlrCtrlPort"] = "\(hlr.ctrlPort)"
        settings["abonent.telecom.simulatorLatency"] = "1ms"
        settings["abonent.jobs.pollInterval"] = "50ms"
        settings.merge(extra) { _, new in new }
        try await TestServer.withAddresses(TelecomService.definition, settings: settings, clock: clock) { addresses in
          try await body(
            TelecomTestbed(port: addresses.grpcPort, database: database, hlr: hlr, adminPort: addresses.adminPort))
        }
      }
    } catch {
      await hlr.remove()
      throw error
    }
    await hlr.remove()
  }

  static let staffPermissions = TelecomPermission.all.filter { $0 != TelecomPermission.eventsRead }

  static func staffToken(_ permissions: [Permission] = staffPermissions) async throws -> String {
    try await TestTokens.make(
      audience: "abonent-telecom", permissions: permissions, userID: "staff-1", organizationID: nil, kind: .staff)
  }

  static func customerToken(organization: String, permissions: [Permission]) async throws -> String {
    try await TestTokens.make(
      audience: "abonent-telecom", permissions: permissions, userID: "user-\(organization.prefix(8))",
      organizationID: organization, kind: .customer)
  }

  /// A valid ICCID of 20 digits ending in `serial` (its check digit worked out).
  static func iccid(_ serial: Int) -> String {
    let body = "8970199" + String(format: "%012d", serial)
    let digits = body.map { Int(String($0)) ?? 0 }
    return body + String(ICCID.luhnDigit(of: digits))
  }

  static func imsi(_ serial: Int) -> String { "25001" + String(format: "%010d", serial) }
  static func msisdn(_ serial: Int) -> String { "7900" + String(format: "%07d", serial) }

  /// Imports SIMs `serials` (TC for even, TD for odd) and returns their ICCIDs.
  @discardableResult
  func importSims(_ serials: ClosedRange<Int>) async throws -> [String] {
    let lines = serials.map { "\(Self.iccid($0)),\(Self.msisdn($0)),\(Self.imsi($0)),\($0 % 2 == 0 ? "TC" : "TD")" }
    let reply = try await self.call(
      TelecomContract.importSims, ImportSimsRequest(csv: lines.joined(separator: "\n"), apn: ""),
      token: try await Self.staffToken(), timeout: .seconds(120))
    #expect(reply.errors.isEmpty, "\(reply.errors)")
    return serials.map(Self.iccid)
  }

  /// Puts `iccids` on account `account` of organization `organization`.
  func assign(_ iccids: [String], account: String, organization: String) async throws {
    _ = try await self.call(
      TelecomContract.assignSims,
      AssignSimsRequest(
        iccids: iccids, accountNumber: account, customerName: "ООО «\(account)»",
        organizationID: organization),
      token: try await Self.staffToken(), timeout: .seconds(120))
  }
}

extension TelecomTestbed {
  /// Another server of the test's (Billing), called over real gRPC like Telecom itself.
  struct Remote: RunningServer {
    let port: Int
  }
}
