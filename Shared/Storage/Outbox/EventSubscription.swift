public import Logging
public import PostgresNIO
public import RPC
public import WireCodec

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// One event type an ``EventFeedConsumer`` applies, with its payload decoded into the message
/// the contract ties to the type: `EventSubscription.on(BillingEvents.accountBlocked) { event, … }`.
public struct EventSubscription: Sendable {
  /// The type name the feed filters on.
  public let type: String
  let apply: @Sendable (FeedEvent, PostgresConnection) async throws -> Void

  /// Applies `handler` to each event of `type`, inside the consumer's transaction. A payload
  /// that does not decode fails the event like a failing handler: it is retried after a pause,
  /// and the feed does not move past it (a producer and consumer out of step need a fix, not
  /// a skipped event).
  public static func on<Payload: WireMessage>(
    _ type: EventType<Payload>,
    _ handler:
      @escaping @Sendable (_ payload: Payload, _ event: FeedEvent, _ transaction: PostgresConnection) async throws ->
      Void
  ) -> EventSubscription {
    EventSubscription(type: type.name) { event, transaction in
      let payload = try Payload(wireEncoded: [UInt8](event.payload))
      try await handler(payload, event, transaction)
    }
  }
}

extension EventFeedConsumer {
  /// A consumer of the events `subscriptions` name, each applied by its own handler; other
  /// types are not even sent by the feed.
  public init(
    cursorName: String, feed: EventFeedContract, source: ClientSettings, database: Database,
    subscriptions: [EventSubscription],
    retryDelay: ClosedRange<Duration> = .milliseconds(200)...(.seconds(10)), tokens: (any ServiceTokenSource)? = nil,
    logger: Logger
  ) {
    let byType = Dictionary(subscriptions.map { ($0.type, $0) }, uniquingKeysWith: { first, _ in first })
    self.init(
      cursorName: cursorName, feed: feed, source: source, database: database, types: subscriptions.map(\.type),
      retryDelay: retryDelay, tokens: tokens, logger: logger
    ) { event, transaction in
      try await byType[event.type]?.apply(event, transaction)
    }
  }
}
