public import RPC
public import WireCodec

/// What kind of long-running work a task is.
public enum TelecomTaskKind: Int32, WireEnum, Sendable {
  case unspecified = 0
  /// A bulk operation on many SIMs.
  case bulk = 1
  /// A report exported to the user's Downloads.
  case export = 2

  public static var wireFallback: TelecomTaskKind { .unspecified }
}

/// Where a task is (docs/telecom.md, "Tasks and notifications").
public enum TelecomTaskState: Int32, WireEnum, Sendable {
  case unspecified = 0
  case queued = 1
  case running = 2
  /// Cancel was asked; the task stops at its next step.
  case cancelling = 3
  case cancelled = 4
  case finished = 5
  case failed = 6

  public static var wireFallback: TelecomTaskState { .unspecified }
}

@WireMessage("A user's long-running work (a bulk operation, an export) and how far it is.")
public struct TelecomTask: Sendable, Hashable {
  @Field(1, "Task id (UUID)") public var id: String
  @Field(2, "What kind") public var kind: TelecomTaskKind
  @Field(3, "What it is, for a person, e.g. `Block 10000 SIMs`") public var title: String
  @Field(4, "Where it is") public var state: TelecomTaskState
  @Field(5, "Steps in all (SIMs, rows)") public var total: UInt64
  @Field(6, "Steps done") public var done: UInt64
  @Field(7, "Steps that failed or were refused") public var failed: UInt64
  @Field(8, "What it produced, e.g. the download id of an export") public var result: String
  @Field(9, "How it ended, for a person") public var message: String
  @Field(10, "When it was started") public var createdAt: UTCTimestamp
  @Field(11, "When it ended") public var finishedAt: UTCTimestamp?
}

@WireMessage("One of the caller's tasks.")
public struct GetTaskRequest: Sendable, Hashable {
  @Field(1, "Task id") public var id: String
}

@WireMessage("The caller's tasks, newest first.")
public struct ListTasksRequest: Sendable, Hashable {
  @Field(1, "Only running ones (queued, running, cancelling)") public var activeOnly: Bool
  @Field(2, "Page: default 100, at most 1000") public var page: PageRequest
}

@WireMessage("A page of tasks.")
public struct ListTasksReply: Sendable, Hashable {
  @Field(1, "Tasks") public var tasks: [TelecomTask]
  @Field(2, "Token for the next page; empty on the last") public var nextPageToken: String
}

@WireMessage("A notification in the cabinet header's bell.")
public struct TelecomNotification: Sendable, Hashable {
  @Field(1, "Notification id (UUID)") public var id: String
  @Field(2, "Stable kind, e.g. `task.finished`, `quota.reached`") public var kind: String
  @Field(3, "Headline") public var title: String
  @Field(4, "Text") public var body: String
  @Field(5, "The task it is about; empty if none") public var taskID: String
  @Field(6, "When") public var createdAt: UTCTimestamp
  @Field(7, "When the user read it") public var readAt: UTCTimestamp?
}

@WireMessage("The caller's notifications, newest first.")
public struct ListNotificationsRequest: Sendable, Hashable {
  @Field(1, "Only unread ones") public var unreadOnly: Bool
  @Field(2, "Page: default 100, at most 1000") public var page: PageRequest
}

@WireMessage("A page of notifications and how many are unread in all.")
public struct ListNotificationsReply: Sendable, Hashable {
  @Field(1, "Notifications") public var notifications: [TelecomNotification]
  @Field(2, "Unread notifications in all (the bell's badge)") public var unreadCount: UInt64
  @Field(3, "Token for the next page; empty on the last") public var nextPageToken: String
}

@WireMessage("Mark notifications read.")
public struct MarkNotificationsReadRequest: Sendable, Hashable {
  @Field(1, "Notification ids, at most 1,000; empty with `all` set marks every one") public var ids: [String]
  @Field(2, "Mark all the caller's notifications read") public var all: Bool
}

@WireMessage("How many are unread after marking.")
public struct MarkNotificationsReadReply: Sendable, Hashable {
  @Field(1, "Unread notifications left") public var unreadCount: UInt64
}
