public import RPC
public import WireCodec

/// Where one SIM of a bulk operation is (docs/telecom.md, "Bulk operations").
public enum BulkItemStatus: Int32, WireEnum, Sendable {
  case unspecified = 0
  /// Not reached yet, or waiting for another operation on the SIM to end.
  case pending = 1
  /// The operation was carried out.
  case done = 2
  /// The network did not do it; the SIM is as it was.
  case failed = 3
  /// The SIM's state does not allow the operation, or the SIM is not the caller's to see.
  case refused = 4
  /// The bulk operation was cancelled before it reached the SIM.
  case cancelled = 5

  public static var wireFallback: BulkItemStatus { .unspecified }
}

@WireMessage(
  "One operation on many SIMs: which, on which SIMs (listed ICCIDs or a filter), and the values it sets. "
    + "PreviewBulkOperation and StartBulkOperation take the same request.")
public struct BulkOperationRequest: Sendable, Hashable {
  @Field(1, "What to do: block, unblock, reboot, refresh, edit, setLimit or setPackage") public var operation:
    SimOperationKind
  @Field(2, "The SIMs by ICCID, 1 to 10,000 (repeats count once); empty when byFilter is set") public var iccids:
    [String]
  @Field(3, "Select every SIM matching `filter` (at most 100,000) instead of a list") public var byFilter: Bool
  @Field(4, "The filter, as ListSims takes it; a customer's is within their own organization") public var filter:
    SimFilter
  @Field(5, "Why (kept in each SIM's history); at most 500 characters") public var comment: String
  @Field(6, "edit: the name every SIM gets, at most 200 characters") public var name: String
  @Field(7, "edit: the groups every SIM gets, at most 20 of at most 100 characters") public var groups: [String]
  @Field(8, "setLimit: the caps every SIM gets; zero removes one") public var limits: SimLimits
  @Field(9, "setPackage: the package code, at most 64 characters; empty removes it") public var package: String
}

@WireMessage("How many of the selected SIMs one reason refuses.")
public struct BulkRefusalCount: Sendable, Hashable {
  @Field(1, "Stable reason, e.g. SIM_ALREADY_BLOCKED") public var reason: String
  @Field(2, "SIMs it refuses") public var count: UInt64
}

@WireMessage("What a bulk operation would do now, before it is started.")
public struct BulkOperationPreview: Sendable, Hashable {
  @Field(1, "SIMs selected (a listed ICCID the caller cannot see counts, as refused)") public var total: UInt64
  @Field(2, "SIMs the operation would run on") public var allowed: UInt64
  @Field(3, "SIMs it would be refused for") public var refused: UInt64
  @Field(4, "Refusals by reason, the most frequent first") public var reasons: [BulkRefusalCount]
  @Field(5, "The first 100 refused SIMs by ICCID, each with its reason") public var refusedSims: [SimRefusalNote]
}

@WireMessage("A bulk operation and how far it is.")
public struct BulkOperation: Sendable, Hashable {
  @Field(1, "Its id: the task's id (ListTasks, GetTask, CancelTask)") public var id: String
  @Field(2, "The operation") public var operation: SimOperationKind
  @Field(3, "Where it is (queued, running, cancelling, cancelled, finished, failed)") public var state: TelecomTaskState
  @Field(4, "SIMs in it, frozen when it started") public var total: UInt64
  @Field(5, "SIMs not reached yet") public var pending: UInt64
  @Field(6, "SIMs operated") public var done: UInt64
  @Field(7, "SIMs the network did not operate") public var failed: UInt64
  @Field(8, "SIMs refused (their state, or not the caller's)") public var refused: UInt64
  @Field(9, "SIMs left alone because it was cancelled") public var cancelled: UInt64
  @Field(10, "Why, as the person gave it") public var comment: String
  @Field(11, "What it sets, e.g. `limits: 500 MB, spend 100`") public var detail: String
  @Field(12, "Who started it (`staff:<id>`, `customer:<id>`)") public var actor: String
  @Field(13, "When it was started") public var createdAt: UTCTimestamp
  @Field(14, "When it ended") public var finishedAt: UTCTimestamp?
}

@WireMessage("One of the caller's bulk operations.")
public struct GetBulkOperationRequest: Sendable, Hashable {
  @Field(1, "Its id (the task id)") public var id: String
}

@WireMessage("The SIMs of one of the caller's bulk operations, by ICCID.")
public struct ListBulkOperationItemsRequest: Sendable, Hashable {
  @Field(1, "The bulk operation's id") public var id: String
  @Field(2, "Only SIMs in these statuses; empty for all") public var statuses: [BulkItemStatus]
  @Field(3, "Page: default 100, at most 1000") public var page: PageRequest
}

@WireMessage("One SIM of a bulk operation and what happened to it.")
public struct BulkOperationItem: Sendable, Hashable {
  @Field(1, "ICCID") public var iccid: String
  @Field(2, "Where it is") public var status: BulkItemStatus
  @Field(3, "Failed or refused: the stable reason") public var reason: String
  @Field(4, "Failed or refused: what went wrong, for a person") public var message: String
  @Field(5, "The SIM operation's id (GetSimOperation), once it is recorded") public var operationID: String
  @Field(6, "When it ended") public var finishedAt: UTCTimestamp?
}

@WireMessage("A page of a bulk operation's SIMs.")
public struct ListBulkOperationItemsReply: Sendable, Hashable {
  @Field(1, "SIMs, by ICCID") public var items: [BulkOperationItem]
  @Field(2, "Token for the next page; empty on the last") public var nextPageToken: String
}
