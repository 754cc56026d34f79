import RPC
import Testing

@Suite("grpc-timeout header")
struct GRPCTimeoutTests {
  @Test(
    "each unit of the gRPC over HTTP/2 spec",
    arguments: [
      ("1H", Duration.seconds(3600)), ("2M", .seconds(120)), ("30S", .seconds(30)),
      ("250m", .milliseconds(250)), ("1500u", .microseconds(1500)), ("99999999n", .nanoseconds(99_999_999)),
    ])
  func parses(value: String, duration: Duration) {
    #expect(GRPCTimeout.duration(parsing: value) == duration)
  }

  @Test("anything else is no deadline", arguments: ["", "S", "10", "10s", "123456789S", "-1S", "1.5S", " 1S"])
  func rejects(value: String) {
    #expect(GRPCTimeout.duration(parsing: value) == nil)
  }
}
