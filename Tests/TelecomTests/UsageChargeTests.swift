import BillingAPI
import Foundation
import GRPCCore
import PostgresNIO
import RPC
import Storage
import TelecomAPI
import TestSupport
import Testing
import WireCodec

/// Usage from the network reaches Telecom and its charges reach Billing through Telecom's
/// outbox (docs/telecom.md, "Usage"; issue 15, must show 6): with Billing stopped the charges
/// wait; once it is back each is posted exactly once, which the account's balance shows to
/// the kopeck.
@Suite(
  "Usage collection and charges to Billing",
  .enabled(
    if: TestDatabase.isAvailable && PrivateOsmoHLR.canStart,
    "needs the test PostgreSQL and osmo-hlr (scripts/test.sh provides both)"))
struct UsageChargeTests {
  static let usageSettings = [
    "abonent.telecom.simulatorControl": "true", "abonent.telecom.usagePollInterval": "100ms",
    "abonent.telecom.chargeBatchSize": "50",
  ]

  /// Makes the network produce `count` records for the SIM over the day before `through`.
  func simulate(_ bed: TelecomTestbed, _ iccid: String, count: UInt32, through: UTCTimestamp = .now) async throws
    -> [SimulatedUsageRecord]
  {
    try await bed.call(
      TelecomContract.simulateUsage,
      SimulateUsageRequest(
        iccid: iccid, count: count, from: through.adding(.seconds(-86_400)), through: through),
      token: try await TelecomTestbed.staffToken(TelecomPermission.all)
    )
    .records
  }

  /// The outbox's rows by status.
  func charges(_ bed: TelecomTestbed) async throws -> [String: (count: Int64, attempts: Int64)] {
    try await TestDatabase.running(bed.database) { database in
      try await database.withConnection { connection in
        var byStatus: [String: (Int64, Int64)] = [:]
        for try await (status, count, attempts) in try await connection.query(
          "SELECT status, count(*), COALESCE(sum(attempts), 0)::bigint FROM usage_charges GROUP BY status",
          logger: database.logger
        ).decode((String, Int64, Int64).self) {
          byStatus[status] = (count, attempts)
        }
        return byStatus.mapValues { (count: $0.0, attempts: $0.1) }
      }
    }
  }

  func storedRecords(_ bed: TelecomTestbed) async throws -> Int64 {
    try await TestDatabase.running(bed.database) { database in
      try await database.withConnection { connection in
        try await connection.query("SELECT count(*) FROM usage_records", logger: database.logger)
          .decode(Int64.self).collect().first ?? 0
      }
    }
  }

  @Test("Billing stopped while usage arrives: after it restarts every charge is posted exactly once")
  func billingAway() async throws {
    try await BillingForTelecom.with { billing in
      try await TelecomTestbed.with(settings: billing.telecomSettings.merging(Self.usageSettings) { _, new in new }) {
        bed in
        // The account is opened and the SIMs assigned (AssignSims asks Billing) while Billing
        // runs; then Billing stops, and the usage arrives.
        let iccids = try await bed.importSims(200...202)
        let account = try await billing.running { remote in
          let account = try await billing.account(in: remote, contract: "U-1", credit: 1_000_000)
          // Telecom's client to Billing may still be backing off from the attempts made while
          // Billing was away: a refused assignment (UNAVAILABLE) changes nothing and is retried.
          try await whileBillingConnects {
            try await bed.assign(iccids, account: account.number, organization: UUID().uuidString)
          }
          return account
        }
        var records: [SimulatedUsageRecord] = []
        for iccid in iccids { records += try await self.simulate(bed, iccid, count: 150) }
        let owed = records.reduce(Int64(0)) { $0 + $1.costMinor }
        let charged = records.filter { $0.costMinor > 0 }.count
        #expect(charged > 100 && owed > 0)

        try await eventually("the usage stored", limit: .seconds(120)) {
          try await self.storedRecords(bed) == Int64(records.count)
        }
        // The poster has tried and failed at least once; nothing is posted, nothing refused.
        try await eventually("a failed attempt to reach Billing") {
          (try await self.charges(bed)["pending"]?.attempts ?? 0) > 0
        }
        let waiting = try await self.charges(bed)
        #expect(waiting["pending"]?.count == Int64(charged) && waiting["posted"] == nil && waiting["refused"] == nil)

        try await billing.running { remote in
          try await eventually("every charge posted", limit: .seconds(120)) {
            (try await self.charges(bed)["posted"]?.count ?? 0) == Int64(charged)
          }
          let outbox = try await self.charges(bed)
          // Failed under the whole suite's load in every full run of 2026-12-03 (alone: 15 s),
          // with the pause after failures capped at 2 s; what the outbox holds then is the clue.
          if outbox["posted"]?.count != Int64(charged) {
            print("billingAway: after 120 s the outbox holds \(outbox) of \(charged) charges")
          }
          #expect(outbox["pending"] == nil && outbox["refused"] == nil)
          let expected = ExactDecimal(units: 1_000_000 * 100 - owed, scale: 2)
          #expect(try await billing.balance(of: account.number, in: remote) == expected)

          // Posted again — as after a crash between Billing's answer and the outbox's record
          // of it — Billing recognises every usage id: the balance does not move.
          _ = try await TestDatabase.running(bed.database) { database in
            try await database.withConnection { connection in
              try await connection.query(
                "UPDATE usage_charges SET status = 'pending', posted_at = NULL", logger: database.logger)
            }
          }
          try await eventually("the charges posted again", limit: .seconds(120)) {
            (try await self.charges(bed)["posted"]?.count ?? 0) == Int64(charged)
          }
          #expect(try await billing.balance(of: account.number, in: remote) == expected)
        }
      }
    }
  }

  @Test("a charge Billing refuses is set aside alone; the rest of its batch is posted")
  func refusedCharge() async throws {
    try await BillingForTelecom.with { billing in
      try await billing.running { remote in
        let account = try await billing.account(in: remote, contract: "U-2", credit: 1_000_000)
        try await TelecomTestbed.with(settings: billing.telecomSettings.merging(Self.usageSettings) { _, new in new }) {
          bed in
          let good = try await bed.importSims(210...210)
          let bad = try await bed.importSims(211...211)
          try await bed.assign(good + bad, account: account.number, organization: UUID().uuidString)
          // AssignSims checks the account with Billing, so a SIM on an account Billing does not
          // know is made by hand: as if Billing had renumbered the account since. Each of its
          // charges is refused.
          _ = try await TestDatabase.running(bed.database) { database in
            try await database.withConnection { connection in
              try await connection.query(
                "UPDATE sims SET account_number = 'NO-SUCH-1' WHERE iccid = \(bad[0])", logger: database.logger)
            }
          }
          let goodRecords = try await self.simulate(bed, good[0], count: 40)
          let badRecords = try await self.simulate(bed, bad[0], count: 10)
          let goodCharged = Int64(goodRecords.filter { $0.costMinor > 0 }.count)
          let badCharged = Int64(badRecords.filter { $0.costMinor > 0 }.count)
          try await eventually("every charge answered", limit: .seconds(120)) {
            let outbox = try await self.charges(bed)
            return outbox["posted"]?.count == goodCharged && outbox["refused"]?.count == badCharged
          }
          let owed = goodRecords.reduce(Int64(0)) { $0 + $1.costMinor }
          #expect(
            try await billing.balance(of: account.number, in: remote)
              == ExactDecimal(units: 1_000_000 * 100 - owed, scale: 2))
        }
      }
    }
  }

  @Test("usage of a SIM in stock is stored but charged to nobody; records read twice are stored once")
  func stockAndRepeats() async throws {
    try await TelecomTestbed.with(settings: Self.usageSettings) { bed in
      let stock = try await bed.importSims(220...220)
      let records = try await self.simulate(bed, stock[0], count: 30)
      try await eventually("the usage stored", limit: .seconds(120)) {
        try await self.storedRecords(bed) == Int64(records.count)
      }
      #expect(try await self.charges(bed).isEmpty)
      // The collector's cursor moved back, as if a replica had died before recording it:
      // the page is read again and nothing is stored twice.
      _ = try await TestDatabase.running(bed.database) { database in
        try await database.withConnection { connection in
          try await connection.query("UPDATE usage_cursor SET cursor = NULL", logger: database.logger)
        }
      }
      try await eventually("the page read again") {
        try await TestDatabase.running(bed.database) { database in
          try await database.withConnection { connection in
            try await connection.query("SELECT cursor FROM usage_cursor", logger: database.logger)
              .decode(String?.self).collect() == ["\(records.count)"]
          }
        }
      }
      #expect(try await self.storedRecords(bed) == Int64(records.count))
      let refusal = await bed.refusal {
        _ = try await self.simulate(bed, stock[0], count: 10_001)
      }
      #expect(refusal?.reason == "NETWORK_REFUSED")
    }
  }

  @Test("SimulateUsage is refused unless the simulator control is on")
  func simulatorControlOff() async throws {
    try await TelecomTestbed.with { bed in
      let iccids = try await bed.importSims(230...230)
      let refusal = await bed.refusal { _ = try await self.simulate(bed, iccids[0], count: 1) }
      #expect(refusal?.code == .failedPrecondition && refusal?.reason == "SIMULATOR_CONTROL_OFF")
    }
  }
}
