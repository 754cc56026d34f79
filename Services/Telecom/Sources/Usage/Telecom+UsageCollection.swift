import PostgresNIO
import Storage
import WireCodec

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

extension Telecom {
  /// One round of collecting usage: reads how far Telecom has got, asks the network for the
  /// next page outside any transaction, then stores the page, the charges it owes Billing and
  /// the new cursor in one transaction. The cursor is compared before it is moved, so when two
  /// replicas read the same page only one stores it; records are keyed by the network's id,
  /// so none is stored twice either way. Returns how many records the page held.
  func collectUsage() async throws -> Int {
    let feed = self.network.services.usageFeed
    let cursor = try await self.database.withConnection { connection in
      try await self.usageCursor(of: feed, on: connection)
    }
    let batch = try await self.network.services.usage(after: cursor, limit: self.settings.usagePageSize)
    guard !batch.records.isEmpty else { return 0 }
    let stored = try await self.database.transaction { connection -> Bool in
      // Creates the feed's row on its first page and locks it either way, in one statement.
      let current =
        try await connection.query(
          """
          INSERT INTO usage_cursor AS c (name, cursor, updated_at) VALUES (\(feed), NULL, \(self.now))
          ON CONFLICT (name) DO UPDATE SET name = c.name
          RETURNING c.cursor
          """, logger: self.logger
        ).decode(String?.self).collect().first ?? nil
      guard current == cursor else { return false }
      try await self.evaluateQuotas(for: try await self.store(batch.records, on: connection), on: connection)
      try await connection.query(
        """
        UPDATE usage_cursor SET cursor = \(batch.cursor), updated_at = \(self.now)
        WHERE name = \(feed)
        """, logger: self.logger)
      return true
    }
    return stored ? batch.records.count : 0
  }

  /// Stores the records of SIMs Telecom knows, each with the SIM's account at arrival, and
  /// queues a charge for every one on an account that costs something, in one statement
  /// (instants go as microseconds since the epoch, made timestamps by exact interval
  /// arithmetic, never through floating point).
  /// Returns the SIMs and the UTC months of the records stored now (not before), for the
  /// quotas. A record of an IMSI Telecom does not know is left out: there is nobody to charge
  /// or show it to.
  func store(_ records: [UsageRecord], on connection: PostgresConnection) async throws -> [(
    iccid: String, month: String
  )] {
    let touched = try await connection.query(
      """
      WITH stored AS (
      INSERT INTO usage_records (id, iccid, organization_id, account_number, kind, started_at, ended_at, quantity,
                                 cost_minor, currency, peer, operator, country, received_at)
      SELECT v.id, s.iccid, s.organization_id, NULLIF(s.account_number, ''), v.kind,
             timestamptz 'epoch' + v.started_at * interval '1 microsecond',
             timestamptz 'epoch' + v.ended_at * interval '1 microsecond', v.quantity,
             v.cost_minor, v.currency, v.peer, v.operator, v.country, \(self.now)
      FROM unnest(\(records.map(\.id))::text[], \(records.map(\.imsi))::text[], \(records.map(\.kind.rawValue))::text[],
                  \(records.map(\.start.microsecondsSinceEpoch))::bigint[],
                  \(records.map(\.end.microsecondsSinceEpoch))::bigint[],
                  \(records.map(\.quantity))::bigint[], \(records.map(\.costMinor))::bigint[],
                  \(records.map(\.currency))::text[], \(records.map(\.peer))::text[],
                  \(records.map(\.operator))::text[], \(records.map(\.country))::text[])
           AS v(id, imsi, kind, started_at, ended_at, quantity, cost_minor, currency, peer, operator, country)
      JOIN sims s ON s.imsi = v.imsi
      ON CONFLICT (id) DO NOTHING
      RETURNING id, iccid, account_number, cost_minor, currency, started_at, kind),
      charges AS (
        INSERT INTO usage_charges (record_id, account_number, amount_minor, currency, status, created_at, comment)
        SELECT id, account_number, cost_minor, currency, 'pending', \(self.now),
               kind || ' ' || to_char(started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI') || ' UTC, SIM ' || iccid
        FROM stored
        WHERE account_number IS NOT NULL AND cost_minor > 0
        ON CONFLICT (record_id) DO NOTHING)
      SELECT DISTINCT iccid, to_char(started_at AT TIME ZONE 'UTC', 'YYYY-MM-01') FROM stored
      """, logger: self.logger
    ).decode((String, String).self).collect()
    if touched.isEmpty {
      // Read before (a page read twice), or of IMSIs Telecom does not know.
      self.logger.debug("a usage page stored nothing new", metadata: ["records": "\(records.count)"])
    }
    return touched.map { (iccid: $0.0, month: $0.1) }
  }

  /// How far `feed` has been read (its `usage_cursor` row); nil before the first record.
  func usageCursor(of feed: String, on connection: PostgresConnection) async throws -> String? {
    try await connection.query(
      "SELECT cursor FROM usage_cursor WHERE name = \(feed)", logger: self.logger
    ).decode(String?.self).collect().first ?? nil
  }
}
