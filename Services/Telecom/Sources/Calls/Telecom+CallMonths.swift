import PostgresNIO
import Storage
import WireCodec

/// Retiring old months of call records (docs/telecom.md, "Call records"): every hour a job
/// detaches the monthly partitions of `call_records` older than `callMonthsKept` months. A
/// detached month stays a table of its own (`call_records_YYYY_MM`) to be archived and dropped
/// by the operator; no row is deleted one by one, and searches no longer read it.
extension Telecom {
  static let callMonthsJob = "telecom.call-months"

  /// Detaches the months before the kept ones; returns the tables detached.
  func detachOldCallMonths() async throws -> [String] {
    let today = CalendarDate(daysSinceEpoch: Int32(self.now.microsecondsSinceEpoch / 86_400_000_000)).components
    let oldestKept = today.year * 12 + today.month - 1 - (self.settings.callMonthsKept - 1)
    let attached = try await self.database.withConnection { connection in
      try await connection.query(
        """
        SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
        WHERE i.inhparent = 'call_records'::regclass ORDER BY c.relname
        """, logger: self.logger
      ).decode(String.self).collect()
    }
    var detached: [String] = []
    for name in attached {
      guard let month = Self.partitionMonth(name), month < oldestKept else { continue }
      // The name was checked to be call_records_YYYY_MM: nothing else reaches the SQL.
      _ = try await self.database.withConnection { connection in
        try await connection.query(
          PostgresQuery(unsafeSQL: "ALTER TABLE call_records DETACH PARTITION \(name)"), logger: self.logger)
      }
      self.logger.notice("call records month detached", metadata: ["table": "\(name)"])
      detached.append(name)
    }
    return detached
  }

  /// The month (`year * 12 + month - 1`) of a partition named `call_records_YYYY_MM`.
  static func partitionMonth(_ name: String) -> Int? {
    let prefix = "call_records_"
    guard name.hasPrefix(prefix) else { return nil }
    let parts = name.dropFirst(prefix.count).split(separator: "_")
    guard parts.count == 2, parts[0].count == 4, parts[1].count == 2,
      parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
      let year = Int(parts[0]), let month = Int(parts[1]), (1...12).contains(month)
    else { return nil }
    return year * 12 + month - 1
  }
}
