import Configuration
import GRPCCore
import Logging
import NIOCore
import RPC
public import Runtime
import ServiceLifecycle
import Settings
public import Storage

#if canImport(Glibc)
  import Glibc
#endif

/// Runs an Abonent server in-process on a free loopback port, through the same
/// ``AbonentServer`` code path as the real executables, and stops it afterwards.
public enum TestServer {
  /// Settings every test server gets unless `settings` overrides them.
  public static let baseSettings: [String: String] = [
    "abonent.grpc.port": "0",
    "abonent.admin.port": "0",
    "abonent.grpc.plaintext": "true",
    "abonent.auth.jwksFile": Fixtures.jwks,
    "abonent.log.level": "warning",
  ]

  /// The settings for TLS with the test certificates (and mTLS when `requireClientCertificate`).
  public static func tlsSettings(requireClientCertificate: Bool = false) -> [String: String] {
    var settings = [
      "abonent.grpc.plaintext": "false",
      "abonent.grpc.tls.certificate": Fixtures.serverCertificate,
      "abonent.grpc.tls.privateKey": Fixtures.serverKey,
    ]
    if requireClientCertificate { settings["abonent.grpc.tls.clientCA"] = Fixtures.caCertificate }
    return settings
  }

  /// Starts `definition`, runs `body` with the bound gRPC port, then stops the server.
  public static func with<Result: Sendable>(
    _ definition: ServiceDefinition,
    settings: [String: String] = [:],
    clock: any WallClock = SystemWallClock(),
    body: @Sendable (_ port: Int) async throws -> Result
  ) async throws -> Result {
    try await self.withAddresses(definition, settings: settings, clock: clock) { addresses in
      try await body(addresses.grpcPort)
    }
  }

  /// Starts `definition`, runs `body` with its gRPC and admin addresses, then stops the server.
  ///
  /// A server restarted on the port it had (a test stopping a dependency and bringing it back
  /// where its clients expect it) may find the port still held for a moment by the sockets of
  /// the run before; such a start is tried again for up to 30 s. Any other failure to start,
  /// and anything `body` throws, is thrown at once.
  public static func withAddresses<Result: Sendable>(
    _ definition: ServiceDefinition,
    settings: [String: String] = [:],
    clock: any WallClock = SystemWallClock(),
    body: @Sendable (_ addresses: ListeningAddresses) async throws -> Result
  ) async throws -> Result {
    let fixedPort = Int(settings["abonent.grpc.port"] ?? "0") ?? 0
    let deadline = ContinuousClock.now + .seconds(30)
    var attempts = 0
    while true {
      do {
        return try await self.runOnce(definition, settings: settings, clock: clock, body: body)
      } catch let failure as StartFailure {
        guard fixedPort != 0, failure.isAddressInUse, ContinuousClock.now < deadline else { throw failure.error }
        attempts += 1
        if attempts == 1 { print("test server \(definition.name): port \(fixedPort) is still in use; trying for 30 s") }
        try await Task.sleep(for: .milliseconds(250))
      }
    }
  }

  /// Why a server stopped before it listened (``withAddresses(_:settings:clock:body:)`` may try again).
  struct StartFailure: Error {
    let error: any Error

    /// Whether it is the transport's bind refused with EADDRINUSE (a RuntimeError whose cause is
    /// NIO's IOError, as grpc-swift reports a failed bind).
    var isAddressInUse: Bool {
      let cause = (self.error as? RuntimeError)?.cause ?? (self.error as? RPCError)?.cause ?? self.error
      return (cause as? IOError)?.errnoCode == EADDRINUSE
    }
  }

  static func runOnce<Result: Sendable>(
    _ definition: ServiceDefinition,
    settings: [String: String],
    clock: any WallClock,
    body: @Sendable (_ addresses: ListeningAddresses) async throws -> Result
  ) async throws -> Result {
    var values: [AbsoluteConfigKey: ConfigValue] = [:]
    for (key, value) in baseSettings.merging(settings, uniquingKeysWith: { _, new in new }) {
      values[AbsoluteConfigKey(key.split(separator: ".").map(String.init))] = .init(.string(value), isSecret: false)
    }
    let server = AbonentServer(
      definition, config: ConfigReader(provider: InMemoryProvider(values: values)), clock: clock)
    let (addresses, continuation) = AsyncStream.makeStream(of: ListeningAddresses.self)
    // The server runs in a group of its own, so the harness stops it the way SIGTERM does: a
    // graceful shutdown in dependency order (RPCs drain, workers finish, the pool closes
    // last). Cancelling it instead stops everything at once, and a worker may then wait on a
    // pool that is already gone.
    let runner = ServiceGroup(
      configuration: ServiceGroupConfiguration(
        services: [
          .init(
            service: ServerRunner(
              server: server, onListening: { continuation.yield($0) }, finished: { continuation.finish() }))
        ],
        logger: Logger(label: "abonent.test-server")))
    // An unstructured task, so that a server which never finishes stopping cannot hold the test
    // (see ``stop(_:_:name:address:)``); the run's outcome is read from `serverTask` once done.
    let (stopped, stoppedContinuation) = AsyncStream.makeStream(of: Never.self)
    let serverTask = Task {
      defer { stoppedContinuation.finish() }
      try await runner.run()
    }
    var iterator = addresses.makeAsyncIterator()
    guard let address = await iterator.next() else {
      // The server stopped before listening: surface its error.
      do { try await serverTask.value } catch { throw StartFailure(error: error) }
      throw ConfigurationError(message: "test server stopped before listening")
    }
    let result: Result
    do {
      result = try await body(address)
    } catch {
      _ = await Self.stop(runner, stopped, name: definition.name, address: address.grpc)
      throw error
    }
    // A server that failed while it ran or stopped fails the test with its error.
    if await Self.stop(runner, stopped, name: definition.name, address: address.grpc) { try await serverTask.value }
    return result
  }

  /// How long a stopping server is waited for: its gRPC grace period (30 s) and the workers'
  /// stop, with room for a loaded machine.
  static let stopLimit = Duration.seconds(120)

  /// Stops the server the way SIGTERM does and waits for it, for at most ``stopLimit``. A server
  /// that has not finished by then is left running, said loudly (the test's outcome stands):
  /// twice on 2026-12-03 a few of the suite's servers never finished stopping after their
  /// listeners, pools and mail had closed, and the whole run waited until CI's limit. Which
  /// part does not end is not found yet (docs/contributing.md, "Known problems").
  /// Returns whether it stopped.
  static func stop(_ runner: ServiceGroup, _ stopped: AsyncStream<Never>, name: String, address: String) async -> Bool {
    await runner.triggerGracefulShutdown()
    let limit = Task {
      try await Task.sleep(for: Self.stopLimit)
      print("test server \(name) on \(address) did not stop within \(Self.stopLimit); left running")
    }
    let waiting = Task { for await _ in stopped {} }
    // Whichever comes first: the server's end, or the limit.
    return await withTaskGroup(of: Bool.self) { race in
      race.addTask {
        _ = await limit.result
        return false
      }
      race.addTask {
        await waiting.value
        return true
      }
      let first = await race.next() ?? false
      limit.cancel()
      waiting.cancel()
      return first
    }
  }
}

/// An ``AbonentServer`` as a service of the harness's group.
struct ServerRunner: Service {
  let server: AbonentServer
  let onListening: @Sendable (ListeningAddresses) -> Void
  let finished: @Sendable () -> Void

  func run() async throws {
    defer { self.finished() }
    try await self.server.run(onListening: self.onListening)
  }
}
