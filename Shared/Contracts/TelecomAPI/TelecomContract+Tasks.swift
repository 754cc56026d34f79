public import RPC

extension TelecomContract {
  // The cabinet header's widgets: every signed-in user has them, so they need only a token
  // for Telecom; each user sees only their own.
  public static let listTasks: UnaryMethod<ListTasksRequest, ListTasksReply> = unary(
    "ListTasks", .authenticated, "The caller's tasks (bulk operations, exports) with progress, newest first, paged.")
  public static let getTask: UnaryMethod<GetTaskRequest, TelecomTask> = unary(
    "GetTask", .authenticated, "One of the caller's tasks, to follow its progress.")
  public static let cancelTask: UnaryMethod<GetTaskRequest, TelecomTask> = unary(
    "CancelTask", .authenticated,
    "Asks one of the caller's running tasks to stop; it stops at its next step, keeping what it did.")
  public static let listNotifications: UnaryMethod<ListNotificationsRequest, ListNotificationsReply> = unary(
    "ListNotifications", .authenticated, "The caller's notifications, newest first, paged, with the unread count.")
  public static let markNotificationsRead: UnaryMethod<MarkNotificationsReadRequest, MarkNotificationsReadReply> =
    unary("MarkNotificationsRead", .authenticated, "Marks some or all of the caller's notifications read.")

  static let taskMethods: [any ContractMethod] = [
    listTasks, getTask, cancelTask, listNotifications, markNotificationsRead,
  ]
}
