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

/// The SQL of SIMs and their operations.
extension Telecom {
  func sim(iccid: String, forUpdate: Bool, on connection: PostgresConnection) async throws -> SimRow? {
    try await connection.query(
      """
      SELECT \(unescaped: SimRow.columns) FROM sims s WHERE s.iccid = \(iccid) \(unescaped: forUpdate ? "FOR UPDATE" : "")
      """, logger: self.logger
    ).decode(SimRow.Row.self).collect().first.map(SimRow.init)
  }

  /// Writes the operation, pending, with what the SIM becomes once the network confirms.
  func record(
    id: UUID, _ operation: SimOperation, on sim: SimRow, to after: SimStatus, step: NetworkStep,
    values: OperationValues, actor: String, comment: String, on connection: PostgresConnection
  ) async throws {
    try await connection.query(
      """
      INSERT INTO sim_operations (id, iccid, kind, status, after_state, after_before_debt, network_action, new_name,
                                  new_groups, new_limit_data_mb, new_limit_spend, new_package, new_account_number,
                                  new_customer_name, new_organization_id, actor, comment, detail, created_at)
      VALUES (\(id), \(sim.iccid), \(operation.rawValue), 'pending', \(after.state.rawValue), \(after.beforeDebt?.rawValue),
              \(step.column), \(values.name), \(values.groups), \(values.limitDataMegabytes), \(values.limitSpend)::numeric,
              \(values.package), \(values.accountNumber), \(values.customerName), \(values.organizationID), \(actor),
              \(comment), \(values.detail), \(self.now))
      """, logger: self.logger)
  }

  /// The network confirmed (or had no part): the SIM takes the operation's values.
  func finish(_ id: UUID, presence: NetworkPresence?, on connection: PostgresConnection) async throws {
    try await connection.query(
      """
      WITH done AS (
        UPDATE sim_operations SET status = 'done', finished_at = \(self.now) WHERE id = \(id) AND status = 'pending'
        RETURNING *)
      UPDATE sims s SET state = d.after_state, before_debt = d.after_before_debt,
        name = COALESCE(d.new_name, s.name), groups = COALESCE(d.new_groups, s.groups),
        limit_data_mb = COALESCE(d.new_limit_data_mb, s.limit_data_mb),
        limit_spend = COALESCE(d.new_limit_spend, s.limit_spend), package = COALESCE(d.new_package, s.package),
        account_number = COALESCE(d.new_account_number, s.account_number),
        customer_name = COALESCE(d.new_customer_name, s.customer_name),
        organization_id = COALESCE(d.new_organization_id, s.organization_id),
        connection = COALESCE(\(presence?.connection.rawValue), s.connection),
        last_seen = COALESCE(\(presence?.lastSeen), s.last_seen),
        network_operator = COALESCE(\(presence?.operator), s.network_operator),
        country = COALESCE(\(presence?.country), s.country),
        updated_at = \(self.now)
      FROM done d WHERE s.iccid = d.iccid
      """, logger: self.logger)
  }

  /// The network did not do it: the operation failed, the SIM stays as it was.
  func fail(_ id: UUID, _ error: NetworkError, on connection: PostgresConnection) async throws {
    try await connection.query(
      """
      UPDATE sim_operations SET status = 'failed', reason = \(error.reason), message = \(error.message),
        finished_at = \(self.now)
      WHERE id = \(id) AND status = 'pending'
      """, logger: self.logger)
  }

  static let operationColumns = """
    o.id, o.iccid, o.kind, o.status, o.reason, o.message, o.actor, o.comment, o.detail, o.created_at, o.finished_at,
    o.attempts, o.seq
    """
  typealias OperationRow = (
    UUID, String, String, String, String, String, String, String, String, UTCTimestamp, UTCTimestamp?, Int32, Int64
  )

  static func record(_ row: OperationRow) -> SimOperationRecord {
    SimOperationRecord(
      id: row.0.uuidString.lowercased(), iccid: row.1, kind: SimOperation(rawValue: row.2)?.wire ?? .unspecified,
      status: row.3 == "pending" ? .pending : row.3 == "done" ? .done : .failed, reason: row.4, message: row.5,
      actor: row.6, comment: row.7, detail: row.8, createdAt: row.9, finishedAt: row.10,
      attempts: UInt32(clamping: row.11))
  }

  func operation(id: UUID, on connection: PostgresConnection) async throws -> SimOperationRecord {
    guard
      let row = try await connection.query(
        "SELECT \(unescaped: Self.operationColumns) FROM sim_operations o WHERE o.id = \(id)", logger: self.logger
      ).decode(OperationRow.self).collect().first
    else { throw TelecomError.operationNotFound }
    return Self.record(row)
  }
}
