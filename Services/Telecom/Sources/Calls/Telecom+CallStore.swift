import Logging
import PostgresNIO
import Storage
import Synchronization
import TelecomRules
import WireCodec

/// What storing a batch of calls did.
struct StoredCalls: Sendable {
  /// New records (a record stored before is skipped).
  let stored: Int
  /// New records whose charge went to the outbox.
  let charged: Int
  /// New records that could not be rated.
  let unrated: Int
  /// Time spent rating the batch and writing its rows for COPY.
  let rating: Duration
}

/// A batch rated and written as COPY rows, ready to store.
struct PreparedCalls: Sendable {
  let rows: CallCopyRows
  let rating: Duration
  /// Pool numbers with non-target calls in the batch, and the calls' first and last start.
  var nonTargetNumbers: [String] = []
  var nonTargetStarts: ClosedRange<Int64>?
}

/// The months `call_records` has partitions for, as this replica has seen them made.
final class CallPartitions: Sendable {
  private let known = Mutex<Set<Int>>([])

  func isKnown(_ month: Int) -> Bool { self.known.withLock { $0.contains(month) } }
  func add(_ month: Int) { _ = self.known.withLock { $0.insert(month) } }
}

/// Storing rated calls (docs/telecom.md, "Call records"). A batch is rated in memory and
/// written as COPY rows; then, in one transaction, the records are COPYed straight into the
/// partitioned `call_records` and their charges become one row of `call_charge_batches` — the
/// path a batch seen for the first time takes, at COPY's own speed. A batch holding a record
/// stored before (a resend, a file imported twice, another replica ingesting the same calls)
/// fails that on the primary key; it is then stored again through a temporary staging table
/// and one `INSERT … ON CONFLICT DO NOTHING` that keeps only the new records, and only their
/// charges go into the batch row.
extension Telecom {
  func storeCalls(_ calls: [IncomingCall]) async throws -> StoredCalls {
    guard !calls.isEmpty else { return StoredCalls(stored: 0, charged: 0, unrated: 0, rating: .zero) }
    try await self.ensureCallPartitions(for: calls)
    return try await self.writeCalls(self.prepareCalls(try await self.attributeIncomingCalls(calls)))
  }

  /// Rates `calls` from the current book and writes their rows; no database work.
  func prepareCalls(_ calls: [IncomingCall]) -> PreparedCalls {
    let book = self.rating.book
    let start = ContinuousClock.now
    let receivedAt = self.now.microsecondsSinceEpoch
    var rows = CallCopyRows(capacity: calls.count)
    var nonTarget = Set<String>()
    var starts: ClosedRange<Int64>?
    for call in calls {
      guard !call.nonTarget else {
        rows.append(.unrated(call, "NON_TARGET"), receivedAt: receivedAt)
        nonTarget.insert(call.dialed.description)
        starts =
          starts.map { min($0.lowerBound, call.startedAt)...max($0.upperBound, call.startedAt) }
          ?? call.startedAt...call.startedAt
        continue
      }
      rows.append(
        call.accountNumber.isEmpty ? .unrated(call, "NO_ACCOUNT") : book.rate(call), receivedAt: receivedAt)
    }
    return PreparedCalls(
      rows: rows, rating: ContinuousClock.now - start, nonTargetNumbers: nonTarget.sorted(), nonTargetStarts: starts)
  }

  /// Counts the batch's non-target calls into the pool's statistics, in its transaction.
  func countNonTargetCalls(of prepared: PreparedCalls, on connection: PostgresConnection) async throws {
    guard let starts = prepared.nonTargetStarts else { return }
    try await self.countNonTargetCalls(
      numbers: prepared.nonTargetNumbers, from: starts.lowerBound, to: starts.upperBound, on: connection)
  }

  func writeCalls(_ prepared: PreparedCalls) async throws -> StoredCalls {
    let rows = prepared.rows
    do {
      return try await self.database.transaction { connection in
        do {
          try await self.copy(rows.records, into: "call_records", CallCopyRows.recordColumns, on: connection)
        } catch  where (error as? PSQLError)?.serverInfo?[.sqlState] == "23505" {
          throw TelecomError.callsStoredBefore
        }
        if rows.charges.count > 0 {
          try await self.stageCharges(rows, on: connection)
          _ = try await self.batchStagedCharges(on: connection)
        }
        try await self.countNonTargetCalls(of: prepared, on: connection)
        return StoredCalls(
          stored: rows.records.count, charged: rows.charges.count, unrated: rows.unrated, rating: prepared.rating)
      }
    } catch let error as TelecomError where error.reason == TelecomError.callsStoredBefore.reason {
      return try await self.insertSkippingStored(prepared)
    }
  }

  func copy(_ rows: CopyTextRows, into table: String, _ columns: [String], on connection: PostgresConnection)
    async throws
  {
    guard rows.count > 0 else { return }
    try await connection.copyFrom(table: table, columns: columns, logger: self.logger) { writer in
      try await writer.write(rows.buffer)
    }
  }

  /// The batch's charges into this connection's temporary `call_charge_staging`, emptied at commit.
  func stageCharges(_ rows: CallCopyRows, on connection: PostgresConnection) async throws {
    try await connection.query(
      """
      CREATE TEMPORARY TABLE IF NOT EXISTS call_charge_staging (
        record_id text, account_number text, amount_minor bigint, currency text, created_at timestamptz,
        service_code text, comment text
      ) ON COMMIT DELETE ROWS
      """, logger: self.logger)
    try await self.copy(rows.charges, into: "call_charge_staging", CallCopyRows.chargeColumns, on: connection)
  }

  /// The staged charges as one row of the outbox (none when nothing is staged); how many.
  func batchStagedCharges(on connection: PostgresConnection) async throws -> Int {
    let rows = try await connection.query(
      """
      INSERT INTO call_charge_batches (created_at, record_ids, account_numbers, amounts_minor, currencies,
                                       service_codes, comments, charges)
      SELECT min(created_at), array_agg(record_id), array_agg(account_number), array_agg(amount_minor),
             array_agg(currency), array_agg(service_code), array_agg(comment), count(*)
      FROM call_charge_staging
      HAVING count(*) > 0
      RETURNING charges
      """, logger: self.logger
    ).decode(Int.self).collect()
    return rows.first ?? 0
  }

  /// The batch through staging tables: only records not stored before, and their charges.
  func insertSkippingStored(_ prepared: PreparedCalls) async throws -> StoredCalls {
    let rows = prepared.rows
    return try await self.database.transaction { connection in
      try await connection.query(
        "CREATE TEMPORARY TABLE IF NOT EXISTS call_staging (LIKE call_records) ON COMMIT DELETE ROWS",
        logger: self.logger)
      try await self.copy(rows.records, into: "call_staging", CallCopyRows.recordColumns, on: connection)
      try await self.stageCharges(rows, on: connection)
      // The new records go in; the staged charges of records stored before are dropped, so
      // only the new records' charges become the batch's row.
      let counts = try await connection.query(
        """
        WITH stored AS (
          INSERT INTO call_records SELECT * FROM call_staging ON CONFLICT DO NOTHING
          RETURNING 'call:' || call_id || '@' || (extract(epoch FROM started_at) * 1000000)::bigint AS record_id,
                    status),
        dropped AS (
          DELETE FROM call_charge_staging c WHERE NOT EXISTS (SELECT 1 FROM stored s WHERE s.record_id = c.record_id))
        SELECT (SELECT count(*) FROM stored), (SELECT count(*) FROM stored WHERE status = 'unrated')
        """, logger: self.logger
      ).decode((Int64, Int64).self).collect()
      let (stored, unrated) = counts.first ?? (0, 0)
      let charged = try await self.batchStagedCharges(on: connection)
      try await self.countNonTargetCalls(of: prepared, on: connection)
      return StoredCalls(stored: Int(stored), charged: charged, unrated: Int(unrated), rating: prepared.rating)
    }
  }

  /// Makes the monthly partitions `calls` start in, once per month and replica. Two replicas
  /// making the same month at once: the loser's CREATE fails on the catalog, and the month is
  /// there when it looks again.
  func ensureCallPartitions(for calls: [IncomingCall]) async throws {
    var months = Set<Int>()
    for call in calls {
      // Starts are within the call window (``Telecom/callWindow``), after 1970.
      let date = CalendarDate(daysSinceEpoch: Int32(call.startedAt / 86_400_000_000)).components
      months.insert(date.year * 12 + date.month - 1)
    }
    for month in months.sorted() where !self.callPartitions.isKnown(month) {
      let first = Self.firstDay(ofMonth: month)
      let name = "call_records_\(first.description.prefix(7).replacing("-", with: "_"))"
      let sql = """
        CREATE TABLE IF NOT EXISTS \(name) PARTITION OF call_records
        FOR VALUES FROM ('\(first) 00:00:00+00') TO ('\(Self.firstDay(ofMonth: month + 1)) 00:00:00+00')
        """
      do {
        _ = try await self.database.withConnection { connection in
          try await connection.query(PostgresQuery(unsafeSQL: sql), logger: self.logger)
        }
      } catch {
        let exists = try await self.database.withConnection { connection in
          try await connection.query("SELECT to_regclass(\(name)) IS NOT NULL", logger: self.logger)
            .decode(Bool.self).collect().first ?? false
        }
        guard exists else { throw error }
      }
      self.callPartitions.add(month)
    }
  }

  /// The first day of a month counted as `year * 12 + month - 1`.
  static func firstDay(ofMonth month: Int) -> CalendarDate {
    let (year, index) = month.quotientAndRemainder(dividingBy: 12)
    return CalendarDate(year: year, month: index + 1, day: 1)!  // A month from a valid date: day 1 exists.
  }
}
