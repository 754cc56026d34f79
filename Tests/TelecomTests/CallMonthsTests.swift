import Foundation
import PostgresNIO
import RPC
import Storage
import TelecomAPI
import TestSupport
import Testing
import WireCodec

/// Old months of call records are detached, not deleted (issue 16; docs/telecom.md, "Call
/// records"): the hourly job leaves the last `callMonthsKept` months attached.
@Suite(
  "Call records: old months detached",
  .enabled(
    if: TestDatabase.isAvailable && PrivateOsmoHLR.canStart,
    "needs the test PostgreSQL and osmo-hlr (scripts/test.sh provides both)"))
struct CallMonthsTests {
  func partitions(_ bed: TelecomTestbed) async throws -> (attached: Set<String>, existing: Set<String>) {
    try await TestDatabase.running(bed.database) { database in
      try await database.withConnection { connection in
        let attached = try await connection.query(
          """
          SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
          WHERE i.inhparent = 'call_records'::regclass
          """, logger: database.logger
        ).decode(String.self).collect()
        let existing = try await connection.query(
          "SELECT relname FROM pg_class WHERE relname LIKE 'call_records_%' AND relkind = 'r'", logger: database.logger
        ).decode(String.self).collect()
        return (Set(attached), Set(existing))
      }
    }
  }

  @Test("a month older than the kept 15 is detached within the hour and kept as a table with its rows")
  func detach() async throws {
    let clock = SettableWallClock(TelecomTestbed.noon(TelecomTestbed.date("2026-03-15")))
    try await TelecomTestbed.with(settings: ["abonent.jobs.pollInterval": "20ms"], clock: clock) { bed in
      let staff = try await TelecomTestbed.staffToken()
      let old = TelecomTestbed.noon(TelecomTestbed.date("2025-03-01"))
      let recent = TelecomTestbed.noon(TelecomTestbed.date("2026-03-10"))
      let reply = try await bed.ingest(
        [
          CallDetailRecord(
            callID: "old", accountNumber: "LS-1", caller: "1", dialedNumber: "4930", service: .outgoingCall,
            placeOfService: "MSK", startedAt: old, answered: false),
          CallDetailRecord(
            callID: "new", accountNumber: "LS-1", caller: "1", dialedNumber: "4930", service: .outgoingCall,
            placeOfService: "MSK", startedAt: recent, answered: false),
        ], token: staff)
      #expect(reply.stored == 2)
      #expect(try await self.partitions(bed).attached == ["call_records_2025_03", "call_records_2026_03"])
      // July 2026: the 15 months kept are May 2025 to July 2026.
      clock.set(TelecomTestbed.noon(TelecomTestbed.date("2026-07-02")))
      try await eventually("March 2025 detached") {
        try await self.partitions(bed).attached == ["call_records_2026_03"]
      }
      #expect(try await self.partitions(bed).existing.isSuperset(of: ["call_records_2025_03", "call_records_2026_03"]))
      let kept = try await TestDatabase.running(bed.database) { database in
        try await database.withConnection { connection in
          try await connection.query("SELECT call_id FROM call_records_2025_03", logger: database.logger)
            .decode(String.self).collect()
        }
      }
      #expect(kept == ["old"])
    }
  }
}
