import PostgresNIO
import RPC
import Storage
import TelecomAPI
import WireCodec

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// Quota thresholds (docs/telecom.md, "Quota thresholds"): set on one SIM or on a group, each
/// with an action; evaluated as usage arrives (``evaluateQuotas(for:on:)``). A customer sets
/// and sees only its organization's; a group quota of theirs counts only their SIMs.
extension Telecom {
  static let maximumThreshold: Int64 = 1_000_000_000_000_000

  func setQuota(_ request: SetQuotaRequest, caller: Caller) async throws -> Quota {
    try caller.require(TelecomPermission.simsOperate)
    let quota = request.quota
    var checks = FieldChecks()
    if quota.iccid.isEmpty == quota.group.isEmpty {
      checks.add("quota.iccid", "QUOTA_TARGET", "Name either one SIM (ICCID) or one group.")
    }
    checks.text(quota.group, field: "quota.group", name: "The group", maximum: 100, required: false)
    if !(1...Self.maximumThreshold).contains(quota.threshold) {
      checks.add("quota.threshold", "QUOTA_THRESHOLD", "The threshold is 1 to 10^15.")
    }
    let metric = QuotaMetricColumn(quota.metric)
    if metric == nil { checks.add("quota.metric", "QUOTA_METRIC", "Choose what the quota counts.") }
    let action: String? =
      switch quota.action {
      case .notify: "notify"
      case .block: "block"
      case .unspecified: nil
      }
    if action == nil { checks.add("quota.action", "QUOTA_ACTION", "Choose notify or block.") }
    try checks.check()
    let organization = try self.scope(of: caller)
    let id = UUID()
    return try await self.database.transaction { connection in
      if !quota.iccid.isEmpty {
        guard let sim = try await self.sim(iccid: quota.iccid, forUpdate: false, on: connection) else {
          throw TelecomError.simNotFound
        }
        try self.authorize(caller, sim: sim, with: TelecomPermission.simsOperate)
      }
      try await connection.query(
        """
        INSERT INTO quotas (id, organization_id, iccid, sim_group, metric, threshold, action, created_by, created_at)
        VALUES (\(id), \(organization), \(quota.iccid.isEmpty ? nil : quota.iccid), \(quota.group.isEmpty ? nil : quota.group),
                \(metric?.rawValue ?? ""), \(quota.threshold), \(action ?? ""), \(caller.userID), \(self.now))
        """, logger: self.logger)
      return try await self.quota(id, organization: organization, on: connection)
    }
  }

  func listQuotas(_ request: ListQuotasRequest, caller: Caller) async throws -> ListQuotasReply {
    try caller.require(TelecomPermission.simsRead)
    let page = try Self.pages.page(of: request.page, by: Int64.self)
    let organization = try self.scope(of: caller)
    let rows = try await self.database.withConnection { connection in
      try await connection.query(
        """
        SELECT \(unescaped: Self.quotaColumns) FROM quotas q
        WHERE (\(organization)::uuid IS NULL OR q.organization_id = \(organization))
          AND (\(request.iccid) = '' OR q.iccid = \(request.iccid)
               OR q.sim_group = ANY(SELECT unnest(groups) FROM sims WHERE iccid = \(request.iccid)))
          AND (\(page.after)::bigint IS NULL OR q.seq > \(page.after))
        ORDER BY q.seq LIMIT \(page.limit)
        """, logger: self.logger
      ).decode(QuotaRow.self).collect()
    }
    let (shown, next) = page.cut(rows) { $0.8 }
    return ListQuotasReply(quotas: shown.map(Self.quota), nextPageToken: next)
  }

  func deleteQuota(_ request: DeleteQuotaRequest, caller: Caller) async throws -> Quota {
    try caller.require(TelecomPermission.simsOperate)
    guard let id = UUID(uuidString: request.id) else { throw TelecomError.quotaNotFound }
    let organization = try self.scope(of: caller)
    return try await self.database.transaction { connection in
      let quota = try await self.quota(id, organization: organization, on: connection)
      try await connection.query("DELETE FROM quotas WHERE id = \(id)", logger: self.logger)
      return quota
    }
  }

  static let quotaColumns =
    "q.id, q.iccid, q.sim_group, q.metric, q.threshold, q.action, q.created_by, q.created_at, q.seq"
  typealias QuotaRow = (UUID, String?, String?, String, Int64, String, String, UTCTimestamp, Int64)

  /// The quota, or QUOTA_NOT_FOUND when there is none or it is another organization's.
  func quota(_ id: UUID, organization: UUID?, on connection: PostgresConnection) async throws -> Quota {
    guard
      let row = try await connection.query(
        """
        SELECT \(unescaped: Self.quotaColumns) FROM quotas q
        WHERE q.id = \(id) AND (\(organization)::uuid IS NULL OR q.organization_id = \(organization))
        """, logger: self.logger
      ).decode(QuotaRow.self).collect().first
    else { throw TelecomError.quotaNotFound }
    return Self.quota(row)
  }

  static func quota(_ row: QuotaRow) -> Quota {
    Quota(
      id: row.0.uuidString.lowercased(), iccid: row.1 ?? "", group: row.2 ?? "",
      metric: QuotaMetricColumn(rawValue: row.3)?.wire ?? .unspecified, threshold: row.4,
      action: row.5 == "block" ? .block : .notify, createdBy: row.6, createdAt: row.7)
  }
}

/// ``QuotaMetric`` as the `quotas.metric` column holds it.
enum QuotaMetricColumn: String {
  case dataBytes = "data_bytes"
  case callSeconds = "call_seconds"
  case smsCount = "sms_count"
  case costMinor = "cost_minor"

  init?(_ metric: QuotaMetric) {
    switch metric {
    case .dataBytes: self = .dataBytes
    case .callSeconds: self = .callSeconds
    case .smsCount: self = .smsCount
    case .costMinor: self = .costMinor
    case .unspecified: return nil
    }
  }

  var wire: QuotaMetric {
    switch self {
    case .dataBytes: .dataBytes
    case .callSeconds: .callSeconds
    case .smsCount: .smsCount
    case .costMinor: .costMinor
    }
  }
}
