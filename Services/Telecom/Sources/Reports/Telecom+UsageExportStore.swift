import PostgresNIO
import Storage

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// Whose export a task is: the file goes to this user's Downloads, and the report is confined
/// to this organization (nil: a staff member's, over every SIM).
struct ExportOwner: Sendable {
  let userID: String
  let organization: UUID?
}

extension Telecom {
  /// The owner of export task `task` while it is still to be done; nil when it has ended, or
  /// was asked to cancel (then it ends cancelled here, before any work).
  func exportOwner(task id: UUID, on connection: PostgresConnection) async throws -> ExportOwner? {
    guard try await self.exportGoesOn(id, done: 0, on: connection) else { return nil }
    let rows = try await connection.query(
      "SELECT user_id, organization_id FROM tasks WHERE id = \(id)", logger: self.logger
    ).decode((String, UUID?).self).collect()
    return rows.first.map { ExportOwner(userID: $0.0, organization: $0.1) }
  }

  /// Between pages: records progress and says whether to go on. A task asked to cancel ends
  /// cancelled here (no file is made); one that has ended (another run finished it) stops.
  func exportGoesOn(_ id: UUID, done: Int64, on connection: PostgresConnection) async throws -> Bool {
    guard let state = try await self.taskState(id: id, on: connection), !state.ended else { return false }
    if state == .cancelling {
      try await self.finishTask(
        id: id, state: .cancelled, result: "", message: "Cancelled; no file was made.", on: connection)
      return false
    }
    try await self.setTaskProgress(id: id, done: done, failed: 0, on: connection)
    return true
  }
}
