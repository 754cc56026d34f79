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

/// Where a SIM list page ends: the last SIM's sort value and its ICCID. The value is hex in
/// the token, so any text (a name with `_` in it) round-trips.
struct SimCursor: PageKey {
  let value: String
  let iccid: String

  init(value: String, iccid: String) {
    self.value = value
    self.iccid = iccid
  }

  init?(token: String) {
    guard let split = token.firstIndex(of: "_") else { return nil }
    let hex = Array(token[..<split].utf8)
    guard hex.count % 2 == 0 else { return nil }
    var bytes: [UInt8] = []
    for index in stride(from: 0, to: hex.count, by: 2) {
      guard let byte = UInt8(String(decoding: hex[index..<index + 2], as: UTF8.self), radix: 16) else { return nil }
      bytes.append(byte)
    }
    guard let value = String(validating: bytes, as: UTF8.self) else { return nil }
    self.init(value: value, iccid: String(token[token.index(after: split)...]))
  }

  var token: String {
    self.value.utf8.map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }
      .joined() + "_" + self.iccid
  }
}

extension Telecom {
  /// The sort expression of each order, as text that sorts like the column.
  static func sortExpression(_ sort: SimSort) -> String {
    switch sort {
    case .iccid: "s.iccid"
    case .msisdn: "s.msisdn"
    case .name: "s.name"
    case .account: "s.account_number"
    case .state: "s.state"
    case .lastSeen:
      "COALESCE(lpad(GREATEST(0, (extract(epoch FROM s.last_seen) * 1000000)::bigint)::text, 20, '0'), '')"
    }
  }

  /// A SIM's value of ``sortExpression(_:)``, worked out the same way from its row.
  static func sortValue(_ sim: SimRow, _ sort: SimSort) -> String {
    switch sort {
    case .iccid: return sim.iccid
    case .msisdn: return sim.msisdn
    case .name: return sim.message.name
    case .account: return sim.accountNumber
    case .state: return sim.status.state.rawValue
    case .lastSeen:
      guard let seen = sim.message.lastSeen else { return "" }
      let digits = String(max(0, seen.microsecondsSinceEpoch))
      return String(repeating: "0", count: max(0, 20 - digits.count)) + digits
    }
  }

  /// `text` for LIKE, with its own `%`, `_` and `\` taken literally.
  static func likeLiteral(_ text: String) -> String {
    var escaped = ""
    for character in text {
      if character == "%" || character == "_" || character == "\\" { escaped.append("\\") }
      escaped.append(character)
    }
    return escaped
  }

  /// The SIMs of `filter` (and the caller's organization) as one statement: `select` before
  /// the WHERE clause and `tail` (ORDER BY, LIMIT) after it, both fixed text. Each filter is
  /// off while its field is empty; the keyset condition is off without a cursor.
  func simQuery(
    _ select: String, filter: SimFilter, organization: UUID?, after: SimCursor?, expression: String,
    comparison: String, tail: String
  ) -> PostgresQuery {
    let states = filter.states.compactMap { SimState(wire: $0)?.rawValue }
    let profile = SimProfile(wire: filter.profile)?.rawValue ?? ""
    let connection = filter.connection == .unknown ? "" : filter.connection.column
    return """
      \(unescaped: select) WHERE (\(organization)::uuid IS NULL OR s.organization_id = \(organization))
      AND s.iccid LIKE \(Self.likeLiteral(filter.iccid) + "%") AND s.msisdn LIKE \(Self.likeLiteral(filter.msisdn) + "%")
      AND s.external_number LIKE \(Self.likeLiteral(filter.externalNumber) + "%")
      AND s.imsi LIKE \(Self.likeLiteral(filter.imsi) + "%")
      AND (\(profile) = '' OR s.profile = \(profile))
      AND (\(filter.accountNumber) = '' OR s.account_number = \(filter.accountNumber))
      AND s.customer_name ILIKE \("%" + Self.likeLiteral(filter.customerName) + "%")
      AND s.name ILIKE \("%" + Self.likeLiteral(filter.name) + "%")
      AND (\(filter.group) = '' OR s.groups @> ARRAY[\(filter.group)]::text[])
      AND (cardinality(\(states)::text[]) = 0 OR s.state = ANY(\(states)::text[]))
      AND (\(connection) = '' OR s.connection = \(connection))
      AND (\(filter.apn) = '' OR s.apn = \(filter.apn))
      AND (\(filter.package) = '' OR s.package = \(filter.package))
      AND (\(filter.country) = '' OR s.country = \(filter.country))
      AND (\(after == nil) OR (\(unescaped: expression), s.iccid) \(unescaped: comparison) (\(after?.value ?? ""), \(after?.iccid ?? "")))
      \(unescaped: tail)
      """
  }

  func listSims(_ request: ListSimsRequest, caller: Caller) async throws -> ListSimsReply {
    try caller.require(TelecomPermission.simsRead)
    let filter = request.filter
    var checks = FieldChecks()
    for (value, field) in [
      (filter.iccid, "iccid"), (filter.msisdn, "msisdn"), (filter.externalNumber, "externalNumber"),
      (filter.imsi, "imsi"), (filter.accountNumber, "accountNumber"), (filter.customerName, "customerName"),
      (filter.name, "name"), (filter.group, "group"), (filter.apn, "apn"), (filter.package, "package"),
      (filter.country, "country"),
    ] {
      checks.text(value, field: "filter.\(field)", name: "The filter", maximum: 200, required: false)
    }
    try checks.check()
    let page = try Self.pages.page(of: request.page, by: SimCursor.self)
    let organization = try self.scope(of: caller)
    let expression = Self.sortExpression(request.sort)
    let direction = request.descending ? "DESC" : "ASC"
    let select = self.simQuery(
      "SELECT \(SimRow.columns) FROM sims s", filter: filter, organization: organization,
      after: page.after, expression: expression, comparison: request.descending ? "<" : ">",
      tail: "ORDER BY \(expression) \(direction), s.iccid \(direction) LIMIT \(page.limit)")
    let count = self.simQuery(
      "SELECT count(*) FROM sims s", filter: filter, organization: organization, after: nil, expression: expression,
      comparison: ">", tail: "")
    let (rows, total) = try await self.database.withConnection { connection in
      let rows = try await connection.query(select, logger: self.logger)
        .decode(SimRow.Row.self).collect().map(SimRow.init)
      let total = try await connection.query(count, logger: self.logger).decode(Int64.self).collect().first ?? 0
      return (rows, total)
    }
    let (shown, next) = page.cut(rows) { SimCursor(value: Self.sortValue($0, request.sort), iccid: $0.iccid) }
    return ListSimsReply(sims: shown.map(\.message), nextPageToken: next, total: UInt64(total))
  }

  /// The columns the caller shows; every column, in the seed's order, until it chooses.
  static let allColumns = [
    "iccid", "msisdn", "externalNumber", "imsi", "profile", "customerName", "accountNumber", "name", "state",
    "limits", "package", "groups", "apn", "connection", "lastSeen", "networkOperator", "country",
  ]

  func simColumns(_ request: GetSimColumnsRequest, caller: Caller) async throws -> SimColumns {
    try caller.require(TelecomPermission.simsRead)
    let saved = try await self.database.withConnection { connection in
      try await connection.query(
        "SELECT columns FROM sim_columns WHERE user_id = \(caller.userID)", logger: self.logger
      ).decode([String].self).collect().first
    }
    return SimColumns(columns: saved ?? Self.allColumns)
  }

  func setSimColumns(_ request: SimColumns, caller: Caller) async throws -> SimColumns {
    try caller.require(TelecomPermission.simsRead)
    let unknown = request.columns.filter { !Self.allColumns.contains($0) }
    guard unknown.isEmpty, !request.columns.isEmpty, Set(request.columns).count == request.columns.count else {
      throw ValidationFailure([
        FieldViolation(
          "columns", "UNKNOWN_COLUMN",
          "Columns are 1 to \(Self.allColumns.count) distinct names of: \(Self.allColumns.joined(separator: ", ")).")
      ])
    }
    _ = try await self.database.withConnection { connection in
      try await connection.query(
        """
        INSERT INTO sim_columns (user_id, columns, updated_at) VALUES (\(caller.userID), \(request.columns), \(self.now))
        ON CONFLICT (user_id) DO UPDATE SET columns = EXCLUDED.columns, updated_at = EXCLUDED.updated_at
        """, logger: self.logger)
    }
    return request
  }
}
