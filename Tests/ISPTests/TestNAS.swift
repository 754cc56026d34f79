import ISPRules
import NIOCore
import NIOPosix
import Synchronization

/// A NAS's RFC 5176 listener on 127.0.0.1 for the tests: it checks each Disconnect-Request's
/// authenticator with its secret, keeps the verified ones' attributes, and answers a NAK with
/// `errorCause` (or an ACK when nil) — or nothing at all when `silent`.
final class TestNAS: Sendable {
  let port: Int
  let secret: [UInt8]
  private let channel: NIOAsyncChannel<AddressedEnvelope<ByteBuffer>, AddressedEnvelope<ByteBuffer>>
  private let received = Mutex<[[UInt8: [UInt8]]]>([])
  private let forged = Mutex(0)

  var requests: [[UInt8: [UInt8]]] { self.received.withLock { $0 } }
  var refusedDatagrams: Int { self.forged.withLock { $0 } }

  private init(
    port: Int, secret: [UInt8],
    channel: NIOAsyncChannel<AddressedEnvelope<ByteBuffer>, AddressedEnvelope<ByteBuffer>>
  ) {
    self.port = port
    self.secret = secret
    self.channel = channel
  }

  static func with(
    secret: String, errorCause: UInt32?, silent: Bool = false, _ body: (TestNAS) async throws -> Void
  ) async throws {
    let channel = try await DatagramBootstrap(group: MultiThreadedEventLoopGroup.singleton)
      .bind(host: "127.0.0.1", port: 0) { channel in
        channel.eventLoop.makeCompletedFuture {
          try NIOAsyncChannel<AddressedEnvelope<ByteBuffer>, AddressedEnvelope<ByteBuffer>>(
            wrappingChannelSynchronously: channel)
        }
      }
    let nas = TestNAS(port: channel.channel.localAddress?.port ?? 0, secret: Array(secret.utf8), channel: channel)
    try await channel.executeThenClose { inbound, outbound in
      try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask {
          for try await envelope in inbound {
            let datagram = Array(envelope.data.readableBytesView)
            guard let attributes = DisconnectPacket.verifiedRequest(datagram, secret: nas.secret) else {
              nas.forged.withLock { $0 += 1 }
              continue
            }
            nas.received.withLock { $0.append(Dictionary(attributes, uniquingKeysWith: { first, _ in first })) }
            guard !silent else { continue }
            let answer = DisconnectPacket.response(
              to: datagram, acknowledged: errorCause == nil, errorCause: errorCause, secret: nas.secret)
            try await outbound.write(
              AddressedEnvelope(remoteAddress: envelope.remoteAddress, data: ByteBuffer(bytes: answer)))
          }
        }
        defer { group.cancelAll() }
        try await body(nas)
      }
    }
  }
}
