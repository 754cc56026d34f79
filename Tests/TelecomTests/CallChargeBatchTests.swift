import BillingAPI
import Configuration
import Foundation
import Logging
import PostgresNIO
import Settings
import Storage
import TelecomAPI
import TestSupport
import Testing
import WireCodec

@testable import TelecomService

/// The call charges' outbox keeps a row per stored batch (docs/telecom.md, "Call records"):
/// posted to a real Billing in chunks of `chargeBatchSize`, each charge once, whatever happens
/// between Telecom and Billing.
@Suite(
  "Call charges: the outbox's batch rows",
  .enabled(
    if: TestDatabase.isAvailable && PrivateOsmoHLR.canStart,
    "needs the test PostgreSQL and osmo-hlr (scripts/test.sh provides both)"))
struct CallChargeBatchTests {
  static let settings = ["abonent.telecom.usagePollInterval": "100ms", "abonent.telecom.chargeBatchSize": "50"]

  /// The outbox's batch rows: charges, posted, attempts.
  func batches(_ bed: TelecomTestbed) async throws -> [(Int, Int, Int)] {
    try await TestDatabase.running(bed.database) { database in
      try await database.withConnection { connection in
        try await connection.query(
          "SELECT charges, posted, attempts FROM call_charge_batches ORDER BY id", logger: database.logger
        ).decode((Int, Int, Int).self).collect()
      }
    }
  }

  /// Telecom on the testbed's database, called directly rather than over gRPC. The testbed
  /// has no Billing address, so no poster of its own runs beside it.
  static func telecom(_ database: Database, _ bed: TelecomTestbed) throws -> Telecom {
    let network = MobileNetwork(
      registry: OsmoHLRRegistry(control: OsmoControlClient(host: bed.hlr.host, port: bed.hlr.ctrlPort)),
      services: NetworkSimulator(seed: 1, now: { UTCTimestamp.now }), joined: { _ in }, left: { _ in })
    return Telecom(
      database: database, clock: SystemWallClock(), logger: Logger(label: "call-charge-test"),
      settings: try TelecomSettings(SettingsReader(ConfigReader(provider: InMemoryProvider(values: [:])))),
      network: network)
  }

  func run(_ bed: TelecomTestbed, _ sql: PostgresQuery) async throws {
    do {
      _ = try await TestDatabase.running(bed.database) { database in
        try await database.withConnection { connection in try await connection.query(sql, logger: database.logger) }
      }
    } catch let error as PSQLError {
      Issue.record("\(String(reflecting: error))")
      throw error
    }
  }

  @Test("121 charges in one batch row: held while Billing is away, then each posted once; a refused one set aside")
  func chunks() async throws {
    try await BillingForTelecom.with { billing in
      try await TelecomTestbed.with(settings: billing.telecomSettings.merging(Self.settings) { _, new in new }) {
        bed in
        // Rating plans are set while Billing runs (SetAccountRatingPlan checks the account).
        let account = try await billing.running { remote in
          let account = try await billing.account(in: remote, contract: "C-B", credit: 10_000)
          let staff = try await CallIngestTests().prices(bed, account: account.number)
          let other = try await billing.account(in: remote, contract: "C-X")
          _ = try await whileBillingConnects {
            try await bed.call(
              TelecomContract.setAccountRatingPlan,
              SetAccountRatingPlanRequest(accountNumber: other.number, ratingPlan: "BASE"), token: staff)
          }
          return account
        }
        // Billing is stopped from here until it runs again below. The second account is
        // renumbered by hand, as if Billing had renumbered it since: its charge is refused.
        try await self.run(
          bed,
          """
          UPDATE account_rating_plans SET account_number = 'NO-SUCH-1' WHERE account_number <> \(account.number)
          """)
        try await self.run(bed, "UPDATE rating_generation SET generation = generation + 1")
        try await eventually("the rating book read again") {
          let decision = try await bed.call(
            TelecomContract.authorizeCall,
            AuthorizeCallRequest(
              accountNumber: "NO-SUCH-1", dialedNumber: "381114112060", service: .outgoingCall, placeOfService: "MSK"),
            token: try await TelecomTestbed.staffToken([TelecomPermission.callsAuthorize]))
          return decision.allowed
        }
        let calls =
          (1...120).map { CallIngestTests.record("b-\($0)", account: account.number) }
          + [CallIngestTests.record("b-x", account: "NO-SUCH-1")]
        let reply = try await bed.upload(
          TelecomContract.ingestCalls, [CallRecordBatch(records: calls)],
          token: try await TelecomTestbed.staffToken([TelecomPermission.callsIngest]))
        #expect(reply.stored == 121 && reply.charged == 121, "\(reply)")

        // One row holds the batch's 121 charges; the poster has tried Billing and nothing is done.
        try await eventually("a failed attempt to reach Billing") {
          try await self.batches(bed).first.map { $0.2 > 0 } ?? false
        }
        let waiting = try await self.batches(bed)
        #expect(waiting.count == 1 && waiting.first?.0 == 121 && waiting.first?.1 == 0)
        // Kept to put back below, exactly as stored.
        try await self.run(bed, "CREATE TABLE saved_charge_batch AS SELECT * FROM call_charge_batches")

        try await billing.running { remote in
          // Three chunks (50, 50, 21); the last holds the charge Billing refuses, which is set
          // aside with Billing's reason while the other 20 go. Then the batch row goes.
          try await eventually("every charge answered", limit: .seconds(120)) {
            try await CallIngestTests().outbox(bed) == ["refused": 1]
          }
          #expect(try await self.batches(bed).isEmpty)
          let refused = try await TestDatabase.running(bed.database) { database in
            try await database.withConnection { connection in
              try await connection.query(
                "SELECT record_id, account_number, amount_minor, currency, reason FROM usage_charges",
                logger: database.logger
              ).decode((String, String, Int64, String, String).self).collect()
            }
          }
          #expect(refused.count == 1)
          #expect(refused.first?.0.hasPrefix("call:b-x@") == true && refused.first?.1 == "NO-SUCH-1")
          #expect(refused.first?.2 == 1_285 && refused.first?.3 == "RUB" && refused.first?.4.isEmpty == false)
          // 10,000.00 − 120 × 12.85.
          let expected = ExactDecimal(units: 1_000_000 - 120 * 1_285, scale: 2)
          #expect(try await billing.balance(of: account.number, in: remote) == expected)

          // The same batch in the outbox again — as when a replica dies between Billing's
          // answer and its record of it, and its claim runs out: Billing knows every usage id
          // with the same content, so nothing is charged twice and nothing new is refused (the
          // bad charge's second refusal finds its row already set aside), and the row goes.
          try await self.run(
            bed,
            """
            INSERT INTO call_charge_batches (created_at, record_ids, account_numbers, amounts_minor, currencies,
                                             service_codes, comments, charges)
            SELECT now(), record_ids, account_numbers, amounts_minor, currencies, service_codes, comments, charges
            FROM saved_charge_batch
            """)
          try await eventually("the charges posted again", limit: .seconds(120)) {
            try await self.batches(bed).isEmpty
          }
          #expect(try await billing.balance(of: account.number, in: remote) == expected)
          #expect(try await CallIngestTests().outbox(bed) == ["refused": 1])
        }
      }
    }
  }

  @Test("a claimed chunk whose answer was recorded elsewhere meanwhile leaves the batch as the other replica made it")
  func lateRecord() async throws {
    try await TelecomTestbed.with { bed in
      try await self.run(
        bed,
        """
        INSERT INTO call_charge_batches (created_at, record_ids, account_numbers, amounts_minor, currencies,
                                         service_codes, comments, charges)
        VALUES (now(), ARRAY['call:a@1', 'call:b@1', 'call:c@1'], ARRAY['A', 'A', 'A'], ARRAY[100, 200, 300]::bigint[],
                ARRAY['RUB', 'RUB', 'RUB'], ARRAY['CALL_OUT', 'CALL_OUT', 'CALL_OUT'], ARRAY['1', '2', '3'], 3)
        """)
      try await TestDatabase.running(bed.database) { database in
        let telecom = try Self.telecom(database, bed)
        let first = try #require(try await telecom.claimCallCharges(limit: 2))
        #expect(first.offset == 0 && first.charges.map(\.recordID) == ["call:a@1", "call:b@1"])
        #expect(first.charges.map(\.amountMinor) == [100, 200] && first.charges.map(\.currency) == ["RUB", "RUB"])
        // Claimed: no other replica gets the batch until the claim runs out.
        #expect(try await telecom.claimCallCharges(limit: 2) == nil)
        try await telecom.recordCallCharges(first, refused: [])
        #expect(try await self.batches(bed).map(\.1) == [2])
        // Recording the same chunk again (a replica whose claim ran out) moves nothing.
        try await telecom.recordCallCharges(first, refused: [])
        #expect(try await self.batches(bed).map(\.1) == [2])
        let last = try #require(try await telecom.claimCallCharges(limit: 2))
        #expect(last.offset == 2 && last.charges.map(\.recordID) == ["call:c@1"])
        try await telecom.recordCallCharges(last, refused: [BillingRefusal(charge: last.charges[0], reason: "closed")])
        #expect(try await self.batches(bed).isEmpty)
      }
      let setAside = try await TestDatabase.running(bed.database) { database in
        try await database.withConnection { connection in
          try await connection.query("SELECT record_id, status, reason FROM usage_charges", logger: database.logger)
            .decode((String, String, String).self).collect()
        }
      }
      #expect(setAside.count == 1 && setAside.first?.0 == "call:c@1" && setAside.first?.1 == "refused")
      #expect(setAside.first?.2 == "closed")
    }
  }
}
