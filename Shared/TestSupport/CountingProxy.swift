import NIOCore
import NIOPosix
import Synchronization

/// A TCP forwarder on a loopback port that counts the connections it accepts: put between a
/// client and a server, it shows how many TCP connections the client really opened. It can be
/// pointed at another port while it runs, so a server can be stopped and started again on a
/// new port while its clients keep the proxy's address.
public final class CountingProxy: Sendable {
  public let port: Int
  private let accepted = Atomic<Int>(0)
  private let target: Atomic<Int>

  public var acceptedConnections: Int { self.accepted.load(ordering: .acquiring) }

  private init(port: Int, target: Int) {
    self.port = port
    self.target = Atomic(target)
  }

  /// A target no connection can reach (port 0): the proxy accepts and closes at once.
  public static let nowhere = 0

  /// New connections go to 127.0.0.1:`port` from now on.
  public func forward(to port: Int) {
    self.target.store(port, ordering: .releasing)
  }

  /// Runs a proxy to 127.0.0.1:`target` for the duration of `body`.
  public static func with<Result: Sendable>(
    forwardingTo target: Int, _ body: @Sendable (CountingProxy) async throws -> Result
  ) async throws -> Result {
    let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
      .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
      .bind(host: "127.0.0.1", port: 0) { channel in
        channel.eventLoop.makeCompletedFuture {
          try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
        }
      }
    let proxy = CountingProxy(port: server.channel.localAddress?.port ?? 0, target: target)
    return try await withThrowingTaskGroup(of: Void.self) { group in
      group.addTask {
        try await withThrowingDiscardingTaskGroup { connections in
          try await server.executeThenClose { inbound in
            for try await connection in inbound {
              proxy.accepted.add(1, ordering: .releasing)
              let upstream = proxy.target.load(ordering: .acquiring)
              connections.addTask { try? await Self.forward(connection, to: upstream) }
            }
          }
        }
      }
      defer { group.cancelAll() }
      let result = try await body(proxy)
      try? await server.channel.close()
      return result
    }
  }

  /// Copies bytes both ways until either side closes. Each channel is handed to
  /// `executeThenClose` as soon as it exists: NIO traps on a channel dropped without it.
  static func forward(_ client: NIOAsyncChannel<ByteBuffer, ByteBuffer>, to target: Int) async throws {
    try await client.executeThenClose { clientIn, clientOut in
      let upstream = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
        .connect(host: "127.0.0.1", port: target) { channel in
          channel.eventLoop.makeCompletedFuture {
            try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
          }
        }
      try await upstream.executeThenClose { upstreamIn, upstreamOut in
        try await withThrowingTaskGroup(of: Void.self) { group in
          group.addTask { for try await bytes in clientIn { try await upstreamOut.write(bytes) } }
          group.addTask { for try await bytes in upstreamIn { try await clientOut.write(bytes) } }
          _ = try await group.next()
          group.cancelAll()
        }
      }
    }
  }
}
