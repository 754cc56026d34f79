import GRPCCore
import RPC
import Runtime
import Synchronization
import TestSupport
import Testing
import WireCodec

@Suite("Errors reach callers as documented statuses")
struct ErrorMappingTests {
  func client<R: Sendable>(_ port: Int, _ body: (WireClient) async throws -> R) async throws -> R {
    try await withWireClient(ClientSettings(host: "127.0.0.1", port: port), body: body)
  }

  @Test(
    "a body that does not decode: INVALID_ARGUMENT, MALFORMED_MESSAGE",
    arguments: [
      [0x0F] as [UInt8],  // kind 7
      [0x0A, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x41],  // length 2^32-1 with one byte behind it
      [0x0A, 0x02, 0xC3, 0x28],  // invalid UTF-8 in a string field
    ])
  func malformedBody(bytes: [UInt8]) async throws {
    try await TestServer.with(.probe()) { port in
      try await self.client(port) { client in
        let error = await #expect(throws: RPCError.self) {
          try await client.callRaw(service: ProbeContract.service, method: "Echo", request: bytes)
        }
        #expect(error?.code == .invalidArgument)
        #expect(error?.reason == "MALFORMED_MESSAGE")
        // The service is still fine afterwards.
        let echo = try await client.call(ProbeContract.echo, Blob(data: "ok"))
        #expect(echo.data == "ok")
      }
    }
  }

  @Test("a body over the configured size: RESOURCE_EXHAUSTED")
  func oversizedBody() async throws {
    try await TestServer.with(.probe(), settings: ["abonent.grpc.maxRequestBytes": "65536"]) { port in
      try await self.client(port) { client in
        let error = await #expect(throws: RPCError.self) {
          try await client.call(ProbeContract.echo, Blob(data: String(repeating: "x", count: 70_000)))
        }
        #expect(error?.code == .resourceExhausted)
        #expect(error?.reason == "MESSAGE_TOO_LARGE")
        // Far over the limit the transport resets the stream before buffering the body.
        let huge = await #expect(throws: RPCError.self) {
          try await client.call(ProbeContract.echo, Blob(data: String(repeating: "z", count: 200_000)))
        }
        #expect(huge != nil)
        let fits = try await client.call(ProbeContract.echo, Blob(data: String(repeating: "y", count: 60_000)))
        #expect(fits.data.count == 60_000)
      }
    }
  }

  @Test("a domain error keeps its code and reason")
  func domainError() async throws {
    try await TestServer.with(.probe()) { port in
      try await self.client(port) { client in
        let error = await #expect(throws: RPCError.self) { try await client.call(ProbeContract.failDomain, Blob()) }
        #expect(error?.code == .notFound)
        #expect(error?.reason == "PROBE_NOT_FOUND")
        #expect(error?.message == "There is no such probe.")
      }
    }
  }

  @Test("an unexpected error: INTERNAL, with no SQL or internal text")
  func unexpectedError() async throws {
    try await TestServer.with(.probe()) { port in
      try await self.client(port) { client in
        let error = await #expect(throws: RPCError.self) { try await client.call(ProbeContract.failUnexpected, Blob()) }
        #expect(error?.code == .internalError, "\(String(describing: error))")
        #expect(error?.reason == "INTERNAL")
        #expect(error?.message.contains("SELECT") == false)
        #expect(error?.message.contains("secrets") == false)
      }
    }
  }

  @Test("an unknown method: UNIMPLEMENTED")
  func unknownMethod() async throws {
    try await TestServer.with(.probe()) { port in
      try await self.client(port) { client in
        let error = await #expect(throws: RPCError.self) {
          try await client.callRaw(service: ProbeContract.service, method: "Nope", request: [])
        }
        #expect(error?.code == .unimplemented)
      }
    }
  }

  @Test("an expired deadline cancels the handler and ends the call with DEADLINE_EXCEEDED")
  func deadline() async throws {
    let state = ProbeState()
    try await TestServer.with(.probe(state: state)) { port in
      try await self.client(port) { client in
        // On a loaded machine the handler may not even start before a short deadline; then
        // the call is retried with a longer one, so the test always sees a started handler.
        for timeout in [1, 3, 9] {
          let started = state.startedSleeps.load(ordering: .relaxed)
          let clock = ContinuousClock()
          let start = clock.now
          let error = await #expect(throws: RPCError.self) {
            try await client.call(ProbeContract.sleep, SleepRequest(millis: 120_000), timeout: .seconds(timeout))
          }
          #expect(error?.code == .deadlineExceeded)
          // Far below the two-minute sleep, with room for a loaded machine's scheduling.
          #expect(clock.now - start < .seconds(timeout + 20))
          if state.startedSleeps.load(ordering: .relaxed) > started { break }
        }
        let started = state.startedSleeps.load(ordering: .relaxed)
        #expect(started >= 1)
        // The server's handlers were cancelled too, not left sleeping.
        for _ in 0..<250 where state.cancelledSleeps.load(ordering: .relaxed) < started {
          try await Task.sleep(for: .milliseconds(20))
        }
        #expect(state.cancelledSleeps.load(ordering: .relaxed) == started)
      }
    }
  }
}
