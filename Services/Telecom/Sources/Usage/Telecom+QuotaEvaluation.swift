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

extension Telecom {
  /// Checks the quotas of the SIMs whose usage just arrived, in the transaction that stores
  /// it: a SIM whose month's usage (UTC calendar month of each record's start) has reached a
  /// threshold gets a hit, once per quota, SIM and month — the key makes a second arrival of
  /// the same month a no-op. A new hit notifies whoever set the quota; a `block` quota also
  /// blocks the SIM as its customer would (unblocking is theirs), through the operation job,
  /// outside this transaction.
  func evaluateQuotas(for months: [(iccid: String, month: String)], on connection: PostgresConnection)
    async throws
  {
    guard !months.isEmpty else { return }
    let hits = try await connection.query(
      """
      WITH touched AS (
        SELECT DISTINCT t.iccid, t.month::date AS month
        FROM unnest(\(months.map(\.iccid))::text[], \(months.map(\.month))::text[]) AS t(iccid, month)),
      applicable AS (
        SELECT q.id, q.metric, q.threshold, q.action, q.created_by, t.iccid, t.month
        FROM touched t JOIN sims s ON s.iccid = t.iccid
        JOIN quotas q ON q.iccid = s.iccid
          OR (q.sim_group = ANY(s.groups) AND (q.organization_id IS NULL OR q.organization_id = s.organization_id))),
      used AS (
        SELECT a.id, a.iccid, a.month, a.threshold, a.action, a.created_by, a.metric,
          (SELECT COALESCE(sum(CASE a.metric
                    WHEN 'data_bytes' THEN CASE WHEN r.kind = 'data' THEN r.quantity ELSE 0 END
                    WHEN 'call_seconds' THEN CASE WHEN r.kind = 'call' THEN r.quantity ELSE 0 END
                    WHEN 'sms_count' THEN CASE WHEN r.kind = 'sms' THEN r.quantity ELSE 0 END
                    ELSE r.cost_minor END), 0)::bigint
           FROM usage_records r
           WHERE r.iccid = a.iccid AND r.started_at >= a.month::timestamp AT TIME ZONE 'UTC'
             AND r.started_at < (a.month + interval '1 month')::timestamp AT TIME ZONE 'UTC') AS used
        FROM applicable a)
      INSERT INTO quota_hits (quota_id, iccid, month, used, reached_at)
      SELECT u.id, u.iccid, u.month, u.used, \(self.now) FROM used u WHERE u.used >= u.threshold
      ON CONFLICT DO NOTHING
      RETURNING quota_id, iccid, month::text, used
      """, logger: self.logger
    ).decode((UUID, String, String, Int64).self).collect()
    for (quota, iccid, month, used) in hits {
      try await self.quotaReached(quota, iccid: iccid, month: month, used: used, on: connection)
    }
  }

  private func quotaReached(
    _ quota: UUID, iccid: String, month: String, used: Int64, on connection: PostgresConnection
  ) async throws {
    guard
      let (metric, threshold, action, owner) = try await connection.query(
        "SELECT metric, threshold, action, created_by FROM quotas WHERE id = \(quota)", logger: self.logger
      ).decode((String, Int64, String, String).self).collect().first,
      let sim = try await self.sim(iccid: iccid, forUpdate: true, on: connection)
    else { return }
    var body =
      "SIM \(iccid) (\(sim.message.name.isEmpty ? sim.msisdn : sim.message.name)) used \(used) \(metric) in \(month.prefix(7)),"
    body += " the threshold is \(threshold)."
    if action == "block" {
      let blocked = try await self.begin(
        UUID(), .block, on: sim, values: OperationValues(detail: "quota \(quota)"),
        actor: "quota:\(quota.uuidString.lowercased())", comment: "Quota reached: \(used) of \(threshold) \(metric)",
        networkCaller: .job, on: connection)
      switch blocked {
      case .success: body += " The SIM is being blocked."
      case .failure(let refusal): body += " It was not blocked: \(refusal.message)"
      }
    }
    try await self.notify(
      userID: owner, kind: "quota.reached", title: "Quota reached: SIM \(iccid)", body: body, taskID: nil,
      on: connection)
  }
}
