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

/// The pool's SQL (docs/telecom.md, "The DID number pool"). A number's class is worked out
/// from four of its columns and the day — ``NumberSaleRules/classSQL(today:cooling:agent:)``
/// — so a search over the whole pool filters by class and availability without reading
/// statistics: `first_stats_day` and `last_call_day` are kept up to date as statistics arrive
/// (``Telecom/refreshNonTargetFacts(numbers:on:)``) and reset when a number goes to Archive.
extension Telecom {
  /// Today in the report time zone: the pool's days (statistics, cooling, reservations).
  var localToday: CalendarDate { self.localDay(of: self.now) }

  /// The report time zone's wall clock at `instant`, in microseconds since 1970-01-01 00:00.
  func localMicros(of instant: UTCTimestamp) -> Int64 {
    instant.microsecondsSinceEpoch + Int64(self.utcOffsetSeconds(at: instant)) * 1_000_000
  }

  /// The report time zone's offset from UTC at `instant`.
  func utcOffsetSeconds(at instant: UTCTimestamp) -> Int {
    TimeZone(identifier: self.settings.reportTimeZone)?.secondsFromGMT(for: instant.date) ?? 0
  }

  /// The report time zone's day of `instant`.
  func localDay(of instant: UTCTimestamp) -> CalendarDate {
    instant.calendarDay(utcOffsetSeconds: self.utcOffsetSeconds(at: instant))
  }

  /// `SELECT … FROM did_numbers n` with the class and availability of `today`; the caller adds
  /// WHERE and ORDER BY (and `FOR UPDATE OF n`). The class is worked out once per row (`c.ncv`)
  /// and the availability from it; the columns are named `ncv` and `availability`.
  func numberSelect(today: CalendarDate) -> String {
    let agent = "'" + self.settings.agentPlaceOfService.replacing("'", with: "''") + "'"
    let ncv = NumberSaleRules.classSQL(
      today: "'\(today)'::date", cooling: "\(self.settings.coolingPeriodDays)", agent: agent)
    return """
      SELECT n.number, n.region, n.provider, n.place, n.fmtn, n.status, n.subscription_id, n.account_number,
             n.ncv_since, n.last_call_day, n.pay_by, n.forced_by, n.forced_reason, n.status_changed_at,
             c.ncv AS ncv, (\(NumberSaleRules.availabilitySQL(ncv: "c.ncv"))) AS availability
      FROM did_numbers n CROSS JOIN LATERAL (SELECT \(ncv) AS ncv) c
      """
  }

  func numberRow(_ number: String, forUpdate: Bool = false, on connection: PostgresConnection) async throws
    -> NumberRow?
  {
    let lock = forUpdate ? " FOR UPDATE OF n" : ""
    return try await connection.query(
      "\(unescaped: self.numberSelect(today: self.localToday)) WHERE n.number = \(number)\(unescaped: lock)",
      logger: self.logger
    ).decode(NumberRow.Columns.self).collect().first.map(NumberRow.init)
  }

  /// The number, or NUMBER_NOT_FOUND; `text` is checked as E.164 first.
  func requireNumber(_ text: String, forUpdate: Bool = false, on connection: PostgresConnection) async throws
    -> NumberRow
  {
    let number = try Self.poolNumber(text)
    guard let row = try await self.numberRow(number.digits, forUpdate: forUpdate, on: connection) else {
      throw TelecomError.numberNotFound
    }
    return row
  }

  static func poolNumber(_ text: String, field: String = "number") throws(ValidationFailure) -> PoolNumber {
    guard let number = PoolNumber(text) else {
      throw ValidationFailure([FieldViolation(field, "NUMBER_FORMAT", PoolNumber.formatMessage)])
    }
    return number
  }

  /// Appends one change to the number's history.
  func recordNumberChange(
    _ number: String, _ event: NumberEventColumn, from: NumberStatus, to: NumberStatus, actor: String, note: String,
    on connection: PostgresConnection
  ) async throws {
    try await connection.query(
      """
      INSERT INTO did_number_history (number, event, from_status, to_status, actor, at, note)
      VALUES (\(number), \(event.rawValue), \(from.rawValue), \(to.rawValue), \(actor), \(self.now), \(note))
      """, logger: self.logger)
  }

  /// Moves a number to `status`, detached from any subscription and unforced. To Archive, its
  /// non-target statistics start again from today (the seed: "since its last move to Archive").
  func moveNumber(
    _ row: NumberRow, to status: NumberStatus, event: NumberEventColumn, actor: String, note: String,
    on connection: PostgresConnection
  ) async throws {
    let today = self.localToday
    let archive = status == .archive
    try await connection.query(
      """
      UPDATE did_numbers SET status = \(status.rawValue), status_changed_at = \(self.now), subscription_id = NULL,
        account_number = '', reserved_on = NULL, pay_by = NULL, forced_at = NULL, forced_by = '', forced_reason = '',
        ncv_since = CASE WHEN \(archive) THEN \(today) ELSE ncv_since END,
        first_stats_day = CASE WHEN \(archive) THEN (SELECT min(day) FROM ncv_days WHERE day >= \(today))
                               ELSE first_stats_day END,
        last_call_day = CASE WHEN \(archive) THEN NULL ELSE last_call_day END
      WHERE number = \(row.number)
      """, logger: self.logger)
    try await self.recordNumberChange(
      row.number, event, from: row.status, to: status, actor: actor, note: note, on: connection)
  }

  /// After statistics of `numbers` were written: marks days seen for the first time as
  /// collected (and so the first statistics day of every number resting since before them),
  /// and works out the numbers' last non-target call day again.
  func refreshNonTargetFacts(numbers: [String], on connection: PostgresConnection) async throws {
    let newDays = try await connection.query(
      """
      INSERT INTO ncv_days (day) SELECT DISTINCT day FROM ncv_daily WHERE number = ANY(\(numbers))
      ON CONFLICT DO NOTHING RETURNING day
      """, logger: self.logger
    ).decode(CalendarDate.self).collect()
    for day in newDays.sorted() {
      try await connection.query(
        """
        UPDATE did_numbers SET first_stats_day = \(day)
        WHERE ncv_since <= \(day) AND (first_stats_day IS NULL OR first_stats_day > \(day))
        """, logger: self.logger)
    }
    // Worked out again, not only moved forward: an imported day corrected to no calls counts
    // no more.
    try await connection.query(
      """
      UPDATE did_numbers n SET last_call_day = (
        SELECT max(d.day) FROM ncv_daily d WHERE d.number = n.number AND d.calls > 0 AND d.day >= n.ncv_since)
      WHERE n.number = ANY(\(numbers))
      """, logger: self.logger)
  }
}
