public import GRPCCore
import Logging
public import RPC
public import Settings

/// Serves a service's outbox as `abonent.<service>.Events/Subscribe`: first the committed
/// events after the caller's position, in batches, then new ones as they commit (checked every
/// `pollInterval` while idle). Ends the stream with OK when the server drains, so consumers
/// reconnect to another replica and resume from their last position.
public struct EventFeedService: RegistrableRPCService {
  public let feed: EventFeedContract
  let database: Database
  let pollInterval: Duration
  let batchSize: Int

  public init(
    feed: EventFeedContract, database: Database, pollInterval: Duration = .milliseconds(200), batchSize: Int = 500
  ) {
    self.feed = feed
    self.database = database
    self.pollInterval = pollInterval
    self.batchSize = batchSize
  }

  /// `abonent.events.pollInterval` (default 200ms): how often an idle subscription checks
  /// for new events; the longest delay between a commit and its delivery.
  public static func pollInterval(_ reader: SettingsReader) throws(ConfigurationError) -> Duration {
    try reader.duration("abonent.events.pollInterval", default: .milliseconds(200))
  }

  public func registerMethods<Transport: ServerTransport>(with router: inout RPCRouter<Transport>) {
    router.register(self.feed.subscribe) { request, replies, _ in
      try await self.stream(after: request.after, types: request.types, to: replies)
    }
  }

  func stream(after start: UInt64, types: [String], to replies: RPCWriter<FeedEvent>) async throws {
    // A position past the end means the consumer saw events this database no longer has
    // (e.g. it was restored from a backup): waiting would silently lose them, so say so.
    let end = try await self.database.withConnection { connection in
      try await EventOutbox.lastPosition(on: connection, logger: self.database.logger)
    }
    guard start <= UInt64(end) else { throw EventFeedError.positionAhead(requested: start, last: end) }
    let drain = ServerDrain.current
    var position = Int64(start)
    while drain?.isDraining != true {
      let from = position
      let batch = try await self.database.withConnection { connection in
        try await EventOutbox.read(
          after: from, types: types, limit: self.batchSize, on: connection, logger: self.database.logger)
      }
      try await replies.write(contentsOf: batch)
      if let last = batch.last { position = Int64(last.position) }
      if batch.count < self.batchSize {
        try await Task.sleep(for: self.pollInterval)
      }
    }
  }
}

/// Why a subscription was refused.
public struct EventFeedError: ServiceError {
  public var code: RPCError.Code
  public var reason: String
  public var message: String

  static func positionAhead(requested: UInt64, last: Int64) -> EventFeedError {
    EventFeedError(
      code: .outOfRange, reason: "FEED_POSITION_AHEAD",
      message:
        "Position \(requested) is past the last event of this feed (\(last)); the consumer has seen events this service does not have."
    )
  }
}
