import Logging
import PostgresNIO
import Storage
import TelecomAPI
import TelecomRules
import WireCodec

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// The first step of an item, as its transaction decided it.
enum BulkItemStep: Sendable {
  /// It ended (done, failed or refused), here or by another worker.
  case ended
  /// Another operation on its SIM waits for the network; the item is tried again next pass.
  case waiting
  /// Its operation is recorded pending: ask the network, with the operation's id.
  case network(UUID, SimRow, NetworkStep, OperationValues)
}

/// The jobs of a bulk operation (docs/telecom.md, "Bulk operations"). Each job does one
/// chunk of the pending items, in ICCID order after the chunk before (its payload), and enqueues
/// the job of the next chunk before it ends: a replica's job runner waits for all the jobs of a
/// pass, so one long job would hold back every other job of the replica (debt blocks, recovery)
/// until the whole selection was done. At the start of each chunk, in a transaction that proves
/// its lease, the job looks at the task's state (a cancel stops it there) and records the
/// progress. Each item is an operation of its own as a single operation is
/// (Telecom+Operations.swift): recorded pending with the item's operation id, the network asked
/// outside any transaction, the outcome and the item's status recorded together. Anything cut
/// short — a SIGKILL, a lost lease — is picked up when the job runs again: items that ended stay
/// ended, and an item whose operation is pending is carried out again with the same id, which the
/// network applies once.
extension Telecom {
  static let bulkOperationJob = "telecom.bulk-operation"
  /// Runs of one chunk's job before the task is given up as failed (with the runner's backoff,
  /// many hours).
  static let bulkOperationAttempts = 20
  /// Items of one chunk in flight at once: the network's latency overlaps, within the rate.
  static let bulkParallelism = 8
  /// The pause before another pass over items that wait for another operation on their SIM.
  static let bulkWaitPause = Duration.seconds(1)

  /// How long an item waits for another operation on its SIM before it is refused
  /// SIM_OPERATION_PENDING: by then the recovery job has asked the network again.
  var bulkWaitLimit: Duration { self.settings.operationRecoveryAfter + .seconds(60) }

  /// Items per chunk: about half a second of network calls at the configured rate, so other
  /// jobs of the replica run between chunks and a cancel is seen twice a second.
  var bulkChunkSize: Int { max(Self.bulkParallelism, min(500, self.settings.bulkOperationsPerSecond / 2)) }

  /// The job of chunk `chunk` (from 1) of bulk operation `id`, starting after ICCID `after`
  /// (nil: from the first pending item).
  func bulkJob(_ id: UUID, chunk: Int, after: String?, runAt: UTCTimestamp) -> JobRequest {
    JobRequest(
      kind: Self.bulkOperationJob, key: "\(id.uuidString)/\(chunk)", payload: Array((after ?? "").utf8), runAt: runAt)
  }

  func runBulkOperation(_ job: LeasedJob, pacer: BulkPacer) async throws {
    let key = job.job.key.split(separator: "/")
    guard key.count == 2, let id = UUID(uuidString: String(key[0])), let chunk = Int(key[1]) else { return }
    let after = String(decoding: job.job.payload, as: UTF8.self)
    do {
      try await self.runBulkChunk(id, chunk: chunk, after: after.isEmpty ? nil : after, job: job, pacer: pacer)
    } catch let error where !(error is JobLeaseLost) && job.job.attempt >= Self.bulkOperationAttempts {
      self.logger.error("bulk operation given up", metadata: ["task": "\(id)", "error": "\(error)"])
      try? await job.transaction { connection in
        try await self.finishTask(
          id: id, state: .failed, result: "",
          message: "It could not be completed; the SIMs it reached keep their results.", on: connection)
        // An operation left waiting for the network is no longer this job's: the recovery job
        // of single operations ends it, so its SIM is not held.
        for operation in try await self.pendingBulkOperations(id: id, on: connection) {
          try await JobQueue.enqueue(
            JobRequest(kind: Self.operationRecoveryJob, key: operation.uuidString, runAt: self.now), on: connection,
            logger: self.logger)
        }
      }
      throw error
    }
  }

  /// One chunk, then the next chunk's job: after this chunk's last ICCID, or — when the pass is
  /// over and items are left that wait for other operations on their SIMs — from the start
  /// again after a pause.
  func runBulkChunk(_ id: UUID, chunk: Int, after: String?, job: LeasedJob, pacer: BulkPacer) async throws {
    let limit = self.bulkChunkSize
    let work = try await job.transaction { connection -> (BulkRow, [String])? in
      guard let bulk = try await self.bulk(id: id, on: connection),
        let items = try await self.nextBulkChunk(id, after: after, limit: limit, on: connection)
      else { return nil }
      return (bulk, items)
    }
    guard let (bulk, items) = work else { return }
    let next: JobRequest
    if let last = items.last {
      try await self.runBulkItems(items, of: bulk, pacer: pacer)
      next = self.bulkJob(id, chunk: chunk + 1, after: last, runAt: self.now)
    } else {
      next = self.bulkJob(id, chunk: chunk + 1, after: nil, runAt: self.now.adding(Self.bulkWaitPause))
    }
    try await job.transaction { connection in
      try await JobQueue.enqueue(next, on: connection, logger: self.logger)
    }
  }

  /// Between chunks, in the lease's transaction: a cancel marks the items not yet started
  /// cancelled; with nothing pending the task ends (and its owner is notified); otherwise the
  /// progress is recorded and the next pending items after `after` returned. Nil: stop.
  func nextBulkChunk(_ id: UUID, after: String?, limit: Int, on connection: PostgresConnection) async throws
    -> [String]?
  {
    guard let state = try await self.taskState(id: id, on: connection), !state.ended else { return nil }
    if state == .cancelling { try await self.cancelUnstartedBulkItems(id: id, on: connection) }
    let counts = try await self.bulkCounts(id: id, on: connection)
    try await self.setTaskProgress(
      id: id, done: counts[.done], failed: counts[.failed] + counts[.refused], on: connection)
    guard counts[.pending] > 0 else {
      var parts = ["\(counts[.done]) done"]
      if counts[.failed] > 0 { parts.append("\(counts[.failed]) failed") }
      if counts[.refused] > 0 { parts.append("\(counts[.refused]) refused") }
      if counts[.cancelled] > 0 { parts.append("\(counts[.cancelled]) cancelled") }
      try await self.finishTask(
        id: id, state: state == .cancelling ? .cancelled : .finished, result: "",
        message: parts.joined(separator: ", ") + " of \(counts.total) SIMs.", on: connection)
      return nil
    }
    return try await self.pendingBulkItems(id: id, after: after, limit: limit, on: connection)
  }

  /// Runs a chunk's items, `bulkParallelism` at a time.
  func runBulkItems(_ iccids: [String], of bulk: BulkRow, pacer: BulkPacer) async throws {
    try await withThrowingTaskGroup(of: Void.self) { group in
      var queue = iccids.makeIterator()
      for _ in 0..<Self.bulkParallelism {
        guard let iccid = queue.next() else { break }
        group.addTask { try await self.runBulkItem(iccid, of: bulk, pacer: pacer) }
      }
      while try await group.next() != nil {
        if let iccid = queue.next() {
          group.addTask { try await self.runBulkItem(iccid, of: bulk, pacer: pacer) }
        }
      }
    }
  }

  /// One SIM. Its transactions are the database's, not the lease's: those would all queue on
  /// the job's row. A worker that lost its lease mid-chunk may so finish an item another has
  /// taken over; both use the item's one operation id and settle it only while it is pending,
  /// so the SIM is still operated once.
  func runBulkItem(_ iccid: String, of bulk: BulkRow, pacer: BulkPacer) async throws {
    let step = try await self.database.transaction { connection in
      try await self.beginBulkItem(iccid, of: bulk, on: connection)
    }
    guard case .network(let operation, let sim, let networkStep, let values) = step else { return }
    try await pacer.wait()
    let outcome = await self.askNetwork(operation, step: networkStep, sim: sim, values: values)
    try await self.database.transaction { connection in
      try await self.recordOutcome(operation, outcome, on: connection)
      try await self.settleBulkItem(id: bulk.id, iccid: iccid, on: connection)
    }
  }

  /// The item's first step, with the item and then its SIM locked: an operation already
  /// recorded for it is resumed or its outcome taken; otherwise the SIM is judged as a single
  /// operation judges it and the operation recorded with the item's id.
  func beginBulkItem(_ iccid: String, of bulk: BulkRow, on connection: PostgresConnection) async throws
    -> BulkItemStep
  {
    guard let operation = try await self.lockPendingBulkItem(id: bulk.id, iccid: iccid, on: connection) else {
      return .ended
    }
    switch try await self.operationStatus(id: operation, on: connection) {
    case "pending"?:
      // Recorded by a run that stopped before the network's answer was: ask again, same id.
      guard let (sim, step, values) = try await self.pendingOperation(operation, on: connection) else {
        return .ended
      }
      return .network(operation, sim, step, values)
    case .some:
      // The recovery job finished it meanwhile.
      try await self.settleBulkItem(id: bulk.id, iccid: iccid, on: connection)
      return .ended
    case nil:
      break
    }
    // A SIM that moved to another organization since the start is no longer the caller's.
    guard let sim = try await self.sim(iccid: iccid, forUpdate: true, on: connection),
      bulk.organizationID == nil || sim.organizationID == bulk.organizationID
    else {
      let refusal = TelecomError.simNotFound
      try await self.refuseBulkItem(
        id: bulk.id, iccid: iccid, reason: refusal.reason, message: refusal.message, on: connection)
      return .ended
    }
    if try await self.hasPendingOperation(iccid: iccid, on: connection) {
      let since = try await self.markBulkItemWaiting(id: bulk.id, iccid: iccid, on: connection)
      guard since.adding(self.bulkWaitLimit) <= self.now else { return .waiting }
      let refusal = TelecomError.operationPending
      try await self.refuseBulkItem(
        id: bulk.id, iccid: iccid, reason: refusal.reason, message: refusal.message, on: connection)
      return .ended
    }
    switch try await self.begin(
      operation, bulk.operation, on: sim, values: bulk.values, actor: bulk.actor, comment: bulk.comment,
      networkCaller: .bulk, on: connection)
    {
    case .failure(let refusal):
      try await self.refuseBulkItem(
        id: bulk.id, iccid: iccid, reason: refusal.reason, message: refusal.message, on: connection)
      return .ended
    case .success(.none):
      try await self.settleBulkItem(id: bulk.id, iccid: iccid, on: connection)
      return .ended
    case .success(let step):
      return .network(operation, sim, step, bulk.values)
    }
  }
}
