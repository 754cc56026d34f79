import Configuration
import GRPCCore
import NIOPosix
import RPC
import Settings
import TestSupport
import Testing

@testable import Runtime

/// `abonent.grpc.eventLoopThreads`: a server given its own count of I/O threads serves calls
/// on a group of that size, made once per count and kept; an out-of-range count stops the boot.
@Suite("The gRPC endpoint's I/O threads")
struct EventLoopThreadsTests {
  @Test("a server with one I/O thread answers calls; the group is made once and reused")
  func oneThread() async throws {
    let state = FlakyState()
    try await TestServer.with(
      ServiceClientTests.definition(state), settings: ["abonent.grpc.eventLoopThreads": "1"]
    ) { port in
      try await withWireClient(ClientSettings(host: "127.0.0.1", port: port)) { client in
        for _ in 0..<3 { _ = try? await client.call(FlakyContract.call, Blob(data: "one-thread")) }
      }
    }
    #expect(state.count("one-thread") == 3)
    let group = EventLoopGroups.shared(threads: 1)
    #expect(group === EventLoopGroups.shared(threads: 1))
    #expect(Array(group.makeIterator()).count == 1)
    #expect(EventLoopGroups.shared(threads: 0) === EventLoopGroups.shared(threads: 0))
  }

  @Test("a count outside 0–256 is refused with the variable's name")
  func range() {
    let key = AbsoluteConfigKey(["abonent", "grpc", "eventLoopThreads"])
    let reader = SettingsReader(
      ConfigReader(provider: InMemoryProvider(values: [key: .init(.string("257"), isSecret: false)])))
    let error = #expect(throws: ConfigurationError.self) { _ = try GRPCSettings(reader, defaultPort: 0) }
    #expect(error?.description.contains("ABONENT_GRPC_EVENT_LOOP_THREADS") == true)
  }
}
