import RPC
import Storage
import TelecomAPI
import WireCodec

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// The cabinet header's widgets: the caller's tasks and notifications. Each user sees only
/// their own, so no permission beyond a valid token is needed; another user's task answers
/// TASK_NOT_FOUND, as if it did not exist.
extension Telecom {
  func getTask(_ request: GetTaskRequest, caller: Caller) async throws -> TelecomTask {
    let id = try Self.taskID(request.id)
    return try await self.database.withConnection { connection in
      guard let task = try await self.task(id: id, of: caller.userID, on: connection) else {
        throw TelecomError.taskNotFound
      }
      return task.wire
    }
  }

  func listTasks(_ request: ListTasksRequest, caller: Caller) async throws -> ListTasksReply {
    let page = try Self.pages.page(of: request.page, by: Int64.self)
    let rows = try await self.database.withConnection { connection in
      try await self.tasks(of: caller.userID, activeOnly: request.activeOnly, page: page, on: connection)
    }
    let (shown, next) = page.cut(rows) { $0.seq }
    return ListTasksReply(tasks: shown.map(\.wire), nextPageToken: next)
  }

  /// Cancel is a request: the task's work stops at its next step and ends it `cancelled`,
  /// keeping what it did. A task that has ended is TASK_ENDED; asking twice is harmless.
  func cancelTask(_ request: GetTaskRequest, caller: Caller) async throws -> TelecomTask {
    let id = try Self.taskID(request.id)
    return try await self.database.transaction { connection in
      guard let task = try await self.task(id: id, of: caller.userID, forUpdate: true, on: connection) else {
        throw TelecomError.taskNotFound
      }
      guard !task.state.ended else { throw TelecomError.taskEnded }
      try await self.requestCancel(id, on: connection)
      guard let after = try await self.task(id: id, of: caller.userID, on: connection) else {
        throw TelecomError.taskNotFound
      }
      return after.wire
    }
  }

  func listNotifications(_ request: ListNotificationsRequest, caller: Caller) async throws -> ListNotificationsReply {
    let page = try Self.pages.page(of: request.page, by: Int64.self)
    let (rows, unread) = try await self.database.withConnection { connection in
      (
        try await self.notifications(of: caller.userID, unreadOnly: request.unreadOnly, page: page, on: connection),
        try await self.unreadCount(of: caller.userID, on: connection)
      )
    }
    let (shown, next) = page.cut(rows) { $0.7 }
    return ListNotificationsReply(
      notifications: shown.map { row in
        TelecomNotification(
          id: row.0.uuidString.lowercased(), kind: row.1, title: row.2, body: row.3,
          taskID: row.4?.uuidString.lowercased() ?? "", createdAt: row.5, readAt: row.6)
      }, unreadCount: UInt64(clamping: unread), nextPageToken: next)
  }

  func markNotificationsRead(_ request: MarkNotificationsReadRequest, caller: Caller) async throws
    -> MarkNotificationsReadReply
  {
    guard request.all || (1...Self.maximumSelection).contains(request.ids.count) else {
      throw ValidationFailure([
        FieldViolation("ids", "COUNT", "Name 1 to \(Self.maximumSelection) notifications, or set `all`.")
      ])
    }
    var ids: [UUID] = []
    for text in request.ids {
      guard let id = UUID(uuidString: text) else { throw TelecomError.notificationIDInvalid }
      ids.append(id)
    }
    let chosen = request.all ? nil : ids
    let unread = try await self.database.transaction { connection in
      try await self.markRead(chosen, of: caller.userID, on: connection)
      return try await self.unreadCount(of: caller.userID, on: connection)
    }
    return MarkNotificationsReadReply(unreadCount: UInt64(clamping: unread))
  }

  static func taskID(_ text: String) throws -> UUID {
    guard let id = UUID(uuidString: text) else { throw TelecomError.taskNotFound }
    return id
  }
}
