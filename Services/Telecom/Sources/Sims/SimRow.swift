import TelecomAPI
import TelecomRules
import WireCodec

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// A row of `sims`, decoded once at the store boundary.
struct SimRow: Sendable {
  static let columns = """
    s.iccid, s.msisdn, s.imsi, s.external_number, s.profile, s.account_number, s.customer_name, s.organization_id,
    s.name, s.groups, s.limit_data_mb, s.limit_spend::text, s.package, s.apn, s.state, s.before_debt, s.connection,
    s.last_seen, s.network_operator, s.country, s.created_at, s.updated_at
    """
  typealias Row = (
    String, String, String, String, String, String, String, UUID?, String, [String], Int64, String, String, String,
    String, String?, String, UTCTimestamp?, String, String, UTCTimestamp, UTCTimestamp
  )

  let iccid: String
  let imsi: String
  let msisdn: String
  let accountNumber: String
  let organizationID: UUID?
  let status: SimStatus
  let message: Sim

  init(_ row: Row) {
    self.iccid = row.0
    self.msisdn = row.1
    self.imsi = row.2
    self.accountNumber = row.5
    self.organizationID = row.7
    let profile = SimProfile(rawValue: row.4) ?? .tc
    let state = SimState(rawValue: row.14) ?? .retired
    self.status = SimStatus(state: state, beforeDebt: row.15.flatMap(SimState.init(rawValue:)), profile: profile)
    self.message = Sim(
      iccid: row.0, msisdn: row.1, externalNumber: row.3, imsi: row.2, profile: profile.wire,
      accountNumber: row.5, customerName: row.6, name: row.8, groups: row.9,
      limits: SimLimits(dataMegabytes: row.10, spend: ExactDecimal(row.11) ?? .zero), package: row.12, apn: row.13,
      state: state.wire, connection: SimConnection(column: row.16), lastSeen: row.17, networkOperator: row.18,
      country: row.19, createdAt: row.20, updatedAt: row.21, organizationID: row.7?.uuidString.lowercased() ?? "")
  }
}

extension SimProfile {
  var wire: SimProfileKind { self == .tc ? .tc : .td }
  init?(wire: SimProfileKind) {
    switch wire {
    case .tc: self = .tc
    case .td: self = .td
    case .unspecified: return nil
    }
  }
}

extension SimState {
  var wire: SimStateKind {
    switch self {
    case .ready: .ready
    case .active: .active
    case .blocked: .blocked
    case .debtBlocked: .debtBlocked
    case .retired: .retired
    }
  }
  init?(wire: SimStateKind) {
    switch wire {
    case .ready: self = .ready
    case .active: self = .active
    case .blocked: self = .blocked
    case .debtBlocked: self = .debtBlocked
    case .retired: self = .retired
    case .unspecified: return nil
    }
  }
}

extension SimConnection {
  init(column: String) {
    switch column {
    case "online": self = .online
    case "attached": self = .attached
    case "offline": self = .offline
    default: self = .unknown
    }
  }
  var column: String {
    switch self {
    case .online: "online"
    case .attached: "attached"
    case .offline: "offline"
    case .unknown: "unknown"
    }
  }
}

extension SimOperation {
  var wire: SimOperationKind {
    switch self {
    case .assign: .assign
    case .block: .block
    case .unblock: .unblock
    case .reboot: .reboot
    case .edit: .edit
    case .setLimit: .setLimit
    case .setPackage: .setPackage
    case .refresh: .refresh
    case .debtBlock: .debtBlock
    case .debtUnblock: .debtUnblock
    case .retire: .retire
    }
  }
}
