import Dispatch
import NIOCore
import NIOHPACK
import NIOHTTP2
import NIOPosix

#if canImport(Glibc)
  import Glibc
#endif

/// `peer-bare-h2 PORT`: a bare swift-nio-http2 server on 127.0.0.1:PORT with no gRPC layer.
/// It answers every request, once the request has ended, with HEADERS (200,
/// `application/grpc`), one DATA frame holding a fixed gRPC-framed PingReply, and trailers
/// with `grpc-status: 0`: the floor under any gRPC server built on swift-nio-http2.
/// Runs until SIGTERM or SIGINT.
@main
struct PeerBareH2 {
  static func main() throws {
    let arguments = CommandLine.arguments
    guard arguments.count >= 2, let port = Int(arguments[1]) else {
      print("usage: peer-bare-h2 PORT")
      exit(64)
    }
    let group = MultiThreadedEventLoopGroup(numberOfThreads: System.coreCount)
    let connection: NIOHTTP2Handler.ConnectionConfiguration = {
      var connection = NIOHTTP2Handler.ConnectionConfiguration()
      // The same concurrent-stream limit as ours and the stock gRPC peer.
      connection.initialSettings = [
        HTTP2Setting(parameter: .maxConcurrentStreams, value: 256),
        HTTP2Setting(parameter: .maxHeaderListSize, value: HPACKDecoder.defaultMaxHeaderListSize),
      ]
      return connection
    }()
    let channel = try ServerBootstrap(group: group)
      .serverChannelOption(.backlog, value: 256)
      .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
      .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
      .childChannelInitializer { channel in
        channel.eventLoop.makeCompletedFuture {
          _ = try channel.pipeline.syncOperations.configureHTTP2Pipeline(
            mode: .server,
            connectionConfiguration: connection,
            streamConfiguration: NIOHTTP2Handler.StreamConfiguration()
          ) { stream in
            stream.eventLoop.makeCompletedFuture {
              try stream.pipeline.syncOperations.addHandler(FixedReplyHandler())
            }
          }
        }
      }
      .bind(host: "127.0.0.1", port: port)
      .wait()
    print("peer-bare-h2 listening on \(channel.localAddress.map { "\($0)" } ?? "?")")
    let signals = [SIGTERM, SIGINT].map { number in
      signal(number, SIG_IGN)
      let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
      source.setEventHandler { channel.close(promise: nil) }
      source.resume()
      return source
    }
    try channel.closeFuture.wait()
    withExtendedLifetime(signals) {}
    try group.syncShutdownGracefully()
  }
}

/// Answers one HTTP/2 stream with the fixed reply once the request's END_STREAM arrives.
final class FixedReplyHandler: ChannelInboundHandler {
  typealias InboundIn = HTTP2Frame.FramePayload
  typealias OutboundOut = HTTP2Frame.FramePayload

  /// The gRPC frame of PingReply { 1: "hello", 2: 1796112000000000 }: flag 0, length, message.
  static let reply: [UInt8] = {
    var message: [UInt8] = [0x0A, 0x05] + Array("hello".utf8) + [0x10]
    var time: UInt64 = 1_796_112_000_000_000
    while time >= 0x80 {
      message.append(UInt8(truncatingIfNeeded: time) | 0x80)
      time >>= 7
    }
    message.append(UInt8(time))
    let length = UInt32(message.count)
    return [
      0, UInt8(length >> 24), UInt8(truncatingIfNeeded: length >> 16), UInt8(truncatingIfNeeded: length >> 8),
      UInt8(truncatingIfNeeded: length),
    ] + message
  }()

  func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    let endOfRequest: Bool
    switch self.unwrapInboundIn(data) {
    case .headers(let headers): endOfRequest = headers.endStream
    case .data(let data): endOfRequest = data.endStream
    default: endOfRequest = false
    }
    guard endOfRequest else { return }
    let headers: HPACKHeaders = [":status": "200", "content-type": "application/grpc"]
    context.write(self.wrapOutboundOut(.headers(.init(headers: headers))), promise: nil)
    let body = context.channel.allocator.buffer(bytes: FixedReplyHandler.reply)
    context.write(self.wrapOutboundOut(.data(.init(data: .byteBuffer(body)))), promise: nil)
    let trailers: HPACKHeaders = ["grpc-status": "0"]
    context.writeAndFlush(self.wrapOutboundOut(.headers(.init(headers: trailers, endStream: true))), promise: nil)
  }
}
