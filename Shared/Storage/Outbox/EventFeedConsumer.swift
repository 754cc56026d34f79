public import Logging
public import PostgresNIO
public import RPC
public import ServiceLifecycle

/// Follows another service's event feed and applies each event exactly once to this
/// service's database. The position of the last applied event is stored in `event_cursors`
/// in the same transaction as the event's effect, so after a crash, a restart or a lost
/// connection the consumer resumes right after the last event whose effect committed: nothing
/// is skipped and nothing is applied twice. Replicas may all run it; the cursor row lock
/// makes them take turns and the position check makes the latecomer skip.
public struct EventFeedConsumer: Service {
  /// Schema of the cursors; part of every service's platform migrations.
  /// Each version in its own file under `Migrations/`.
  public static let migrations = [v11EventFeedCursors]

  /// Applies one event inside the consumer's transaction; throwing rolls back the effect and
  /// the cursor, and the event is delivered again after a pause.
  public typealias Handler = @Sendable (_ event: FeedEvent, _ transaction: PostgresConnection) async throws -> Void

  let cursorName: String
  let feed: EventFeedContract
  let source: ClientSettings
  let database: Database
  let types: [String]
  let handler: Handler
  let retryDelay: ClosedRange<Duration>
  let logger: Logger
  /// Where each connection's token comes from; `nil`: `source.token` as given.
  let tokens: (any ServiceTokenSource)?

  /// - Parameters:
  ///   - cursorName: this subscription's row in `event_cursors`, e.g. `billing`.
  ///   - source: where the publishing service listens, with a token holding `<service>.events.read`.
  ///   - types: event types to receive; empty for all.
  ///   - retryDelay: first and longest pause before reconnecting after a failure.
  ///   - tokens: a service's renewing token (its service account's, ``RenewingTokenSource``):
  ///     asked afresh for every connection, so a feed followed for days never reconnects with
  ///     an expired token. `nil` uses `source.token`.
  public init(
    cursorName: String, feed: EventFeedContract, source: ClientSettings, database: Database, types: [String] = [],
    retryDelay: ClosedRange<Duration> = .milliseconds(200)...(.seconds(10)), tokens: (any ServiceTokenSource)? = nil,
    logger: Logger, handler: @escaping Handler
  ) {
    self.tokens = tokens
    self.cursorName = cursorName
    self.feed = feed
    self.source = source
    self.database = database
    self.types = types
    self.handler = handler
    self.retryDelay = retryDelay
    self.logger = logger
  }

  public func run() async throws {
    await cancelWhenGracefulShutdown {
      await self.follow()
    }
  }

  /// Follows the feed until the task is cancelled: what `run()` does, usable outside a service group.
  public func follow() async {
    var delay = self.retryDelay.lowerBound
    while !Task.isCancelled {
      do {
        let start = try await self.position()
        var source = self.source
        if let tokens = self.tokens { source.token = try await tokens.token() }
        try await withWireClient(source) { client in
          try await client.subscribe(
            self.feed.subscribe, SubscribeEventsRequest(after: UInt64(start), types: self.types)
          ) { event in
            try await self.apply(event)
          }
        }
        // The publisher drained (a restart or a deploy): reconnect at once.
        delay = self.retryDelay.lowerBound
        continue
      } catch  where Task.isCancelled {
        return
      } catch {
        self.logger.warning(
          "event feed interrupted; resuming",
          metadata: ["feed": "\(self.cursorName)", "error": "\(error)", "retry-in": "\(delay)"])
      }
      try? await Task.sleep(for: delay)
      delay = min(delay * 2, self.retryDelay.upperBound)
    }
  }

  /// The position of the last event applied; 0 before the first.
  public func position() async throws -> Int64 {
    try await self.database.withConnection { connection in
      let rows = try await connection.query(
        "SELECT position FROM event_cursors WHERE feed = \(self.cursorName)", logger: self.logger)
      return try await rows.one(Int64.self) ?? 0
    }
  }

  func apply(_ event: FeedEvent) async throws {
    let name = self.cursorName
    let position = Int64(event.position)
    try await self.database.transaction { connection in
      try await connection.query(
        "INSERT INTO event_cursors (feed, position) VALUES (\(name), 0) ON CONFLICT (feed) DO NOTHING",
        logger: self.logger)
      let rows = try await connection.query(
        "SELECT position FROM event_cursors WHERE feed = \(name) FOR UPDATE", logger: self.logger)
      let applied = try await rows.one(Int64.self) ?? 0
      // Another replica applied it first, or the stream repeated it after a reconnect.
      guard position > applied else { return }
      if self.types.isEmpty && position != applied + 1 {
        throw EventFeedConsumerError.gap(expected: applied + 1, received: position)
      }
      try await self.handler(event, connection)
      try await connection.query(
        "UPDATE event_cursors SET position = \(position) WHERE feed = \(name)", logger: self.logger)
    }
  }
}

/// The feed skipped a position; the consumer stops that stream and resubscribes from its cursor.
enum EventFeedConsumerError: Error, CustomStringConvertible {
  case gap(expected: Int64, received: Int64)

  var description: String {
    switch self {
    case .gap(let expected, let received): "feed gap: expected position \(expected), received \(received)"
    }
  }
}
