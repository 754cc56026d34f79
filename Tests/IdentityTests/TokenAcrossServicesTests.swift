import Foundation
import GRPCCore
import IdentityAPI
import Logging
import RPC
import Storage
import TelecomAPI
import TestSupport
import Testing

@Suite(
  "Identity's tokens in other services",
  .enabled(
    if: TestDatabase.isAvailable && SMTPSink.isAvailable,
    "needs the test PostgreSQL and aiosmtpd (scripts/test.sh provides both)"))
struct TokenAcrossServicesTests {
  /// Runs the real `abonent-telecom` executable with Identity's published keys in a JWKS file.
  func withTelecomProcess(jwksFile: String, database: DatabaseSettings, _ body: (Int) async throws -> Void) async throws
  {
    let binary = URL(fileURLWithPath: try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
      .deletingLastPathComponent().appendingPathComponent("abonent-telecom").path
    try #require(
      FileManager.default.isExecutableFile(atPath: binary), "abonent-telecom is built with the tests: \(binary)")
    let port = try SMTPSink.freePort()
    let process = Process()
    process.executableURL = URL(fileURLWithPath: binary)
    var environment = ProcessInfo.processInfo.environment
    environment["ABONENT_GRPC_PLAINTEXT"] = "true"
    environment["ABONENT_GRPC_PORT"] = "\(port)"
    environment["ABONENT_ADMIN_PORT"] = "0"
    environment["ABONENT_AUTH_JWKS_FILE"] = jwksFile
    environment["ABONENT_DB_PORT"] = "\(database.port)"
    environment["ABONENT_DB_NAME"] = database.database
    environment["ABONENT_DB_TLS"] = "disable"
    environment["ABONENT_LOG_LEVEL"] = "error"
    environment["ABONENT_EVENTS_POLL_INTERVAL"] = "50ms"
    process.environment = environment
    try process.run()
    defer { process.terminate() }
    let deadline = ContinuousClock.now + .seconds(30)
    while true {
      do {
        _ = try await withWireClient(ClientSettings(host: "127.0.0.1", port: port)) {
          try await $0.call(PlatformContract.ping, PingRequest(), timeout: .seconds(2))
        }
        break
      } catch {
        try #require(ContinuousClock.now < deadline && process.isRunning, "abonent-telecom did not come up")
        try await Task.sleep(for: .milliseconds(100))
      }
    }
    try await body(port)
  }

  /// The feed's first event, waiting up to 30 s for it: the call ends as soon as one arrives,
  /// and under the whole suite's load a separate Telecom process took over 3 s to send it.
  func firstEvent(port: Int, token: String) async throws -> FeedEvent? {
    let feed = EventFeedContract(service: "telecom")
    let received = ReceivedEvents()
    do {
      try await withWireClient(ClientSettings(host: "127.0.0.1", port: port, token: token)) { client in
        try await client.subscribe(feed.subscribe, SubscribeEventsRequest(after: 0, types: []), timeout: .seconds(30)) {
          event in
          received.add(event)
          throw CancellationError()  // one is enough
        }
      }
    } catch is CancellationError {
    } catch let error as RPCError where error.code == .cancelled || error.code == .deadlineExceeded {
    }
    return received.first
  }

  @Test(
    "a service account token from Identity is accepted by a separate Telecom process; a customer token lacking the permission is refused; a rotated key is picked up"
  )
  func acrossProcesses() async throws {
    try await IdentityTestbed.with { bed in
      let admin = try await bed.adminToken()
      let account = try await bed.call(
        IdentityContract.createServiceAccount,
        CreateServiceAccountRequest(name: "isp", permissions: [TelecomPermission.eventsRead.name]), token: admin)
      let serviceToken = try await bed.call(
        IdentityContract.serviceToken,
        ServiceTokenRequest(clientID: account.clientID, clientSecret: account.clientSecret))
      let customer = try await bed.registeredCompany(
        email: "t@telecom-client.ru", taxID: "7707083893", contract: "T1", password: "customer pass")

      let jwksFile = FileManager.default.temporaryDirectory.appendingPathComponent("jwks-\(UUID().uuidString).json")
        .path
      defer { try? FileManager.default.removeItem(atPath: jwksFile) }
      try (try await bed.call(IdentityContract.signingKeys, SigningKeysRequest())).jwks.write(
        toFile: jwksFile, atomically: true, encoding: .utf8)

      try await TestDatabase.with { telecomDB in
        try await self.withTelecomProcess(jwksFile: jwksFile, database: telecomDB) { port in
          _ = try await TestDatabase.running(telecomDB) { database in
            try await database.transaction { connection in
              try await EventOutbox.append(
                [OutboxEvent(type: "test.thing.happened", key: "sim-1", payload: [])], on: connection,
                logger: database.logger)
            }
          }
          let event = try await self.firstEvent(port: port, token: serviceToken.accessToken)
          #expect(event?.type == "test.thing.happened")

          let refused = await bed.refusal { _ = try await self.firstEvent(port: port, token: customer.accessToken) }
          #expect(refused?.code == .permissionDenied)
          #expect(refused?.reason == "PERMISSION_DENIED")

          // Rotation: publish the new key set; the old token still works, a new one too.
          let rotated = try await bed.call(IdentityContract.rotateSigningKey, RotateSigningKeyRequest(), token: admin)
          try rotated.jwks.write(toFile: jwksFile, atomically: true, encoding: .utf8)
          let fresh = try await bed.call(
            IdentityContract.serviceToken,
            ServiceTokenRequest(clientID: account.clientID, clientSecret: account.clientSecret))
          #expect(try await self.firstEvent(port: port, token: serviceToken.accessToken)?.type == "test.thing.happened")
          // The verifier reloads the file for an unknown key id at most every 5 s.
          try await Task.sleep(for: .seconds(5))
          #expect(try await self.firstEvent(port: port, token: fresh.accessToken)?.type == "test.thing.happened")
        }
      }
    }
  }
}

final class ReceivedEvents: @unchecked Sendable {
  let lock = NSLock()
  var events: [FeedEvent] = []
  func add(_ event: FeedEvent) { self.lock.withLock { self.events.append(event) } }
  var first: FeedEvent? { self.lock.withLock { self.events.first } }
}
