import ISPRules
import NIOCore
import NIOPosix

/// Sends an RFC 5176 request to a NAS over UDP from a fresh socket and waits for a genuine
/// answer: the request again every `timeout` (UDP may lose either datagram; RFC 5176 asks the
/// same identifier and authenticator on a retry), `attempts` times at most. Datagrams that are
/// not an answer to this request (other sources, forgeries, another secret) are ignored.
enum NASClient {
  enum Outcome: Sendable {
    case answered(DisconnectPacket.Answer)
    case silent
  }

  static func exchange(
    _ request: [UInt8], host: String, port: Int, secret: [UInt8], timeout: Duration, attempts: Int
  ) async throws -> Outcome {
    let remote = try SocketAddress(ipAddress: host, port: port)
    let channel = try await DatagramBootstrap(group: MultiThreadedEventLoopGroup.singleton)
      .bind(host: remote.protocol == .inet6 ? "::" : "0.0.0.0", port: 0) { channel in
        channel.eventLoop.makeCompletedFuture {
          try NIOAsyncChannel<AddressedEnvelope<ByteBuffer>, AddressedEnvelope<ByteBuffer>>(
            wrappingChannelSynchronously: channel)
        }
      }
    return try await channel.executeThenClose { inbound, outbound in
      try await withThrowingTaskGroup(of: Outcome?.self) { group in
        group.addTask {
          for try await envelope in inbound where envelope.remoteAddress == remote {
            if let answer = DisconnectPacket.answer(
              Array(envelope.data.readableBytesView), to: request, secret: secret)
            {
              return .answered(answer)
            }
          }
          return nil
        }
        group.addTask {
          for _ in 0..<attempts {
            try await outbound.write(AddressedEnvelope(remoteAddress: remote, data: ByteBuffer(bytes: request)))
            try await Task.sleep(for: timeout)
          }
          return .silent
        }
        defer { group.cancelAll() }
        while let outcome = try await group.next() {
          if let outcome { return outcome }
        }
        return .silent
      }
    }
  }
}
