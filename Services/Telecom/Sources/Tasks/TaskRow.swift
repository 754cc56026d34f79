import TelecomAPI
import WireCodec

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// What kind of long-running work a task is, as the `tasks.kind` column holds it.
enum TaskKind: String, Sendable {
  case bulk, export

  var wire: TelecomTaskKind {
    switch self {
    case .bulk: .bulk
    case .export: .export
    }
  }
}

/// Where a task is, as the `tasks.state` column holds it. Queued and running tasks may be
/// asked to cancel; the work sees `cancelling` at its next step and ends the task `cancelled`.
enum TaskState: String, Sendable, CaseIterable {
  case queued, running, cancelling, cancelled, finished, failed

  /// Whether the task has ended for good.
  var ended: Bool { self == .cancelled || self == .finished || self == .failed }

  var wire: TelecomTaskState {
    switch self {
    case .queued: .queued
    case .running: .running
    case .cancelling: .cancelling
    case .cancelled: .cancelled
    case .finished: .finished
    case .failed: .failed
    }
  }
}

/// A `tasks` row as the store reads it.
struct TaskRow: Sendable {
  static let columns = """
    t.id, t.kind, t.title, t.state, t.total, t.done, t.failed, t.result, t.message, t.created_at, t.finished_at, t.seq
    """
  typealias Row = (
    UUID, String, String, String, Int64, Int64, Int64, String, String, UTCTimestamp, UTCTimestamp?, Int64
  )

  let id: UUID
  let kind: TaskKind
  let title: String
  let state: TaskState
  let total: Int64
  let done: Int64
  let failed: Int64
  let result: String
  let message: String
  let createdAt: UTCTimestamp
  let finishedAt: UTCTimestamp?
  let seq: Int64

  init(_ row: Row) {
    self.id = row.0
    self.kind = TaskKind(rawValue: row.1) ?? .bulk
    self.title = row.2
    self.state = TaskState(rawValue: row.3) ?? .failed
    self.total = row.4
    self.done = row.5
    self.failed = row.6
    self.result = row.7
    self.message = row.8
    self.createdAt = row.9
    self.finishedAt = row.10
    self.seq = row.11
  }

  var wire: TelecomTask {
    TelecomTask(
      id: self.id.uuidString.lowercased(), kind: self.kind.wire, title: self.title, state: self.state.wire,
      total: UInt64(clamping: self.total), done: UInt64(clamping: self.done), failed: UInt64(clamping: self.failed),
      result: self.result, message: self.message, createdAt: self.createdAt, finishedAt: self.finishedAt)
  }
}
