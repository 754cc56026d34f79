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

/// The SQL of bulk operations and their per-SIM items (docs/telecom.md, "Bulk operations").
extension Telecom {
  // MARK: The selection

  /// The listed SIMs that exist, in ICCID order (the caller's organization is applied by the caller).
  func bulkCandidates(listed iccids: [String], organization: UUID?, on connection: PostgresConnection) async throws
    -> [BulkCandidate]
  {
    try await connection.query(
      """
      SELECT \(unescaped: BulkCandidate.columns) FROM sims s
      WHERE s.iccid = ANY(\(iccids)) AND (\(organization)::uuid IS NULL OR s.organization_id = \(organization))
      ORDER BY s.iccid
      """, logger: self.logger
    ).decode(BulkCandidate.Row.self).collect().map(BulkCandidate.init)
  }

  /// The SIMs matching `filter` within `organization` (nil: all), in ICCID order, at most `limit`.
  func bulkCandidates(filter: SimFilter, organization: UUID?, limit: Int, on connection: PostgresConnection)
    async throws -> [BulkCandidate]
  {
    let query = self.simQuery(
      "SELECT \(BulkCandidate.columns) FROM sims s", filter: filter, organization: organization, after: nil,
      expression: "s.iccid", comparison: ">", tail: "ORDER BY s.iccid LIMIT \(limit)")
    return try await connection.query(query, logger: self.logger).decode(BulkCandidate.Row.self).collect()
      .map(BulkCandidate.init)
  }

  // MARK: Starting

  func insertBulk(
    id: UUID, _ operation: SimOperation, values: OperationValues, comment: String, actor: String, userID: String,
    organization: UUID?, on connection: PostgresConnection
  ) async throws {
    try await connection.query(
      """
      INSERT INTO bulk_operations (task_id, operation, comment, new_name, new_groups, new_limit_data_mb,
                                   new_limit_spend, new_package, detail, actor, user_id, organization_id, created_at)
      VALUES (\(id), \(operation.rawValue), \(comment), \(values.name), \(values.groups), \(values.limitDataMegabytes),
              \(values.limitSpend)::numeric, \(values.package), \(values.detail), \(actor), \(userID), \(organization),
              \(self.now))
      """, logger: self.logger)
  }

  /// Freezes the selection: one pending item per SIM found, each with the id its operation will
  /// have; listed ICCIDs not found (or not the caller's) refused at once as SIM_NOT_FOUND.
  func insertBulkItems(id: UUID, pending: [String], missing: [String], on connection: PostgresConnection)
    async throws
  {
    try await connection.query(
      """
      INSERT INTO bulk_operation_items (task_id, iccid, status, operation_id)
      SELECT \(id), iccid, 'pending', gen_random_uuid() FROM unnest(\(pending)::text[]) AS iccid
      """, logger: self.logger)
    try await connection.query(
      """
      INSERT INTO bulk_operation_items (task_id, iccid, status, operation_id, reason, message, finished_at)
      SELECT \(id), iccid, 'refused', gen_random_uuid(), \(TelecomError.simNotFound.reason),
             \(TelecomError.simNotFound.message), \(self.now)
      FROM unnest(\(missing)::text[]) AS iccid
      """, logger: self.logger)
  }

  // MARK: Reading

  func bulk(id: UUID, on connection: PostgresConnection) async throws -> BulkRow? {
    try await connection.query(
      "SELECT \(unescaped: BulkRow.columns) FROM bulk_operations b WHERE b.task_id = \(id)", logger: self.logger
    ).decode(BulkRow.Row.self).collect().first.flatMap(BulkRow.init)
  }

  func bulkCounts(id: UUID, on connection: PostgresConnection) async throws -> BulkCounts {
    var counts = BulkCounts()
    for (status, count) in try await connection.query(
      "SELECT status, count(*) FROM bulk_operation_items WHERE task_id = \(id) GROUP BY status", logger: self.logger
    ).decode((String, Int64).self).collect() {
      if let state = BulkItemState(rawValue: status) { counts.byState[state] = count }
    }
    return counts
  }

  typealias BulkItemRow = (String, String, String, String, UUID, UTCTimestamp?)

  /// A page of items in ICCID order after `after`, only those in `states` (all when empty).
  func bulkItems(
    id: UUID, states: [BulkItemState], after: String?, limit: Int, on connection: PostgresConnection
  ) async throws -> [BulkItemRow] {
    let names = states.map(\.rawValue)
    return try await connection.query(
      """
      SELECT i.iccid, i.status, i.reason, i.message, i.operation_id, i.finished_at FROM bulk_operation_items i
      WHERE i.task_id = \(id) AND (cardinality(\(names)::text[]) = 0 OR i.status = ANY(\(names)::text[]))
        AND (\(after)::text IS NULL OR i.iccid > \(after))
      ORDER BY i.iccid LIMIT \(limit)
      """, logger: self.logger
    ).decode(BulkItemRow.self).collect()
  }

  // MARK: Running

  /// The next pending items of a pass, in ICCID order after `after`.
  func pendingBulkItems(id: UUID, after: String?, limit: Int, on connection: PostgresConnection) async throws
    -> [String]
  {
    try await connection.query(
      """
      SELECT iccid FROM bulk_operation_items
      WHERE task_id = \(id) AND status = 'pending' AND (\(after)::text IS NULL OR iccid > \(after))
      ORDER BY iccid LIMIT \(limit)
      """, logger: self.logger
    ).decode(String.self).collect()
  }

  /// Locks the item if it is still pending and returns its operation's id; nil when it has
  /// ended (another worker settled it meanwhile).
  func lockPendingBulkItem(id: UUID, iccid: String, on connection: PostgresConnection) async throws -> UUID? {
    try await connection.query(
      """
      SELECT operation_id FROM bulk_operation_items WHERE task_id = \(id) AND iccid = \(iccid) AND status = 'pending'
      FOR UPDATE
      """, logger: self.logger
    ).decode(UUID.self).collect().first
  }

  /// The bulk operation's SIM operations still waiting for the network.
  func pendingBulkOperations(id: UUID, on connection: PostgresConnection) async throws -> [UUID] {
    try await connection.query(
      """
      SELECT o.id FROM bulk_operation_items i JOIN sim_operations o ON o.id = i.operation_id
      WHERE i.task_id = \(id) AND i.status = 'pending' AND o.status = 'pending'
      """, logger: self.logger
    ).decode(UUID.self).collect()
  }

  /// The status of operation `id` (`pending`, `done`, `failed`), nil if it was never recorded.
  func operationStatus(id: UUID, on connection: PostgresConnection) async throws -> String? {
    try await connection.query("SELECT status FROM sim_operations WHERE id = \(id)", logger: self.logger)
      .decode(String.self).collect().first
  }

  /// Whether another operation on the SIM waits for the network.
  func hasPendingOperation(iccid: String, on connection: PostgresConnection) async throws -> Bool {
    try await connection.query(
      "SELECT 1 FROM sim_operations WHERE iccid = \(iccid) AND status = 'pending'", logger: self.logger
    ).decode(Int32.self).collect().isEmpty == false
  }

  /// The item takes its operation's outcome, once the operation has ended.
  func settleBulkItem(id: UUID, iccid: String, on connection: PostgresConnection) async throws {
    try await connection.query(
      """
      UPDATE bulk_operation_items i SET status = o.status, reason = o.reason, message = o.message,
        finished_at = \(self.now)
      FROM sim_operations o
      WHERE i.task_id = \(id) AND i.iccid = \(iccid) AND i.status = 'pending' AND o.id = i.operation_id
        AND o.status IN ('done', 'failed')
      """, logger: self.logger)
  }

  func refuseBulkItem(id: UUID, iccid: String, reason: String, message: String, on connection: PostgresConnection)
    async throws
  {
    try await connection.query(
      """
      UPDATE bulk_operation_items SET status = 'refused', reason = \(reason), message = \(message),
        finished_at = \(self.now)
      WHERE task_id = \(id) AND iccid = \(iccid) AND status = 'pending'
      """, logger: self.logger)
  }

  /// Notes that the item waits for another operation on its SIM; returns since when it has.
  func markBulkItemWaiting(id: UUID, iccid: String, on connection: PostgresConnection) async throws -> UTCTimestamp {
    try await connection.query(
      """
      UPDATE bulk_operation_items SET waiting_since = COALESCE(waiting_since, \(self.now))
      WHERE task_id = \(id) AND iccid = \(iccid) RETURNING waiting_since
      """, logger: self.logger
    ).decode(UTCTimestamp.self).collect().first ?? self.now
  }

  /// Cancel: every pending item whose operation was never recorded is left alone. Items whose
  /// operation was recorded (a run cut short mid-call) stay pending, to be finished with it.
  func cancelUnstartedBulkItems(id: UUID, on connection: PostgresConnection) async throws {
    try await connection.query(
      """
      UPDATE bulk_operation_items i SET status = 'cancelled', finished_at = \(self.now)
      WHERE i.task_id = \(id) AND i.status = 'pending'
        AND NOT EXISTS (SELECT 1 FROM sim_operations o WHERE o.id = i.operation_id)
      """, logger: self.logger)
  }
}
