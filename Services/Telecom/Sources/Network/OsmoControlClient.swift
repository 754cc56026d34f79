import NIOCore
import NIOPosix
import Synchronization

/// A client for the Osmocom CTRL interface (osmo-hlr, osmo-msc, …) over TCP: `GET`/`SET`
/// commands, each answered by a reply with the same id. One connection carries any number of
/// concurrent requests. It is opened on first use and again after it fails or closes, so an
/// outage of the peer costs the calls made during it and nothing after it; no call waits
/// longer than the connect timeout plus the request timeout.
final class OsmoControlClient: Sendable {
  let host: String
  let port: Int
  let requestTimeout: Duration
  let connectTimeout: Duration
  private let eventLoopGroup: any EventLoopGroup
  private let state = Mutex(State())

  private struct State {
    var connection: EventLoopFuture<any Channel>?
    var lastID: UInt32 = 0
  }

  init(
    host: String, port: Int, requestTimeout: Duration = .seconds(2), connectTimeout: Duration = .seconds(2),
    eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
  ) {
    self.host = host
    self.port = port
    self.requestTimeout = requestTimeout
    self.connectTimeout = connectTimeout
    self.eventLoopGroup = eventLoopGroup
  }

  /// `GET <id> <variable>`.
  func get(_ variable: String) async throws(NetworkError) -> ControlReply {
    try Self.check(variable, allowingSpaces: false)
    return try await self.send(variable) { "GET \($0) \(variable)" }
  }

  /// `SET <id> <variable> <value>`.
  func set(_ variable: String, to value: String) async throws(NetworkError) -> ControlReply {
    try Self.check(variable, allowingSpaces: false)
    try Self.check(value, allowingSpaces: true)
    return try await self.send(variable) { "SET \($0) \(variable) \(value)" }
  }

  /// Closes the connection, if one is open; a later call opens a new one.
  func close() async {
    let connection = self.state.withLock { state in
      defer { state.connection = nil }
      return state.connection
    }
    guard let channel = try? await connection?.get() else { return }
    try? await channel.close()
  }

  /// A command is one line of printable ASCII: a line break or other control byte would let
  /// text sent as a value end the command and start another.
  private static func check(_ text: String, allowingSpaces: Bool) throws(NetworkError) {
    let lowest = allowingSpaces ? UInt8(ascii: " ") : UInt8(ascii: "!")
    guard !text.isEmpty, text.utf8.allSatisfy({ (lowest...UInt8(ascii: "~")).contains($0) }) else {
      throw .refused("a CTRL command holds printable ASCII only")
    }
  }

  private func send(_ variable: String, command: (UInt32) -> String) async throws(NetworkError) -> ControlReply {
    let channel = try await self.channel()
    let id = self.state.withLock { state in
      // Ids only need to be unique among the requests waiting on one connection; 0 is left to TRAPs.
      state.lastID = state.lastID == UInt32.max ? 1 : state.lastID + 1
      return state.lastID
    }
    let reply = channel.eventLoop.makePromise(of: ControlReply.self)
    let request = ControlRequest(
      id: id, command: command(id), timeout: TimeAmount(self.requestTimeout), reply: reply)
    // A write that never reaches the handler (the channel closed meanwhile) would leave the reply
    // waiting with no timeout set: its failure fails the reply (a completed promise ignores it).
    let written = channel.eventLoop.makePromise(of: Void.self)
    written.futureResult.whenFailure { error in
      reply.fail(NetworkError.unavailable("the command could not be sent: \(error)"))
    }
    channel.writeAndFlush(request, promise: written)
    do {
      return try await reply.futureResult.get()
    } catch let error as NetworkError {
      throw error
    } catch {
      throw .unavailable("\(variable): \(error)")
    }
  }

  /// The open connection, or a new one: concurrent callers share one connect. A connection
  /// that is closing — a request timed out on it a moment ago, and its close has not yet been
  /// seen — is dropped and replaced, not written to.
  private func channel() async throws(NetworkError) -> any Channel {
    let connection = self.connection()
    let channel = try await self.opened(connection)
    if channel.isActive { return channel }
    self.forget(connection)
    return try await self.opened(self.connection())
  }

  private func opened(_ connection: EventLoopFuture<any Channel>) async throws(NetworkError) -> any Channel {
    do {
      return try await connection.get()
    } catch {
      throw .unavailable("cannot connect to the CTRL interface at \(self.host):\(self.port) (\(error))")
    }
  }

  private func connection() -> EventLoopFuture<any Channel> {
    let (connection, isNew) = self.state.withLock { state in
      if let connection = state.connection { return (connection, false) }
      let connection = ClientBootstrap(group: self.eventLoopGroup)
        .connectTimeout(TimeAmount(self.connectTimeout))
        .channelInitializer { channel in
          channel.eventLoop.makeCompletedFuture {
            try channel.pipeline.syncOperations.addHandlers(
              ByteToMessageHandler(IPAControlFrameDecoder()), OsmoControlHandler())
          }
        }
        .connect(host: self.host, port: self.port)
      state.connection = connection
      return (connection, true)
    }
    if isNew {
      // Forgotten once it fails or closes, so that the next call connects again.
      connection.whenComplete { result in
        switch result {
        case .success(let channel): channel.closeFuture.whenComplete { _ in self.forget(connection) }
        case .failure: self.forget(connection)
        }
      }
    }
    return connection
  }

  private func forget(_ connection: EventLoopFuture<any Channel>) {
    self.state.withLock { state in
      if state.connection === connection { state.connection = nil }
    }
  }
}
