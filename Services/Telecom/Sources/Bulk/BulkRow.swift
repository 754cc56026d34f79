import TelecomAPI
import TelecomRules
import WireCodec

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// Where one SIM of a bulk operation is, as `bulk_operation_items.status` holds it.
enum BulkItemState: String, Sendable, CaseIterable {
  case pending, done, failed, refused, cancelled

  var wire: BulkItemStatus {
    switch self {
    case .pending: .pending
    case .done: .done
    case .failed: .failed
    case .refused: .refused
    case .cancelled: .cancelled
    }
  }

  init?(wire: BulkItemStatus) {
    guard let state = Self.allCases.first(where: { $0.wire == wire }) else { return nil }
    self = state
  }
}

/// A `bulk_operations` row: the operation, what it sets, and whose it is.
struct BulkRow: Sendable {
  static let columns = """
    b.task_id, b.operation, b.comment, b.new_name, b.new_groups, b.new_limit_data_mb, b.new_limit_spend::text,
    b.new_package, b.detail, b.actor, b.user_id, b.organization_id, b.created_at
    """
  typealias Row = (
    UUID, String, String, String?, [String]?, Int64?, String?, String?, String, String, String, UUID?, UTCTimestamp
  )

  let id: UUID
  let operation: SimOperation
  let comment: String
  let values: OperationValues
  let actor: String
  let userID: String
  /// The customer's organization it is confined to; nil when staff started it.
  let organizationID: UUID?
  let createdAt: UTCTimestamp

  init?(_ row: Row) {
    guard let operation = SimOperation(rawValue: row.1) else { return nil }
    self.id = row.0
    self.operation = operation
    self.comment = row.2
    self.values = OperationValues(
      name: row.3, groups: row.4, limitDataMegabytes: row.5, limitSpend: row.6, package: row.7, detail: row.8)
    self.actor = row.9
    self.userID = row.10
    self.organizationID = row.11
    self.createdAt = row.12
  }
}

/// A SIM a bulk operation's selection found, with what the lifecycle needs to judge it.
struct BulkCandidate: Sendable {
  static let columns = "s.iccid, s.state, s.before_debt, s.profile"
  typealias Row = (String, String, String?, String)

  let iccid: String
  let status: SimStatus

  init(_ row: Row) {
    self.iccid = row.0
    self.status = SimStatus(
      state: SimState(rawValue: row.1) ?? .retired, beforeDebt: row.2.flatMap(SimState.init(rawValue:)),
      profile: SimProfile(rawValue: row.3) ?? .tc)
  }
}

/// How many of a bulk operation's SIMs are in each status.
struct BulkCounts: Sendable {
  var byState: [BulkItemState: Int64] = [:]

  subscript(state: BulkItemState) -> Int64 { self.byState[state] ?? 0 }
  var total: Int64 { self.byState.values.reduce(0, +) }
}
