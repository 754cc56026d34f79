import GRPCCore
import PostgresNIO
import RPC
import Storage
import TelecomAPI
import TelecomRules
import WireCodec

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

extension TelecomError {
  static let bulkSelectionEmpty = TelecomError(
    code: .failedPrecondition, reason: "BULK_SELECTION_EMPTY",
    message: "None of the selected SIMs was found; there is nothing to operate on.")
  static let bulkSelectionTooLarge = TelecomError(
    code: .failedPrecondition, reason: "BULK_SELECTION_TOO_LARGE",
    message: "The filter matches more than \(Telecom.maximumBulkFilterSelection) SIMs; narrow it, or split the work.")
}

/// Bulk operations (docs/telecom.md, "Bulk operations"): a preview of what an operation would
/// do to a selection, and its start as a task whose job (Telecom+BulkRunner.swift) works
/// through the frozen selection SIM by SIM.
extension Telecom {
  /// The most ICCIDs one request may list: as many as one import file holds.
  static let maximumBulkList = 10_000
  /// The most SIMs a filter may select: the items are frozen in one transaction at the start.
  static let maximumBulkFilterSelection = 100_000
  /// How many refused SIMs a preview names.
  static let bulkPreviewRefusals = 100
  /// The operations people may run in bulk (assignment, retirement and debt are not theirs).
  static let bulkOperations: [SimOperation] = [.block, .unblock, .reboot, .refresh, .edit, .setLimit, .setPackage]

  func previewBulkOperation(_ request: BulkOperationRequest, caller: Caller) async throws -> BulkOperationPreview {
    let plan = try BulkPlan(request, caller: caller)
    let organization = try self.scope(of: caller)
    let (found, missing) = try await self.database.withConnection { connection in
      try await self.bulkSelection(request, organization: organization, on: connection)
    }
    var refused = missing.map { SimRefusalNote(iccid: $0, reason: TelecomError.simNotFound.reason) }
    for sim in found {
      if case .failure(let refusal) = SimLifecycle.apply(plan.operation, to: sim.status) {
        refused.append(SimRefusalNote(iccid: sim.iccid, reason: refusal.reason))
      }
    }
    let byReason = Dictionary(grouping: refused, by: \.reason).map {
      BulkRefusalCount(reason: $0.key, count: UInt64($0.value.count))
    }.sorted { ($0.count, $1.reason) > ($1.count, $0.reason) }
    let total = found.count + missing.count
    return BulkOperationPreview(
      total: UInt64(total), allowed: UInt64(total - refused.count), refused: UInt64(refused.count),
      reasons: byReason,
      refusedSims: Array(refused.sorted { $0.iccid < $1.iccid }.prefix(Self.bulkPreviewRefusals)))
  }

  /// Freezes the selection into per-SIM items, each with its operation's id, creates the task
  /// and enqueues its job, all in one transaction: the job finds exactly the SIMs the caller
  /// saw, whatever changes in the list meanwhile.
  func startBulkOperation(_ request: BulkOperationRequest, caller: Caller) async throws -> BulkOperation {
    let plan = try BulkPlan(request, caller: caller)
    let organization = try self.scope(of: caller)
    let id = UUID()
    try await self.database.transaction { connection in
      let (found, missing) = try await self.bulkSelection(request, organization: organization, on: connection)
      guard !found.isEmpty else { throw TelecomError.bulkSelectionEmpty }
      let total = found.count + missing.count
      try await self.createTask(
        id: id, kind: .bulk, title: plan.title(count: total), total: Int64(total), caller: caller, on: connection)
      try await self.insertBulk(
        id: id, plan.operation, values: plan.values, comment: plan.comment, actor: caller.actor,
        userID: caller.userID, organization: organization, on: connection)
      try await self.insertBulkItems(id: id, pending: found.map(\.iccid), missing: missing, on: connection)
      try await JobQueue.enqueue(
        self.bulkJob(id, chunk: 1, after: nil, runAt: self.now), on: connection, logger: self.logger)
    }
    return try await self.database.withConnection { connection in
      try await self.bulkOperation(id, of: caller.userID, on: connection)
    }
  }

  func getBulkOperation(_ request: GetBulkOperationRequest, caller: Caller) async throws -> BulkOperation {
    let id = try Self.taskID(request.id)
    return try await self.database.withConnection { connection in
      try await self.bulkOperation(id, of: caller.userID, on: connection)
    }
  }

  func listBulkOperationItems(_ request: ListBulkOperationItemsRequest, caller: Caller) async throws
    -> ListBulkOperationItemsReply
  {
    let id = try Self.taskID(request.id)
    let page = try Self.pages.page(of: request.page, by: String.self)
    let states = Set(request.statuses.compactMap(BulkItemState.init(wire:))).sorted { $0.rawValue < $1.rawValue }
    let rows = try await self.database.withConnection { connection in
      // The caller's own, as every task: another's is as good as none.
      _ = try await self.bulkOperation(id, of: caller.userID, on: connection)
      return try await self.bulkItems(id: id, states: states, after: page.after, limit: page.limit, on: connection)
    }
    let (shown, next) = page.cut(rows) { $0.0 }
    return ListBulkOperationItemsReply(
      items: shown.map { row in
        BulkOperationItem(
          iccid: row.0, status: BulkItemState(rawValue: row.1)?.wire ?? .unspecified, reason: row.2, message: row.3,
          operationID: row.4.uuidString.lowercased(), finishedAt: row.5)
      }, nextPageToken: next)
  }

  /// The caller's bulk operation `id` with its counts by status; TASK_NOT_FOUND for anyone else's.
  func bulkOperation(_ id: UUID, of user: String, on connection: PostgresConnection) async throws -> BulkOperation {
    guard let task = try await self.task(id: id, of: user, on: connection),
      let bulk = try await self.bulk(id: id, on: connection)
    else { throw TelecomError.taskNotFound }
    let counts = try await self.bulkCounts(id: id, on: connection)
    return BulkOperation(
      id: id.uuidString.lowercased(), operation: bulk.operation.wire, state: task.state.wire,
      total: UInt64(clamping: counts.total), pending: UInt64(clamping: counts[.pending]),
      done: UInt64(clamping: counts[.done]), failed: UInt64(clamping: counts[.failed]),
      refused: UInt64(clamping: counts[.refused]), cancelled: UInt64(clamping: counts[.cancelled]),
      comment: bulk.comment, detail: bulk.values.detail, actor: bulk.actor, createdAt: bulk.createdAt,
      finishedAt: task.finishedAt)
  }

  /// The SIMs a request selects, in ICCID order, and the listed ICCIDs that are not found or
  /// not the caller's to see (refused as SIM_NOT_FOUND, so ICCIDs cannot be probed).
  func bulkSelection(_ request: BulkOperationRequest, organization: UUID?, on connection: PostgresConnection)
    async throws -> (found: [BulkCandidate], missing: [String])
  {
    if request.byFilter {
      let found = try await self.bulkCandidates(
        filter: request.filter, organization: organization, limit: Self.maximumBulkFilterSelection + 1,
        on: connection)
      guard found.count <= Self.maximumBulkFilterSelection else { throw TelecomError.bulkSelectionTooLarge }
      return (found, [])
    }
    let listed = Array(Set(request.iccids)).sorted()
    let found = try await self.bulkCandidates(listed: listed, organization: organization, on: connection)
    let known = Set(found.map(\.iccid))
    return (found, listed.filter { !known.contains($0) })
  }
}
