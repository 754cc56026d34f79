import Foundation
import NIOCore
import NIOHPACK
import NIOHTTP2
import NIOPosix
import RPC
import TelecomAPI
import WireCodec

// An open-loop load at a fixed rate, for scripts/bench-authorize.sh. h2load's `--rps` sends each
// connection's calls in bursts every 10 ms (its rate timer's floor), so at 5,000 calls/s ~50
// calls arrive at once and the p99 it reports is mostly the time the server takes to drain a
// burst (burst size × the call's cost), not one call's latency. Here call n is due at
// start + n / rate and is sent then, whatever earlier calls are doing; its latency is counted
// from when it was due, so a generator or server that falls behind shows in the figures rather
// than hiding in a lower achieved rate (no coordinated omission).
//
// The client is bare swift-nio-http2 on one event-loop thread, not grpc-swift's client: a
// first version on the grpc-swift client (a task per call) could not send 5,000 calls/s from
// one core on time — its calls waited up to seconds for that core, not for the server.

/// One paced run: its schedule and what it measured, per kind of call. Confined to `loop`.
final class PacedRun: @unchecked Sendable {
  let start: NIODeadline
  let interval: TimeAmount
  let count: Int
  var sent = 0
  var failed: [Int]
  /// Per kind: nanoseconds from each call's due time to its answer, from its send to its
  /// answer, and its due time after the start.
  var fromDue: [[Int64]]
  var fromSend: [[Int64]]
  var dueOffsets: [[Int64]]
  private var finishedCalls = 0
  let finished: EventLoopPromise<Void>

  init(loop: any EventLoop, rate: Int, count: Int, kinds: Int) {
    self.interval = .nanoseconds(1_000_000_000 / Int64(rate))
    self.count = count
    // A little after now, so the first calls are not late before the first tick.
    self.start = .now() + .milliseconds(5)
    self.finished = loop.makePromise()
    self.failed = Array(repeating: 0, count: kinds)
    self.fromDue = Array(repeating: [], count: kinds)
    self.fromSend = Array(repeating: [], count: kinds)
    self.dueOffsets = Array(repeating: [], count: kinds)
  }

  func dueTime(of call: Int) -> NIODeadline { self.start + self.interval * Int64(call) }

  func record(kind: Int, dueAt: NIODeadline, sentAt: NIODeadline, answered: Bool) {
    if answered {
      let now = NIODeadline.now()
      self.fromDue[kind].append((now - dueAt).nanoseconds)
      self.fromSend[kind].append((now - sentAt).nanoseconds)
      self.dueOffsets[kind].append((dueAt - self.start).nanoseconds)
    } else {
      self.failed[kind] += 1
    }
    self.finishedCalls += 1
    if self.finishedCalls == self.count { self.finished.succeed() }
  }
}

/// A call the load sends, encoded once: its name in the results, HTTP/2 headers and gRPC frame.
struct PacedRequest: Sendable {
  let name: String
  let headers: HPACKHeaders
  let body: ByteBuffer

  init(name: String, port: Int, path: String, token: String?, message: [UInt8]) {
    self.name = name
    var headers: HPACKHeaders = [
      ":method": "POST", ":scheme": "http", ":path": path, ":authority": "127.0.0.1:\(port)",
      "content-type": "application/grpc", "te": "trailers",
    ]
    if let token { headers.add(name: "authorization", value: "Bearer \(token)") }
    self.headers = headers
    var body = ByteBuffer()
    body.writeInteger(UInt8(0))
    body.writeInteger(UInt32(message.count))
    body.writeBytes(message)
    self.body = body
  }
}

/// One call on its own HTTP/2 stream: sends the request when the stream opens, records the
/// answer when the stream ends (grpc-status 0 is an answer, anything else a failure).
final class PacedCallHandler: ChannelInboundHandler {
  typealias InboundIn = HTTP2Frame.FramePayload
  typealias OutboundOut = HTTP2Frame.FramePayload

  private let run: PacedRun
  private let kind: Int
  private let dueAt: NIODeadline
  private let request: PacedRequest
  private var sentAt = NIODeadline.now()
  private var status: String?
  private var done = false

  init(run: PacedRun, kind: Int, dueAt: NIODeadline, request: PacedRequest) {
    self.run = run
    self.kind = kind
    self.dueAt = dueAt
    self.request = request
  }

  func channelActive(context: ChannelHandlerContext) {
    self.sentAt = .now()
    context.write(self.wrapOutboundOut(.headers(.init(headers: self.request.headers))), promise: nil)
    context.writeAndFlush(
      self.wrapOutboundOut(.data(.init(data: .byteBuffer(self.request.body), endStream: true))), promise: nil)
  }

  func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    switch self.unwrapInboundIn(data) {
    case .headers(let frame):
      if let status = frame.headers.first(name: "grpc-status") { self.status = status }
      if frame.endStream { self.finish(context: context) }
    case .data(let frame):
      if frame.endStream { self.finish(context: context) }
    default:
      break
    }
  }

  func channelInactive(context: ChannelHandlerContext) {
    self.failIfPending()
  }

  /// Counts the call failed unless its answer came.
  func failIfPending() {
    guard !self.done else { return }
    self.done = true
    self.run.record(kind: self.kind, dueAt: self.dueAt, sentAt: self.sentAt, answered: false)
  }

  func errorCaught(context: ChannelHandlerContext, error: any Error) {
    context.close(promise: nil)
  }

  private func finish(context: ChannelHandlerContext) {
    guard !self.done else { return }
    self.done = true
    self.run.record(kind: self.kind, dueAt: self.dueAt, sentAt: self.sentAt, answered: self.status == "0")
    // No close here: the stream channel closes itself once the stream has ended both ways, and
    // a close from inside the last read would reset a stream the connection has yet to mark
    // closed — and a server closes a connection that sends it 200 resets in 30 s.
  }
}

/// What one paced run measured, as the JSON line the script reads.
struct PacedLoadResult {
  var name: String
  var offered: Int
  var calls: Int
  var failed: Int
  var seconds: Double
  /// Milliseconds from each call's due time to its answer, sorted.
  var fromDue: [Double]
  /// Milliseconds from each call's send to its answer, sorted.
  var fromSend: [Double]

  /// Nearest rank: the smallest value with at least p % of the values at or below it.
  static func percentile(_ p: Double, of values: [Double]) -> Double {
    guard !values.isEmpty else { return 0 }
    let rank = Int((p / 100 * Double(values.count)).rounded(.up))
    return values[max(0, min(values.count - 1, rank - 1))]
  }

  var json: String {
    func ms(_ p: Double, _ values: [Double]) -> String { String(format: "%.3f", Self.percentile(p, of: values)) }
    return #"{"name":"\#(self.name)","offered":\#(self.offered),"calls":\#(self.calls),"failed":\#(self.failed),"#
      + #""requests_per_second":\#(Int(Double(self.calls) / self.seconds)),"#
      + #""p50_ms":\#(ms(50, self.fromDue)),"p90_ms":\#(ms(90, self.fromDue)),"p99_ms":\#(ms(99, self.fromDue)),"#
      + #""p999_ms":\#(ms(99.9, self.fromDue)),"max_ms":\#(ms(100, self.fromDue)),"#
      + #""p50_from_send_ms":\#(ms(50, self.fromSend)),"p99_from_send_ms":\#(ms(99, self.fromSend))}"#
  }
}

/// Sends `count` calls at `rate` a second over `connections` HTTP/2 connections in turn, from
/// one event-loop thread, and times each: call n is `requests[pattern[n % pattern.count]]`.
/// One result per request.
func runPacedLoad(
  port: Int, requests: [PacedRequest], pattern: [Int], rate: Int, count: Int, connections: Int
) async throws -> [PacedLoadResult] {
  let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
  do {
    let results = try await runPacedLoad(
      on: group.next(), port: port, requests: requests, pattern: pattern, rate: rate, count: count,
      connections: connections)
    try await group.shutdownGracefully()
    return results
  } catch {
    try? await group.shutdownGracefully()
    throw error
  }
}

func runPacedLoad(
  on loop: any EventLoop, port: Int, requests: [PacedRequest], pattern: [Int], rate: Int, count: Int,
  connections: Int
) async throws -> [PacedLoadResult] {
  var opened: [NIOHTTP2Handler.StreamMultiplexer] = []
  var channels: [any Channel] = []
  for _ in 0..<connections {
    let channel = try await ClientBootstrap(group: loop)
      .channelOption(.socketOption(.tcp_nodelay), value: 1)
      .connect(host: "127.0.0.1", port: port).get()
    opened.append(
      try await channel.configureHTTP2Pipeline(
        mode: .client, connectionConfiguration: .init(), streamConfiguration: .init()
      ) { stream in stream.eventLoop.makeSucceededVoidFuture() }.get())
    channels.append(channel)
  }
  defer { for channel in channels { channel.close(promise: nil) } }
  let multiplexers = opened

  let run = try await loop.submit { PacedRun(loop: loop, rate: rate, count: count, kinds: requests.count) }.get()
  let started = ContinuousClock.now
  try await loop.submit {
    func tick() {
      let due = min(count, Int((NIODeadline.now() - run.start).nanoseconds / run.interval.nanoseconds) + 1)
      while run.sent < due {
        let call = run.sent
        let kind = pattern[call % pattern.count]
        let handler = NIOLoopBound(
          PacedCallHandler(run: run, kind: kind, dueAt: run.dueTime(of: call), request: requests[kind]),
          eventLoop: loop)
        let opened = loop.makePromise(of: (any Channel).self)
        // A stream the connection could not open (after a GOAWAY, say) is a failed call.
        opened.futureResult.whenFailure { _ in handler.value.failIfPending() }
        multiplexers[call % multiplexers.count].createStreamChannel(promise: opened) { stream in
          stream.eventLoop.makeCompletedFuture { try stream.pipeline.syncOperations.addHandler(handler.value) }
        }
        run.sent += 1
      }
      if run.sent < count { loop.scheduleTask(deadline: run.dueTime(of: run.sent)) { tick() } }
    }
    loop.scheduleTask(deadline: run.start) { tick() }
  }.get()
  try await run.finished.futureResult.get()
  let seconds = (ContinuousClock.now - started).seconds
  if let trace = ProcessInfo.processInfo.environment["BENCH_LOAD_TRACE"] {
    // Each call's kind, due time and latency, in milliseconds: where in the run the slow ones were.
    let lines = try await loop.submit {
      requests.indices.flatMap { kind in
        zip(run.dueOffsets[kind], run.fromDue[kind]).map {
          "\(requests[kind].name) \(Double($0) / 1e6) \(Double($1) / 1e6)"
        }
      }.joined(separator: "\n")
    }.get()
    try Data(lines.utf8).write(to: URL(fileURLWithPath: trace))
  }
  let share = pattern.count
  return try await loop.submit {
    requests.indices.map { kind in
      PacedLoadResult(
        name: requests[kind].name, offered: rate * pattern.filter { $0 == kind }.count / share,
        calls: run.fromDue[kind].count, failed: run.failed[kind], seconds: seconds,
        fromDue: run.fromDue[kind].map { Double($0) / 1e6 }.sorted(),
        fromSend: run.fromSend[kind].map { Double($0) / 1e6 }.sorted())
    }
  }.get()
}

/// The load mode of cdr-ingest-bench (`BENCH_LOAD=ping|ping+token|authorize|mixed`): paced calls
/// to a Telecom whose book `writeAuthorizeFiles` has checked and whose request and token it wrote
/// to `folder`, at `BENCH_LOAD_RPS` a second. `mixed` sends AuthorizeCall at that rate and, in
/// the same schedule, one Ping carrying the token for every five: both kinds then meet the same
/// moments of the machine, so their tails compare call for call. Prints a JSON line per kind.
func runLoad(kind: String, port: Int, folder: String) async throws {
  let rate = setting("BENCH_LOAD_RPS", 5_000)
  let count = setting("BENCH_LOAD_CALLS", 50_000)
  let connections = setting("BENCH_LOAD_CONNECTIONS", 8)
  let token = try String(contentsOfFile: folder + "/token", encoding: .utf8)
  let authorizeMessage = [UInt8](try Data(contentsOf: URL(fileURLWithPath: folder + "/authorize.bin")).dropFirst(5))
  let pingMessage = PingRequest(text: "hello", delayMillis: 0).wireEncoded()
  let authorize = { (name: String) in
    PacedRequest(
      name: name, port: port, path: "/\(TelecomContract.serviceName)/AuthorizeCall", token: token,
      message: authorizeMessage)
  }
  let ping = { (name: String, token: String?) in
    PacedRequest(
      name: name, port: port, path: "/\(PlatformContract.serviceName)/Ping", token: token, message: pingMessage)
  }
  let results: [PacedLoadResult]
  switch kind {
  case "authorize", "ping", "ping+token":
    let request = kind == "authorize" ? authorize(kind) : ping(kind, kind == "ping" ? nil : token)
    results = try await runPacedLoad(
      port: port, requests: [request], pattern: [0], rate: rate, count: count, connections: connections)
  case "mixed":
    results = try await runPacedLoad(
      port: port, requests: [authorize("mixed:authorize"), ping("mixed:ping+token", token)],
      pattern: [0, 0, 0, 0, 0, 1], rate: rate * 6 / 5, count: count * 6 / 5, connections: connections)
  default:
    throw BenchFailure("BENCH_LOAD is ping, ping+token, authorize or mixed, not \(kind)")
  }
  for result in results { print(result.json) }
}
