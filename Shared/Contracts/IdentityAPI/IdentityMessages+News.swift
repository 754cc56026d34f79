public import RPC
public import WireCodec

@WireMessage("Publish a news item from the operator to customers.")
public struct PublishNewsRequest: Sendable, Hashable {
  @Field(1, "Title") public var title: String
  @Field(2, "Text") public var body: String
  @Field(3, "Only for this organization; empty for everyone") public var organizationID: String
}

@WireMessage("The published item.")
public struct PublishNewsReply: Sendable, Hashable {
  @Field(1, "News id") public var newsID: String
}

@WireMessage("My news, newest first.")
public struct ListNewsRequest: Sendable, Hashable {
  @Field(1, "Page") public var page: PageRequest
}

@WireMessage("A news item.")
public struct NewsItem: Sendable, Hashable {
  @Field(1, "News id") public var id: String
  @Field(2, "Title") public var title: String
  @Field(3, "Text") public var body: String
  @Field(4, "Published at") public var publishedAt: UTCTimestamp
  @Field(5, "Whether I have read it") public var read: Bool
}

@WireMessage("A page of news and the unread count.")
public struct ListNewsReply: Sendable, Hashable {
  @Field(1, "Items") public var items: [NewsItem]
  @Field(2, "Unread items in total") public var unread: UInt32
  @Field(3, "Token for the next page; empty on the last") public var nextPageToken: String
}

@WireMessage("Mark a news item read.")
public struct MarkNewsReadRequest: Sendable, Hashable {
  @Field(1, "News id") public var newsID: String
}

@WireMessage("Security events, newest first.")
public struct ListAuditEventsRequest: Sendable, Hashable {
  @Field(1, "Only this user; empty for all") public var userID: String
  @Field(2, "Only these kinds (e.g. sign_in_failed); empty for all") public var kinds: [String]
  @Field(3, "From (inclusive); unset for no bound") public var from: UTCTimestamp
  @Field(4, "Until (exclusive); unset for no bound") public var until: UTCTimestamp
  @Field(5, "Page") public var page: PageRequest
}

@WireMessage("One security event.")
public struct AuditEvent: Sendable, Hashable {
  @Field(1, "Event id") public var id: String
  @Field(2, "When") public var at: UTCTimestamp
  @Field(
    3,
    "Kind: sign_in_ok, sign_in_failed, locked_out, password_changed, email_changed, role_changed, refresh_reuse, key_rotated, …"
  ) public var kind: String
  @Field(4, "The user it concerns") public var userID: String
  @Field(5, "Who did it, when not the user") public var actorID: String
  @Field(6, "Details") public var detail: String
}

@WireMessage("A page of security events.")
public struct ListAuditEventsReply: Sendable, Hashable {
  @Field(1, "Events") public var events: [AuditEvent]
  @Field(2, "Token for the next page; empty on the last") public var nextPageToken: String
}
