import PostgresNIO
import RPC
import Storage
import TelecomAPI
import WireCodec

/// The SQL of usage reports. Every query filters `usage_records` the same way (`usageFilter`):
/// the template's kinds, records that start within the days (local midnights of the report
/// time zone, PostgreSQL's `AT TIME ZONE`), the SIMs named, and for a customer the
/// organization the record was made for — its own usage, even of a SIM since moved on.
extension Telecom {
  /// One page of rows after `after` (at most `limit`), in the report's order.
  func usageReportRows(
    _ query: UsageReportQuery, after: UsageReportCursor?, limit: Int, on connection: PostgresConnection
  ) async throws -> [UsageReportRecord] {
    let sql =
      try query.template == .days
      ? Self.dayRows(query, after: after, limit: limit)
      : Self.recordRows(query, after: after, limit: limit)
    return try await connection.query(sql, logger: self.logger).decode(UsageReportRecord.Row.self).collect()
      .map(UsageReportRecord.init)
  }

  /// Sessions, calls and SMS: a row per record, by start then id.
  private static func recordRows(_ query: UsageReportQuery, after: UsageReportCursor?, limit: Int) throws
    -> PostgresQuery
  {
    let key = try after.map { cursor throws(PlatformError) in
      guard let record = cursor.record else { throw UsageReportCursor.invalid }
      return record
    }
    let tz = query.timeZone
    let org = query.organization
    return """
      SELECT u.id, u.iccid, COALESCE(s.msisdn, ''),
        COALESCE(CASE WHEN \(org)::uuid IS NULL OR s.organization_id = \(org) THEN s.name END, ''), u.kind,
        u.started_at, u.ended_at,
        (extract(epoch FROM u.started_at AT TIME ZONE \(tz)) * 1000000)::bigint,
        (extract(epoch FROM u.ended_at AT TIME ZONE \(tz)) * 1000000)::bigint,
        u.quantity, u.cost_minor, u.currency, u.peer, u.operator, u.country,
        (u.started_at AT TIME ZONE \(tz))::date, 1::bigint
      FROM usage_records u LEFT JOIN sims s ON s.iccid = u.iccid
      WHERE \(usageFilter: query)
        AND (\(key == nil) OR (u.started_at, u.id) > (\(key?.start ?? .init(microsecondsSinceEpoch: 0)), \(key?.id ?? "")))
      ORDER BY u.started_at, u.id LIMIT \(limit)
      """
  }

  /// Days: a row per SIM, local day, kind, country, operator and currency, in that order.
  private static func dayRows(_ query: UsageReportQuery, after: UsageReportCursor?, limit: Int) throws
    -> PostgresQuery
  {
    let key = try after.map { cursor throws(PlatformError) in
      guard let day = cursor.day else { throw UsageReportCursor.invalid }
      return day
    }
    let tz = query.timeZone
    let org = query.organization
    let rest = key?.rest ?? ["", "", "", "", ""]
    return """
      SELECT '', g.iccid, COALESCE(s.msisdn, ''),
        COALESCE(CASE WHEN \(org)::uuid IS NULL OR s.organization_id = \(org) THEN s.name END, ''), g.kind,
        g.first_start, g.last_end,
        (extract(epoch FROM g.first_start AT TIME ZONE \(tz)) * 1000000)::bigint,
        (extract(epoch FROM g.last_end AT TIME ZONE \(tz)) * 1000000)::bigint,
        g.quantity, g.cost, g.currency, '', g.operator, g.country, g.day, g.records
      FROM (
        SELECT (u.started_at AT TIME ZONE \(tz))::date AS day, u.iccid, u.kind, u.country, u.operator, u.currency,
          min(u.started_at) AS first_start, max(u.ended_at) AS last_end, count(*) AS records,
          sum(u.quantity)::bigint AS quantity, sum(u.cost_minor)::bigint AS cost
        FROM usage_records u
        WHERE \(usageFilter: query)
        GROUP BY 1, 2, 3, 4, 5, 6
      ) g LEFT JOIN sims s ON s.iccid = g.iccid
      WHERE \(key == nil)
        OR (g.day, g.iccid, g.kind, g.country, g.operator, g.currency)
          > (\(key?.day ?? query.from), \(rest[0]), \(rest[1]), \(rest[2]), \(rest[3]), \(rest[4]))
      ORDER BY g.day, g.iccid, g.kind, g.country, g.operator, g.currency LIMIT \(limit)
      """
  }

  /// The whole report's totals and its number of rows.
  func usageReportTotals(_ query: UsageReportQuery, on connection: PostgresConnection) async throws
    -> (tally: UsageReportTally, rows: Int64)
  {
    var tally = UsageReportTally()
    let sums = try await connection.query(
      """
      SELECT u.kind, u.currency, count(*), sum(u.quantity)::bigint, sum(u.cost_minor)::bigint
      FROM usage_records u WHERE \(usageFilter: query)
      GROUP BY u.kind, u.currency
      """, logger: self.logger
    ).decode((String, String, Int64, Int64, Int64).self).collect()
    for (kind, currency, records, quantity, cost) in sums {
      tally.add(
        kind: UsageReportRecord.kind(kind), records: records, quantity: quantity, currency: currency, costMinor: cost)
    }
    guard query.template == .days else { return (tally, tally.records) }
    let groups =
      try await connection.query(
        """
        SELECT count(*) FROM (
          SELECT 1 FROM usage_records u WHERE \(usageFilter: query)
          GROUP BY (u.started_at AT TIME ZONE \(query.timeZone))::date, u.iccid, u.kind, u.country, u.operator, u.currency
        ) g
        """, logger: self.logger
      ).decode(Int64.self).collect().first ?? 0
    return (tally, groups)
  }
}

extension PostgresQuery.StringInterpolation {
  /// The WHERE condition over `usage_records u` every report query shares, its values bound.
  mutating func appendInterpolation(usageFilter query: UsageReportQuery) {
    self.appendLiteral("u.kind = ANY(")
    self.appendInterpolation(query.kinds)
    self.appendLiteral("::text[]) AND u.started_at >= (")
    self.appendInterpolation(query.from)
    self.appendLiteral("::date)::timestamp AT TIME ZONE ")
    self.appendInterpolation(query.timeZone)
    self.appendLiteral(" AND u.started_at < (")
    self.appendInterpolation(query.until)
    self.appendLiteral("::date)::timestamp AT TIME ZONE ")
    self.appendInterpolation(query.timeZone)
    self.appendLiteral(" AND (")
    self.appendInterpolation(query.organization)
    self.appendLiteral("::uuid IS NULL OR u.organization_id = ")
    self.appendInterpolation(query.organization)
    self.appendLiteral(") AND (cardinality(")
    self.appendInterpolation(query.iccids)
    self.appendLiteral("::text[]) = 0 OR u.iccid = ANY(")
    self.appendInterpolation(query.iccids)
    self.appendLiteral("::text[]))")
  }
}
