import PostgresNIO
import RPC
import Storage
import TelecomAPI
import TelecomRules
import WireCodec

/// Non-target call statistics (docs/telecom.md, "Non-target calls"). An incoming call
/// (`CALL_IN`) to a pool number that is not reserved or in work is stored as a call record
/// with reason NON_TARGET, and in the same transaction the day's figures of that number are
/// counted again from the stored records: calls, unique callers, last call. Counting again
/// (rather than adding) keeps a resent record from counting twice; an advisory lock makes two
/// batches count one after the other, so neither overwrites the other's calls with a count
/// that could not see them.
extension Telecom {
  /// What a batch's incoming calls are, by the pool: not in work (non-target), or the account
  /// of the working number (for records that name none).
  struct PoolTargets: Sendable {
    var nonTarget: Set<String> = []
    var accounts: [String: String] = [:]
  }

  /// Looks the batch's incoming calls' numbers up in the pool; nothing to do without any.
  func attributeIncomingCalls(_ calls: [IncomingCall]) async throws -> [IncomingCall] {
    let dialed = Set(calls.lazy.filter { $0.service == .incomingCall }.map(\.dialed.description))
    guard !dialed.isEmpty else { return calls }
    let pool = try await self.database.withConnection { connection in
      try await connection.query(
        "SELECT number, status, account_number FROM did_numbers WHERE number = ANY(\(Array(dialed)))",
        logger: self.logger
      ).decode((String, String, String).self).collect()
    }
    var targets = PoolTargets()
    for (number, status, account) in pool {
      if NumberStatus(rawValue: status)?.isTaken == true {
        targets.accounts[number] = account
      } else {
        targets.nonTarget.insert(number)
      }
    }
    return calls.map { call in
      guard call.service == .incomingCall else { return call }
      var call = call
      let number = call.dialed.description
      if targets.nonTarget.contains(number) {
        call.nonTarget = true
      } else if call.accountNumber.isEmpty, let account = targets.accounts[number] {
        call.accountNumber = account
      }
      return call
    }
  }

  static let statisticsLock = "telecom.ncv_daily"

  /// Counts again the days of `numbers` between `from` and `to` (call starts, microseconds)
  /// from the stored NON_TARGET records, in the caller's transaction.
  func countNonTargetCalls(numbers: [String], from: Int64, to: Int64, on connection: PostgresConnection)
    async throws
  {
    guard !numbers.isEmpty else { return }
    let zone = self.settings.reportTimeZone
    let start = UTCTimestamp(microsecondsSinceEpoch: from)
    let end = UTCTimestamp(microsecondsSinceEpoch: to)
    try await connection.query(
      "SELECT pg_advisory_xact_lock(hashtext(\(Self.statisticsLock)))", logger: self.logger)
    try await connection.query(
      """
      INSERT INTO ncv_daily (number, day, calls, unique_callers, last_call_at, source)
      SELECT dialed, (started_at AT TIME ZONE \(zone))::date, count(*), count(DISTINCT caller), max(started_at), 'cdr'
      FROM call_records
      WHERE reason = 'NON_TARGET' AND dialed = ANY(\(numbers))
        AND started_at >= date_trunc('day', \(start) AT TIME ZONE \(zone)) AT TIME ZONE \(zone)
        AND started_at < (date_trunc('day', \(end) AT TIME ZONE \(zone)) + interval '1 day') AT TIME ZONE \(zone)
      GROUP BY 1, 2
      ON CONFLICT (number, day) DO UPDATE SET calls = EXCLUDED.calls, unique_callers = EXCLUDED.unique_callers,
        last_call_at = EXCLUDED.last_call_at, source = 'cdr'
      """, logger: self.logger)
    try await self.refreshNonTargetFacts(numbers: numbers, on: connection)
  }

  static let maximumImportedDays = 10_000

  func importNonTargetStatistics(_ request: ImportNonTargetStatisticsRequest, caller: Caller) async throws
    -> ImportNonTargetStatisticsReply
  {
    try caller.require(TelecomPermission.numbersManage)
    var checks = FieldChecks()
    if !(1...Self.maximumImportedDays).contains(request.days.count) {
      checks.add("days", "DAYS_COUNT", "Send 1 to \(Self.maximumImportedDays) days.")
    }
    let today = self.localToday
    var seen = Set<String>()
    for (index, day) in request.days.enumerated() where checks.violations.count < Self.reportedRefusals {
      if !seen.insert("\(PoolNumber(day.number)?.digits ?? day.number) \(day.day)").inserted {
        checks.add("days[\(index)]", "DAY_REPEATED", "This number's day is in the request already.")
      }
      if PoolNumber(day.number) == nil {
        checks.add("days[\(index)].number", "NUMBER_FORMAT", PoolNumber.formatMessage)
      }
      if day.day > today || Int(today.daysSinceEpoch) - Int(day.day.daysSinceEpoch) > 400 {
        checks.add("days[\(index)].day", "DAY_RANGE", "A day is today or one of the 400 days before it.")
      }
      if day.uniqueCallers > day.calls {
        checks.add("days[\(index)].uniqueCallers", "CALLERS_RANGE", "There are no more unique callers than calls.")
      }
      if day.calls > 1_000_000 { checks.add("days[\(index)].calls", "CALLS_RANGE", "At most 1,000,000 calls a day.") }
    }
    try checks.check()
    let days = request.days
    let numbers = days.map { PoolNumber($0.number)?.digits ?? $0.number }
    return try await self.database.transaction { connection in
      try await connection.query(
        "SELECT pg_advisory_xact_lock(hashtext(\(Self.statisticsLock)))", logger: self.logger)
      let known = try await connection.query(
        "SELECT number FROM did_numbers WHERE number = ANY(\(numbers))", logger: self.logger
      ).decode(String.self).collect()
      if let missing = Set(numbers).subtracting(known).sorted().first {
        throw TelecomError.numberNotInPool(missing)
      }
      // A day the CDRs give stays as they say.
      let stored = try await connection.query(
        """
        INSERT INTO ncv_daily (number, day, calls, unique_callers, last_call_at, source)
        SELECT number, day, calls, callers, NULL, 'import'
        FROM unnest(\(numbers)::text[], \(days.map { $0.day.description })::date[], \(days.map { Int64($0.calls) })::bigint[],
                    \(days.map { Int64($0.uniqueCallers) })::bigint[]) AS d(number, day, calls, callers)
        ON CONFLICT (number, day) DO UPDATE SET calls = EXCLUDED.calls, unique_callers = EXCLUDED.unique_callers
        WHERE ncv_daily.source = 'import'
        RETURNING 1
        """, logger: self.logger
      ).decode(Int.self).collect().count
      try await self.refreshNonTargetFacts(numbers: Array(Set(numbers)), on: connection)
      return ImportNonTargetStatisticsReply(stored: UInt32(stored), skipped: UInt32(days.count - stored))
    }
  }

  func numberStatistics(_ request: NumberStatisticsRequest, caller: Caller) async throws -> NumberStatisticsReply {
    try caller.require(TelecomPermission.numbersRead)
    let number = try Self.poolNumber(request.number).digits
    let today = self.localToday
    let to = request.to ?? today
    let page = try Self.pages.page(of: request.page, by: CalendarDate.self)
    return try await self.database.withConnection { connection in
      let row = try await self.requireNumber(number, on: connection)
      let from = request.from ?? self.coolingStart(of: row, today: today)
      var checks = FieldChecks()
      if from > to { checks.add("from", "PERIOD_ORDER", "The period starts after it ends.") }
      if Int(to.daysSinceEpoch) - Int(from.daysSinceEpoch) > 366 {
        checks.add("to", "PERIOD_TOO_LONG", "A period is at most 366 days.")
      }
      try checks.check()
      let days = try await connection.query(
        """
        SELECT day, calls, unique_callers, last_call_at, source FROM ncv_daily
        WHERE number = \(number) AND day BETWEEN \(from) AND \(to)
          AND (\(page.after)::date IS NULL OR day < \(page.after))
        ORDER BY day DESC LIMIT \(page.limit)
        """, logger: self.logger
      ).decode((CalendarDate, Int32, Int32, UTCTimestamp?, String).self).collect()
      let (shown, next) = page.cut(days) { $0.0 }
      let (callers, last) = try await self.uniqueCallers(of: row, today: today, on: connection)
      return NumberStatisticsReply(
        days: shown.map {
          NonTargetDay(
            number: number, day: $0.0, calls: UInt32(clamping: $0.1), uniqueCallers: UInt32(clamping: $0.2),
            lastCallAt: $0.3, source: $0.4)
        }, nextPageToken: next, number: row.message, uniqueCallers: UInt32(clamping: callers), lastCallAt: last)
    }
  }

  /// The first day of the cooling period that counts for `row` on `today`: the later of
  /// `today − cooling` and its last move to Archive (or addition).
  func coolingStart(of row: NumberRow, today: CalendarDate) -> CalendarDate {
    let start = CalendarDate(daysSinceEpoch: today.daysSinceEpoch - Int32(self.settings.coolingPeriodDays))
    return max(start, row.statisticsSince)
  }

  /// Unique non-target callers of the cooling period: distinct callers among the stored
  /// records, plus each imported day's own count (imported days name no callers, so one
  /// caller on two imported days counts twice); and the last call's start.
  func uniqueCallers(of row: NumberRow, today: CalendarDate, on connection: PostgresConnection) async throws
    -> (Int64, UTCTimestamp?)
  {
    let from = self.coolingStart(of: row, today: today)
    let zone = self.settings.reportTimeZone
    let result = try await connection.query(
      """
      SELECT (SELECT count(DISTINCT caller) FROM call_records
              WHERE reason = 'NON_TARGET' AND dialed = \(row.number)
                AND started_at >= \(from)::timestamp AT TIME ZONE \(zone))
           + (SELECT coalesce(sum(unique_callers), 0) FROM ncv_daily
              WHERE number = \(row.number) AND source = 'import' AND day >= \(from)),
             (SELECT max(last_call_at) FROM ncv_daily WHERE number = \(row.number) AND day >= \(row.statisticsSince))
      """, logger: self.logger
    ).decode((Int64, UTCTimestamp?).self).collect().first
    return result ?? (0, nil)
  }
}
