public import RPC
public import WireCodec

#if canImport(FoundationEssentials)
  public import FoundationEssentials
#else
  public import Foundation
#endif

@WireMessage("Where to start reading an event feed.")
public struct SubscribeEventsRequest: Sendable, Hashable {
  @Field(1, "Position of the last event already processed; 0 to start from the beginning") public var after: UInt64
  @Field(2, "Only events of these types; empty for all") public var types: [String]
}

@WireMessage("One event of a service's outbox feed.")
public struct FeedEvent: Sendable, Hashable {
  @Field(1, "Position in the feed: gapless, increasing, in commit order; resume after the last one processed") public
    var position: UInt64
  @Field(2, "What happened, e.g. billing.account.blocked") public var type: String
  @Field(3, "What it happened to, e.g. the account id") public var key: String
  @Field(4, "The details, a wire-encoded message named by the type") public var payload: Data
  @Field(5, "When the change was committed") public var occurredAt: UTCTimestamp
}

/// The event feed contract of one service: `abonent.<service>.Events/Subscribe`.
public struct EventFeedContract: Sendable {
  /// `<service>.events.read`: what a consumer's token must grant.
  public let readPermission: Permission
  public let subscribe: ServerStreamingMethod<SubscribeEventsRequest, FeedEvent>
  public let contract: ServiceContract

  /// - Parameter service: the short service name, e.g. `billing`. Reading the feed needs the
  ///   permission `<service>.events.read` (service accounts of consuming services hold it).
  public init(service: String) {
    let name = "abonent.\(service).Events"
    self.readPermission = Permission(service, "events", "read", doc: "Read the \(service) service's event feed")
    self.subscribe = ServerStreamingMethod(
      service: name, name: "Subscribe", access: .permission(self.readPermission),
      doc:
        "Streams the events after a position, then new events as they commit, until the server drains. Resume after the last position processed."
    )
    self.contract = ServiceContract(
      name: name, doc: "The \(service) service's durable event feed (its outbox).", methods: [self.subscribe])
  }
}
