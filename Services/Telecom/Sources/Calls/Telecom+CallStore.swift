import Logging
import PostgresNIO
import Storage
import Synchronization
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

/// The months `call_records` has partitions for, as this replica has seen them made.
final class CallPartitions: Sendable {
  private let known = Mutex<Set<Int>>([])

  func isKnown(_ month: Int) -> Bool { self.known.withLock { $0.contains(month) } }
  func add(_ month: Int) { _ = self.known.withLock { $0.insert(month) } }
}

/// Storing rated calls (docs/telecom.md, "Call records"): the batch is rated in memory, written
/// with COPY into a temporary staging table, and moved by one INSERT … SELECT that skips
/// records stored before and puts the new ones' charges in the usage outbox — one transaction
/// and four round trips a batch, whatever its size.
extension Telecom {
  func storeCalls(_ calls: [IncomingCall]) async throws -> StoredCalls {
    guard !calls.isEmpty else { return StoredCalls(stored: 0, charged: 0, unrated: 0, rating: .zero) }
    try await self.ensureCallPartitions(for: calls)
    let book = self.rating.book
    let ratingStart = ContinuousClock.now
    var rows = CallCopyRows(capacity: calls.count * 160)
    for call in calls { rows.append(book.rate(call)) }
    let rating = ContinuousClock.now - ratingStart
    let buffer = rows.buffer
    let receivedAt = self.now
    return try await self.database.transaction { connection in
      try await connection.query(
        """
        CREATE TEMPORARY TABLE IF NOT EXISTS call_staging (
          call_id text, started_us bigint, account_number text, caller text, dialed text, service text, place text,
          answered boolean, duration_seconds integer, quantity bigint, status text, reason text, lock_id uuid,
          provider text, retail_minor bigint, retail_currency text, wholesale_minor bigint, wholesale_currency text,
          source text, delivery_status text, subscription_id text
        ) ON COMMIT DELETE ROWS
        """, logger: self.logger)
      try await connection.copyFrom(table: "call_staging", logger: self.logger) { writer in
        try await writer.write(buffer)
      }
      let counts = try await connection.query(
        """
        WITH stored AS (
          INSERT INTO call_records (call_id, started_at, account_number, caller, dialed, service, place, answered,
                                    duration_seconds, quantity, status, reason, lock_id, provider, retail_minor,
                                    retail_currency, wholesale_minor, wholesale_currency, source, delivery_status,
                                    subscription_id, received_at)
          SELECT call_id, timestamptz 'epoch' + started_us * interval '1 microsecond', account_number, caller, dialed,
                 service, place, answered, duration_seconds, quantity, status, reason, lock_id, provider, retail_minor,
                 retail_currency, wholesale_minor, wholesale_currency, source, delivery_status, subscription_id,
                 \(receivedAt)
          FROM call_staging
          ON CONFLICT DO NOTHING
          RETURNING call_id, started_at, account_number, dialed, service, quantity, status, retail_minor,
                    retail_currency),
        charged AS (
          INSERT INTO usage_charges (record_id, account_number, amount_minor, currency, status, created_at,
                                     service_code, comment)
          SELECT 'call:' || call_id || '@' || (extract(epoch FROM started_at) * 1000000)::bigint, account_number,
                 retail_minor, retail_currency, 'pending', \(receivedAt), service,
                 service || ' ' || to_char(started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS') || ' UTC to '
                   || dialed || ', ' || quantity
          FROM stored WHERE status = 'rated' AND retail_minor > 0
          ON CONFLICT (record_id) DO NOTHING
          RETURNING 1)
        SELECT (SELECT count(*) FROM stored), (SELECT count(*) FROM charged),
               (SELECT count(*) FROM stored WHERE status = 'unrated')
        """, logger: self.logger
      ).decode((Int64, Int64, Int64).self).collect()
      let (stored, charged, unrated) = counts.first ?? (0, 0, 0)
      return StoredCalls(stored: Int(stored), charged: Int(charged), unrated: Int(unrated), rating: rating)
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
      let (year, index) = month.quotientAndRemainder(dividingBy: 12)
      let (nextYear, nextIndex) = (month + 1).quotientAndRemainder(dividingBy: 12)
      let name = "call_records_\(year)_\(Self.twoDigits(index + 1))"
      let sql = """
        CREATE TABLE IF NOT EXISTS \(name) PARTITION OF call_records
        FOR VALUES FROM ('\(year)-\(Self.twoDigits(index + 1))-01 00:00:00+00')
        TO ('\(nextYear)-\(Self.twoDigits(nextIndex + 1))-01 00:00:00+00')
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

  static func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}
