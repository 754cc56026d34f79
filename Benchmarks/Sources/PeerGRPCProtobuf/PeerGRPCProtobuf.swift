import Dispatch
import GRPCCore
import GRPCNIOTransportHTTP2

#if canImport(Glibc)
  import Glibc
#endif

/// `peer-grpc-protobuf PORT [protobuf|raw|abonent|abonent-task]`: a stock grpc-swift-2 server on 127.0.0.1:PORT
/// (plaintext HTTP/2, grpc-swift-nio-transport) that answers
/// `/abonent.platform.Platform/Ping` like ours does, for the load benchmark.
///
/// - `protobuf` (default): PingRequest/PingReply through grpc-swift-protobuf's
///   ProtobufSerializer/ProtobufDeserializer: stock gRPC with the stock codec.
/// - `raw`: bytes pass through untouched; the reply is the request's bytes plus field 2
///   (the server time). Stock gRPC with no codec at all.
/// - `abonent`: our codec (WireCodec) on the stock server, without our interceptors.
/// - `abonent-task`: the same, with the handler in a task of its own as Shared/RPC does.
///
/// No interceptors. Runs until SIGTERM or SIGINT, then shuts down gracefully.
@main
struct PeerGRPCProtobuf {
  static func main() async throws {
    let arguments = CommandLine.arguments
    guard arguments.count >= 2, let port = Int(arguments[1]) else {
      print("usage: peer-grpc-protobuf PORT [protobuf|raw]")
      exit(64)
    }
    let mode = arguments.count > 2 ? arguments[2] : "protobuf"
    let service: any RegistrableRPCService
    switch mode {
    case "protobuf": service = ProtobufPingService()
    case "raw": service = RawPingService()
    case "abonent": service = WireCodecPingService(spawnTask: false)
    case "abonent-task": service = WireCodecPingService(spawnTask: true)
    default:
      print("unknown codec '\(mode)': protobuf, raw, abonent or abonent-task")
      exit(64)
    }
    let transport = HTTP2ServerTransport.Posix(
      address: .ipv4(host: "127.0.0.1", port: port),
      transportSecurity: .plaintext,
      // The same concurrent-stream limit as ours (ABONENT_GRPC_MAX_CONCURRENT_STREAMS default).
      config: .defaults { $0.http2.maxConcurrentStreams = 256 }
    )
    let server = GRPCServer(transport: transport, services: [service])
    let signals = ShutdownSignals { server.beginGracefulShutdown() }
    try await withThrowingDiscardingTaskGroup { group in
      group.addTask { try await server.serve() }
      if let address = try await server.listeningAddress {
        print("peer-grpc-protobuf (\(mode)) listening on \(address)")
      }
    }
    withExtendedLifetime(signals) {}
  }
}

/// Turns SIGTERM and SIGINT into one call of `onSignal`.
final class ShutdownSignals {
  let sources: [any DispatchSourceSignal]

  init(_ onSignal: @escaping @Sendable () -> Void) {
    self.sources = [SIGTERM, SIGINT].map { number in
      signal(number, SIG_IGN)
      let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
      source.setEventHandler(handler: onSignal)
      source.resume()
      return source
    }
  }
}

/// Microseconds since the epoch, what PingReply.serverTime carries.
func nowMicroseconds() -> Int64 {
  var ts = timespec()
  clock_gettime(CLOCK_REALTIME, &ts)
  return Int64(ts.tv_sec) * 1_000_000 + Int64(ts.tv_nsec) / 1_000
}

let pingMethod = MethodDescriptor(fullyQualifiedService: "abonent.platform.Platform", method: "Ping")
