import PostgresNIO
import RPC
import Storage
import WireCodec

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// The SQL of tasks and notifications. Every function takes the caller's transaction, so a
/// task's progress commits with the work it counts.
extension Telecom {
  /// A new task owned by `caller`, queued.
  func createTask(
    id: UUID, kind: TaskKind, title: String, total: Int64, caller: Caller, on connection: PostgresConnection
  ) async throws {
    let organization = try self.scope(of: caller)
    try await connection.query(
      """
      INSERT INTO tasks (id, user_id, organization_id, kind, title, state, total, created_at, updated_at)
      VALUES (\(id), \(caller.userID), \(organization), \(kind.rawValue), \(title), 'queued', \(max(total, 0)),
              \(self.now), \(self.now))
      """, logger: self.logger)
  }

  /// Progress as absolute numbers. A queued task becomes running; one asked to cancel stays
  /// `cancelling` until its work ends it.
  func setTaskProgress(id: UUID, done: Int64, failed: Int64, on connection: PostgresConnection) async throws {
    try await connection.query(
      """
      UPDATE tasks SET done = \(max(done, 0)), failed = \(max(failed, 0)), updated_at = \(self.now),
        state = CASE WHEN state = 'queued' THEN 'running' ELSE state END
      WHERE id = \(id) AND state IN ('queued', 'running', 'cancelling')
      """, logger: self.logger)
  }

  /// The task's state now; nil if there is no such task.
  func taskState(id: UUID, on connection: PostgresConnection) async throws -> TaskState? {
    try await connection.query("SELECT state FROM tasks WHERE id = \(id)", logger: self.logger)
      .decode(String.self).collect().first.flatMap(TaskState.init(rawValue:))
  }

  /// Ends the task — finished, failed or cancelled — and tells its owner in the bell. A task
  /// that has already ended is left as it is (a retried job ends it once).
  func finishTask(
    id: UUID, state: TaskState, result: String, message: String, on connection: PostgresConnection
  ) async throws {
    precondition(state.ended, "a task ends finished, failed or cancelled")
    let ended = try await connection.query(
      """
      UPDATE tasks SET state = \(state.rawValue), result = \(result), message = \(message), updated_at = \(self.now),
        finished_at = \(self.now)
      WHERE id = \(id) AND state IN ('queued', 'running', 'cancelling')
      RETURNING user_id, title
      """, logger: self.logger
    ).decode((String, String).self).collect()
    guard let (user, title) = ended.first else { return }
    let headline: String
    switch state {
    case .cancelled: headline = "Cancelled: \(title)"
    case .failed: headline = "Failed: \(title)"
    default: headline = "Done: \(title)"
    }
    try await self.notify(
      userID: user, kind: "task.\(state.rawValue)", title: headline, body: message, taskID: id, on: connection)
  }

  /// A notification to `userID` (the bell in the cabinet header).
  func notify(
    userID: String, kind: String, title: String, body: String, taskID: UUID?, on connection: PostgresConnection
  ) async throws {
    try await connection.query(
      """
      INSERT INTO notifications (id, user_id, kind, title, body, task_id, created_at)
      VALUES (\(UUID()), \(userID), \(kind), \(title), \(body), \(taskID), \(self.now))
      """, logger: self.logger)
  }

  /// The caller's task `id`, or nil (another user's task is as good as none).
  func task(id: UUID, of user: String, forUpdate: Bool = false, on connection: PostgresConnection) async throws
    -> TaskRow?
  {
    try await connection.query(
      """
      SELECT \(unescaped: TaskRow.columns) FROM tasks t WHERE t.id = \(id) AND t.user_id = \(user)
      \(unescaped: forUpdate ? "FOR UPDATE" : "")
      """, logger: self.logger
    ).decode(TaskRow.Row.self).collect().first.map(TaskRow.init)
  }

  func tasks(of user: String, activeOnly: Bool, page: Page<Int64>, on connection: PostgresConnection) async throws
    -> [TaskRow]
  {
    try await connection.query(
      """
      SELECT \(unescaped: TaskRow.columns) FROM tasks t
      WHERE t.user_id = \(user) AND (\(page.after)::bigint IS NULL OR t.seq < \(page.after))
        AND (NOT \(activeOnly) OR t.state IN ('queued', 'running', 'cancelling'))
      ORDER BY t.seq DESC LIMIT \(page.limit)
      """, logger: self.logger
    ).decode(TaskRow.Row.self).collect().map(TaskRow.init)
  }

  /// Asks a running task to stop: the work sees `cancelling` at its next step.
  func requestCancel(_ id: UUID, on connection: PostgresConnection) async throws {
    try await connection.query(
      "UPDATE tasks SET state = 'cancelling', updated_at = \(self.now) WHERE id = \(id)", logger: self.logger)
  }

  static let notificationColumns = "n.id, n.kind, n.title, n.body, n.task_id, n.created_at, n.read_at, n.seq"
  typealias NotificationRow = (UUID, String, String, String, UUID?, UTCTimestamp, UTCTimestamp?, Int64)

  func notifications(of user: String, unreadOnly: Bool, page: Page<Int64>, on connection: PostgresConnection)
    async throws -> [NotificationRow]
  {
    try await connection.query(
      """
      SELECT \(unescaped: Self.notificationColumns) FROM notifications n
      WHERE n.user_id = \(user) AND (\(page.after)::bigint IS NULL OR n.seq < \(page.after))
        AND (NOT \(unreadOnly) OR n.read_at IS NULL)
      ORDER BY n.seq DESC LIMIT \(page.limit)
      """, logger: self.logger
    ).decode(NotificationRow.self).collect()
  }

  func unreadCount(of user: String, on connection: PostgresConnection) async throws -> Int64 {
    try await connection.query(
      "SELECT count(*) FROM notifications WHERE user_id = \(user) AND read_at IS NULL", logger: self.logger
    ).decode(Int64.self).collect().first ?? 0
  }

  /// Marks `ids` (all when nil) of the user's unread notifications read.
  func markRead(_ ids: [UUID]?, of user: String, on connection: PostgresConnection) async throws {
    try await connection.query(
      """
      UPDATE notifications SET read_at = \(self.now)
      WHERE user_id = \(user) AND read_at IS NULL AND (\(ids == nil) OR id = ANY(\(ids ?? [])))
      """, logger: self.logger)
  }
}
