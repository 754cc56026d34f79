public import RPC
public import WireCodec

/// What a quota counts over a calendar month (UTC).
public enum QuotaMetric: Int32, WireEnum, Sendable {
  case unspecified = 0
  /// Bytes of data sessions.
  case dataBytes = 1
  /// Seconds of calls.
  case callSeconds = 2
  /// SMS sent and received.
  case smsCount = 3
  /// The cost of all usage, in minor units of its currency.
  case costMinor = 4

  public static var wireFallback: QuotaMetric { .unspecified }
}

/// What happens when a SIM reaches a quota.
public enum QuotaAction: Int32, WireEnum, Sendable {
  case unspecified = 0
  /// A notification to whoever set the quota.
  case notify = 1
  /// The notification, and the SIM blocked as its customer would block it.
  case block = 2

  public static var wireFallback: QuotaAction { .unspecified }
}

@WireMessage("A threshold on a SIM's (or each SIM of a group's) monthly usage.")
public struct Quota: Sendable, Hashable {
  @Field(1, "Quota id (UUID)") public var id: String
  @Field(2, "One SIM's ICCID; empty when the quota is on a group") public var iccid: String
  @Field(3, "A group: the quota applies to each SIM in it; empty when on one SIM") public var group: String
  @Field(4, "What it counts") public var metric: QuotaMetric
  @Field(5, "The threshold, more than 0, at most 10^15") public var threshold: Int64
  @Field(6, "What happens when a SIM reaches it") public var action: QuotaAction
  @Field(7, "Who set it; they get the notifications") public var createdBy: String
  @Field(8, "When it was set") public var createdAt: UTCTimestamp
}

@WireMessage("Set a quota on a SIM or a group (customers: their organization's).")
public struct SetQuotaRequest: Sendable, Hashable {
  @Field(1, "The quota; its id, who and when are ignored") public var quota: Quota
}

@WireMessage("Quotas, oldest first.")
public struct ListQuotasRequest: Sendable, Hashable {
  @Field(1, "Only those of this SIM (its own and its groups'); empty for all") public var iccid: String
  @Field(2, "Page: default 100, at most 1000") public var page: PageRequest
}

@WireMessage("A page of quotas.")
public struct ListQuotasReply: Sendable, Hashable {
  @Field(1, "Quotas") public var quotas: [Quota]
  @Field(2, "Token for the next page; empty on the last") public var nextPageToken: String
}

@WireMessage("Remove a quota.")
public struct DeleteQuotaRequest: Sendable, Hashable {
  @Field(1, "Quota id") public var id: String
}
