import GRPCCore
import Logging
import Prometheus
import RPC
import Runtime
import Synchronization
import TestSupport
import Testing
import WireCodec

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// A service that answers UNAVAILABLE to the first two calls for each key (to every call for
/// keys starting `always`), then OK, and counts every call it saw; and one that says whose
/// token a call carried.
enum FlakyContract {
  static let service = "abonent.test.Flaky"
  static let call = UnaryMethod<Blob, Blob>(
    service: service, name: "Call", access: .public, doc: "UNAVAILABLE twice per key, then OK")
  static let whoami = UnaryMethod<DescribeRequest, WhoamiReply>(
    service: service, name: "Whoami", access: .authenticated, doc: "Echoes the caller")
  static let contract = ServiceContract(
    name: service, doc: "Test service for the long-lived client", methods: [call, whoami])
}

final class FlakyState: Sendable {
  let calls = Mutex<[String: Int]>([:])

  func count(_ key: String) -> Int { self.calls.withLock { $0[key] ?? 0 } }
}

struct FlakyService: RegistrableRPCService {
  let state: FlakyState

  func registerMethods<Transport: ServerTransport>(with router: inout RPCRouter<Transport>) {
    router.register(FlakyContract.call) { [state] request, _ in
      let seen = state.calls.withLock { calls in
        calls[request.data, default: 0] += 1
        return calls[request.data, default: 0]
      }
      guard seen > 2, !request.data.hasPrefix("always") else { throw PlatformError.unavailable("The test backend") }
      return Blob(data: "answered on call \(seen)")
    }
    router.register(FlakyContract.whoami) { _, _ in
      let caller = try Caller.authenticated()
      return WhoamiReply(
        userID: caller.userID, organizationID: caller.organizationID, permissions: caller.permissions.sorted())
    }
  }
}

final class FetchCount: Sendable {
  let value = Atomic<Int>(0)
}

@Suite("The long-lived client for a dependency")
struct ServiceClientTests {
  static func definition(_ state: FlakyState) -> ServiceDefinition {
    ServiceDefinition(name: "flaky", defaultPort: 0, contracts: [FlakyContract.contract], migrations: nil) { _ in
      [FlakyService(state: state)]
    }
  }

  /// A running client for the server on `port`, for the duration of `body`.
  func withClient(
    port: Int, options: ServiceClientOptions = ServiceClientOptions(), tokens: (any ServiceTokenSource)? = nil,
    registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry(),
    _ body: @Sendable (ServiceClient) async throws -> Void
  ) async throws {
    let client = try ServiceClient(
      dependency: "flaky", name: "The flaky service", endpoint: ClientSettings(host: "127.0.0.1", port: port),
      options: options,
      tokens: tokens, metrics: registry, logger: Logger(label: "test"))
    try await withThrowingDiscardingTaskGroup { group in
      group.addTask { try await client.run() }
      defer { group.cancelAll() }
      try await body(client)
    }
  }

  @Test(
    "an idempotent call is retried after UNAVAILABLE and succeeds on the third attempt; a call not marked idempotent is made once; each attempt is on /metrics"
  )
  func retries() async throws {
    let state = FlakyState()
    let registry = PrometheusCollectorRegistry()
    try await TestServer.with(Self.definition(state)) { port in
      // A generous deadline: the suite shares two cores, and this proves retries, not speed.
      try await self.withClient(
        port: port, options: ServiceClientOptions(deadline: .seconds(30), maxAttempts: 3), registry: registry
      ) { client in
        let reply = try await client.call(FlakyContract.call, Blob(data: "idempotent"), idempotent: true)
        #expect(reply.data == "answered on call 3")
        #expect(state.count("idempotent") == 3)

        do {
          _ = try await client.call(FlakyContract.call, Blob(data: "once"))
          Issue.record("expected UNAVAILABLE")
        } catch let error as PlatformError {
          #expect(error.code == .unavailable && error.reason == "DEPENDENCY_UNAVAILABLE")
          #expect(error.message.contains("The flaky service"))
        }
        #expect(state.count("once") == 1)
      }
    }
    var buffer: [UInt8] = []
    registry.emit(into: &buffer)
    let text = String(decoding: buffer, as: UTF8.self)
    #expect(
      text.contains(
        #"abonent_rpc_client_requests_total{service="flaky",method="abonent.test.Flaky/Call",code="unavailable"} 3"#))
    #expect(
      text.contains(#"abonent_rpc_client_requests_total{service="flaky",method="abonent.test.Flaky/Call",code="OK"} 1"#)
    )
    #expect(
      text.contains(
        #"abonent_rpc_client_request_duration_seconds_count{service="flaky",method="abonent.test.Flaky/Call"} 4"#))
  }

  @Test("retries stop at the deadline: an idempotent call to a backend that is always UNAVAILABLE ends by then")
  func retriesRespectTheDeadline() async throws {
    let state = FlakyState()
    try await TestServer.with(Self.definition(state)) { port in
      let options = ServiceClientOptions(
        deadline: .seconds(1), maxAttempts: 10, retryInitialBackoff: .milliseconds(200), retryMaxBackoff: .seconds(1))
      try await self.withClient(port: port, options: options) { client in
        // Warm the connection, so the deadline is spent on retries, not on connecting.
        _ = try? await client.call(FlakyContract.call, Blob(data: "warm-up"))
        let start = ContinuousClock.now
        await #expect(throws: PlatformError.self) {
          _ = try await client.call(FlakyContract.call, Blob(data: "always"), idempotent: true)
        }
        // Ten attempts would need pauses of up to 0.2 + 0.4 + 0.8 + 1 × 6 s between them: the
        // 1 s deadline ends the call long before (slack for a loaded machine).
        #expect(ContinuousClock.now - start < .seconds(6))
        #expect(state.count("always") < 10)
      }
    }
  }

  @Test("calls carry the token source's token; twenty calls at once fetch it once, and it is renewed before it expires")
  func tokens() async throws {
    let fetches = FetchCount()
    // Tokens live 30 s and are renewed from half their lifetime on (production: 80 %), so a
    // loaded machine has 15 s of slack between renewal and expiry (12 s lifetimes were not
    // enough inside the full parallel suite on two cores).
    let source = RenewingTokenSource(renewalShare: 0.5, logger: Logger(label: "test")) {
      let n = fetches.value.add(1, ordering: .relaxed).newValue
      let token = try await TestTokens.make(
        audience: "abonent-flaky", permissions: [], userID: "svc-\(n)", organizationID: nil, expiresIn: 30,
        kind: .service)
      return IssuedToken(token: token, expiresAt: Date().addingTimeInterval(30))
    }
    try await TestServer.with(Self.definition(FlakyState())) { port in
      try await self.withClient(port: port, tokens: source) { client in
        let start = ContinuousClock.now
        let callers = try await withThrowingTaskGroup(of: String.self) { group in
          for _ in 0..<20 { group.addTask { try await client.call(FlakyContract.whoami, DescribeRequest()).userID } }
          return try await group.reduce(into: Set<String>()) { $0.insert($1) }
        }
        #expect(callers == ["svc-1"])
        #expect(fetches.value.load(ordering: .relaxed) == 1)

        // At 15.2 s of 30: past half, the call still goes with the first token and starts a renewal.
        try await Task.sleep(until: start + .milliseconds(15200))
        _ = try await client.call(FlakyContract.whoami, DescribeRequest())
        var renewedBy: ContinuousClock.Instant?
        while renewedBy == nil, ContinuousClock.now < start + .seconds(45) {
          if try await client.call(FlakyContract.whoami, DescribeRequest()).userID == "svc-2" { renewedBy = .now }
          try await Task.sleep(for: .milliseconds(20))
        }
        let renewed = try #require(renewedBy)
        #expect(renewed < start + .seconds(30), "the new token arrived only after the first had expired")
        #expect(fetches.value.load(ordering: .relaxed) == 2)
      }
    }
  }
}
