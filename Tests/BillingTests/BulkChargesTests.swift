import BillingAPI
import Configuration
import Logging
import PostgresNIO
import RPC
import Settings
import Storage
import TestSupport
import Testing
import WireCodec

@testable import BillingService

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// PostCharges' batch path (`Billing+BulkCharges.swift`) gives every charge what posting it
/// alone gives: the same entries, balances after, replays, ids in the same order, and the same
/// autopay and critical-balance jobs. Three mirror sets of 200 accounts get the same charges —
/// 1,000 of them with a quarter posted once before, so the batch mixes new and replayed usages,
/// then 400 new ones — through the batch path with its keys looked up first, through the batch
/// path that assumes no replays (PostCharges' first try), and charge by charge.
@Suite(
  "PostCharges in bulk equals charge by charge",
  .enabled(if: TestDatabase.isAvailable, "needs the test PostgreSQL (scripts/test.sh starts it)"))
struct BulkChargesTests {
  static let accounts = 200
  let logger = Logger(label: "test")
  let caller = Caller(
    userID: "telecom", organizationID: nil, permissions: [BillingPermission.chargesPost.name], kind: .service)

  /// Accounts `<set>0001…` with balances, critical balances and autopay thresholds that the
  /// charges will cross.
  func fill(_ connection: PostgresConnection, set: String) async throws {
    for statement in [
      """
      INSERT INTO customers (id, kind, name, contract_number, country, created_at)
      SELECT gen_random_uuid(), 'legal_entity', 'ООО «\(set) ' || n || '»', '\(set)-' || n, 'RU', now()
      FROM generate_series(1, \(Self.accounts)) n
      """,
      """
      INSERT INTO accounts (id, number, customer_id, currency, payment_mode, created_at, balance_minor, critical_balance_minor)
      SELECT gen_random_uuid(), '\(set)' || lpad(split_part(c.contract_number, '-', 2), 4, '0'), c.id, 'RUB', 'prepaid', now(),
             (split_part(c.contract_number, '-', 2)::int % 7) * 10000,
             CASE WHEN split_part(c.contract_number, '-', 2)::int % 3 = 0 THEN 5000 ELSE 0 END
      FROM customers c WHERE c.contract_number LIKE '\(set)-%'
      """,
      """
      INSERT INTO autopay (account_id, enabled, threshold_minor, amount_minor, card_token, updated_at)
      SELECT a.id, true, 20000, 50000, 'card', now() FROM accounts a
      WHERE a.number LIKE '\(set)%' AND substr(a.number, length('\(set)') + 1)::int % 4 = 0
      """,
    ] {
      try await connection.query(PostgresQuery(unsafeSQL: statement), logger: self.logger)
    }
  }

  /// The batch for account set `set`: charge `i` on account `(i * 37) % accounts + 1`.
  func entries(set: String, range: Range<Int>, billing: Billing) -> [NewEntry] {
    range.map { index in
      let account = (index * 37) % Self.accounts + 1
      return NewEntry(
        idempotencyKey: "usage:service:telecom:\(set)-cdr-\(index)",
        idempotencyScope: billing.idempotencyScope(of: self.caller),
        account: .number(set + String(repeating: "0", count: 4 - String(account).count) + String(account)),
        kind: .charge, amount: ExactDecimal(units: Int64(1 + (index * 7919) % 9000), scale: 2),
        date: .day(2026, 5, 1 + index % 28), serviceCode: index % 2 == 0 ? "telephony" : "sms",
        subscriptionID: index % 5 == 0 ? "sub-\(index)" : "", purpose: "call \(index)", debit: true,
        source: billing.source(of: self.caller), actor: self.caller.userID, amountField: "charges[\(index)].amount")
    }
  }

  /// Billing on the test database with default settings, called directly (not over gRPC).
  static func billing(_ database: Database, clock: any WallClock, gateway: (any PaymentGateway)? = nil) throws
    -> Billing
  {
    Billing(
      database: database, clock: clock, logger: Logger(label: "bulk-test"),
      settings: try BillingSettings(SettingsReader(ConfigReader(provider: InMemoryProvider(values: [:])))),
      gateway: gateway)
  }

  func order(_ entries: [NewEntry]) -> [Int] {
    entries.indices.sorted {
      if case .number(let left) = entries[$0].account, case .number(let right) = entries[$1].account {
        return left < right
      }
      return false
    }
  }

  /// What a set has, with the set's prefix taken out of account numbers and keys.
  struct SetState: Equatable {
    var entries: [String]
    var balances: [String]
    var jobs: [String]
  }

  func state(_ connection: PostgresConnection, set: String) async throws -> SetState {
    let entries = try await connection.query(
      """
      SELECT concat_ws('|', substr(a.number, length(\(set)) + 1), e.kind, e.amount_minor, e.balance_after_minor, e.value_date,
                       e.service_code, e.subscription_id, e.purpose, replace(e.idempotency_key, \(set), ''),
                       rank() OVER (ORDER BY e.id))
      FROM ledger_entries e JOIN accounts a ON a.id = e.account_id WHERE a.number LIKE \(set) || '%' ORDER BY e.id
      """, logger: self.logger
    ).decode(String.self).collect()
    let balances = try await connection.query(
      """
      SELECT substr(number, length(\(set)) + 1) || '=' || balance_minor FROM accounts WHERE number LIKE \(set) || '%' ORDER BY number
      """, logger: self.logger
    ).decode(String.self).collect()
    let jobs = try await connection.query(
      """
      SELECT j.kind || '|' || substr(a.number, length(\(set)) + 1) FROM jobs j
      JOIN accounts a ON a.id::text = split_part(j.key, ':', 1) WHERE a.number LIKE \(set) || '%' ORDER BY 1
      """, logger: self.logger
    ).decode(String.self).collect()
    return SetState(entries: entries, balances: balances, jobs: jobs)
  }

  @Test(
    "1,000 charges on 200 accounts, a quarter of them replays, then 400 new: same entries, balances, replies and jobs"
  )
  func equivalence() async throws {
    try await BillingTestbed.with(
      clockAt: UTCTimestamp(microsecondsSinceEpoch: 1_780_275_600_000_000),
      settings: ["abonent.billing.nightlyCycle": "false"]
    ) { bed in
      let clock = try #require(bed.clock)
      try await bed.sql { connection in
        for set in Self.sets { try await self.fill(connection, set: set) }
      }
      try await TestDatabase.running(bed.database) { database in
        let billing = try Self.billing(database, clock: clock, gateway: ScriptedGateway())
        // Per set, three steps: 250 charges, then the 1,000 that hold those 250 again, then 400
        // new ones. "BK": the batch path with the keys looked up first; "OP": PostCharges' way
        // (no lookup first; the replays' batch falls back); "ONE": charge by charge.
        var replies: [String: [[PostingReply]]] = [:]
        for set in Self.sets {
          let steps = [0..<250, 0..<1000, 1000..<1400].map { self.entries(set: set, range: $0, billing: billing) }
          for (step, entries) in steps.enumerated() {
            if set == "OP" && step == 1 {
              // Assuming no replays fails on the first one and leaves nothing behind.
              await #expect(throws: BatchHoldsReplays.self) {
                try await database.transaction { connection in
                  try await self.post(entries, set: set, billing: billing, on: connection)
                }
              }
              replies[set, default: []].append(
                try await billing.postBatch(
                  entries, order: self.order(entries), permission: BillingPermission.chargesPost,
                  caller: self.caller))
              continue
            }
            replies[set, default: []].append(
              try await database.transaction { connection in
                try await self.post(entries, set: set, billing: billing, on: connection)
              })
          }
        }
        let single = try #require(replies["ONE"])
        #expect(single.map(\.count) == [250, 1000, 400])
        #expect(single[1].filter(\.replayed).count == 250 && !single[2].contains(where: \.replayed))
        for set in ["BK", "OP"] {
          let bulk = try #require(replies[set])
          for step in 0..<3 {
            #expect(
              self.normalized(bulk[step], set: set) == self.normalized(single[step], set: "ONE"),
              "\(set), step \(step)")
          }
        }
        let posted = replies
        let states = try await database.withConnection { connection in
          var states: [String: SetState] = [:]
          for set in Self.sets { states[set] = try await self.state(connection, set: set) }
          // Every reply names the id its entry has in the ledger.
          for set in Self.sets {
            let stored = try await self.ids(connection, set: set)
            let replied = (posted[set] ?? []).joined().map { ($0.entry.idempotencyKey, $0.entry.id) }
            #expect(replied.count == 1650 && replied.allSatisfy { stored[$0.0] == $0.1 }, "\(set)")
          }
          return states
        }
        #expect(states["BK"] == states["ONE"])
        #expect(states["OP"] == states["ONE"])
        // The comparison compared something: every entry, and jobs of both kinds.
        let one = try #require(states["ONE"])
        #expect(one.entries.count == 1400 && one.balances.count == Self.accounts)
        #expect(one.jobs.contains { $0.hasPrefix(Billing.autopayJob + "|") })
        #expect(one.jobs.contains { $0.hasPrefix(Billing.criticalBalanceJob + "|") })
      }
    }
  }

  static let sets = ["BK", "OP", "ONE"]

  /// Posts `entries` in `connection`'s transaction the way set `set` does.
  func post(_ entries: [NewEntry], set: String, billing: Billing, on connection: PostgresConnection) async throws
    -> [PostingReply]
  {
    let order = self.order(entries)
    let permission = BillingPermission.chargesPost
    switch set {
    case "BK":
      return try await billing.postInBulk(
        entries, order: order, earlier: .lookedUp, permission: permission, caller: self.caller, on: connection)
    case "OP":
      return try await billing.postInBulk(
        entries, order: order, earlier: .assumedNone, permission: permission, caller: self.caller, on: connection)
    default:
      var postings = [PostingReply?](repeating: nil, count: entries.count)
      for index in order {
        postings[index] = try await billing.post(
          entries[index], permission: permission, caller: self.caller, on: connection)
      }
      return postings.compactMap { $0 }
    }
  }

  /// A reply as text with the set's prefix taken out and the entry id left out (ids differ
  /// between sets; ``ids(_:set:)`` checks them).
  func normalized(_ replies: [PostingReply], set: String) -> [String] {
    replies.map { reply in
      var entry = reply.entry
      entry.id = 0
      entry.accountNumber = String(entry.accountNumber.dropFirst(set.count))
      entry.idempotencyKey = entry.idempotencyKey.replacing("\(set)-", with: "")
      return "\(entry) \(reply.balanceAfter) \(reply.replayed)"
    }
  }

  /// The ledger's entry ids of set `set` by idempotency key.
  func ids(_ connection: PostgresConnection, set: String) async throws -> [String: Int64] {
    let rows = try await connection.query(
      """
      SELECT e.idempotency_key, e.id FROM ledger_entries e JOIN accounts a ON a.id = e.account_id
      WHERE a.number LIKE \(set) || '%'
      """, logger: self.logger
    ).decode((String, Int64).self).collect()
    return Dictionary(rows, uniquingKeysWith: { first, _ in first })
  }

  /// 8 tasks post batches over the same 20 accounts while top-ups move them too: batches wait
  /// for each other's account locks and meet replays of their own. Whatever happened, every
  /// usage is charged once and every account's entries chain: each balance after is the one
  /// before plus the amount, ending at the account's balance.
  static func concurrentAccount(_ index: Int) -> String {
    "CC" + String(repeating: "0", count: 4 - String(index).count) + String(index)
  }

  @Test("8 concurrent batches and top-ups on the same 20 accounts: each usage once, balances chained, none lost")
  func concurrentBatches() async throws {
    try await BillingTestbed.with(clockAt: .now, settings: ["abonent.billing.nightlyCycle": "false"]) { bed in
      try await bed.sql { connection in
        try await connection.query(
          """
          INSERT INTO customers (id, kind, name, contract_number, country, created_at)
          SELECT gen_random_uuid(), 'legal_entity', 'ООО «CC ' || n || '»', 'CC-' || n, 'RU', now()
          FROM generate_series(1, 20) n
          """, logger: self.logger)
        try await connection.query(
          """
          INSERT INTO accounts (id, number, customer_id, currency, payment_mode, created_at)
          SELECT gen_random_uuid(), 'CC' || lpad(split_part(c.contract_number, '-', 2), 4, '0'), c.id, 'RUB', 'prepaid', now()
          FROM customers c WHERE c.contract_number LIKE 'CC-%'
          """, logger: self.logger)
      }
      try await TestDatabase.running(bed.database) { database in
        let billing = try Self.billing(database, clock: try #require(bed.clock))
        let cashier = Caller(
          userID: "cashier", organizationID: nil, permissions: [BillingPermission.topupsCreate.name], kind: .staff)
        let caller = self.caller
        let postings = try await withThrowingTaskGroup(of: Int.self) { group in
          for task in 0..<8 {
            group.addTask {
              var postings = 0
              for batch in 0..<6 {
                let charges = (0..<100).map { index in
                  UsageCharge(
                    usageID: "t\(task)-b\(batch)-\(index)",
                    accountNumber: Self.concurrentAccount((index * 7 + task) % 20 + 1),
                    amount: ExactDecimal(units: Int64(1 + (index * 31 + task) % 500), scale: 2),
                    serviceCode: "telephony")
                }
                // The first batch of each task is sent twice: the second time, all replays.
                for _ in 0..<(batch == 0 ? 2 : 1) {
                  postings += try await billing.postCharges(PostChargesRequest(charges: charges), caller: caller)
                    .postings.count
                }
              }
              return postings
            }
          }
          group.addTask {
            for round in 0..<200 {
              _ = try await billing.topUp(
                TopUpRequest(
                  idempotencyKey: "top-\(round)", accountNumber: Self.concurrentAccount(round % 20 + 1),
                  amount: ExactDecimal(units: 1_000, scale: 0), comment: ""), caller: cashier)
            }
            return 0
          }
          return try await group.reduce(0, +)
        }
        #expect(postings == 8 * 7 * 100)
        try await database.withConnection { connection in
          let usages = try await connection.query(
            "SELECT count(*), count(DISTINCT idempotency_key) FROM ledger_entries WHERE idempotency_key LIKE 'usage:%'",
            logger: self.logger
          ).decode((Int64, Int64).self).collect().first
          #expect(usages?.0 == 4_800 && usages?.1 == 4_800)
          // Each entry's balance after = the previous one's + its amount, ending at the account's.
          let broken = try await connection.query(
            """
            SELECT count(*) FROM (
              SELECT e.balance_after_minor, sum(e.amount_minor) OVER (PARTITION BY e.account_id ORDER BY e.id) AS running
              FROM ledger_entries e JOIN accounts a ON a.id = e.account_id WHERE a.number LIKE 'CC%') x
            WHERE x.balance_after_minor <> x.running
            """, logger: self.logger
          ).decode(Int64.self).collect().first
          #expect(broken == 0)
          let mismatched = try await connection.query(
            """
            SELECT count(*) FROM accounts a
            WHERE a.number LIKE 'CC%'
              AND a.balance_minor <> (SELECT coalesce(sum(amount_minor), 0) FROM ledger_entries WHERE account_id = a.id)
            """, logger: self.logger
          ).decode(Int64.self).collect().first
          #expect(mismatched == 0)
        }
      }
    }
  }

  /// PostCharges' first try skips the key lookup, whose insert only sees keys of the caller's
  /// own scope. A usage posted before scopes existed (a `legacy` key, migration 111) must still
  /// meet its earlier entry: a batch holding it is answered from it, never charged again.
  @Test("a usage posted before idempotency scopes existed is not charged again by a batch")
  func legacyKeys() async throws {
    try await BillingTestbed.with(clockAt: .now, settings: ["abonent.billing.nightlyCycle": "false"]) { bed in
      try await bed.sql { connection in
        try await self.fill(connection, set: "LG")
      }
      try await TestDatabase.running(bed.database) { database in
        let billing = try Self.billing(database, clock: try #require(bed.clock))
        let charge = UsageCharge(
          usageID: "old-1", accountNumber: "LG0001", amount: ExactDecimal(units: 150, scale: 2), serviceCode: "sms")
        let fresh = UsageCharge(
          usageID: "new-1", accountNumber: "LG0002", amount: ExactDecimal(units: 250, scale: 2), serviceCode: "sms")
        #expect(try await !database.withConnection { try await billing.legacyKeysExist(on: $0) })
        // The same usage as posted by the service before migration 111: its key, scope `legacy`.
        let key = "usage:\(billing.source(of: self.caller)):old-1"
        _ = try await database.withConnection { connection in
          try await connection.query(
            """
            INSERT INTO ledger_entries (account_id, kind, amount_minor, balance_after_minor, currency, value_date, service_code,
                                        source, idempotency_scope, idempotency_key, fingerprint, actor, posted_at)
            SELECT id, 'charge', -150, balance_minor - 150, 'RUB', current_date, 'sms', 'import', 'legacy', \(key), '', 'import', now()
            FROM accounts WHERE number = 'LG0001'
            """, logger: self.logger)
        }
        #expect(try await database.withConnection { try await billing.legacyKeysExist(on: $0) })
        let refused = await #expect(throws: BillingError.self) {
          _ = try await billing.postCharges(PostChargesRequest(charges: [fresh, charge]), caller: self.caller)
        }
        // Its fingerprint is not the new request's, so the key counts as reused: refused, not charged.
        #expect(refused?.reason == BillingError.idempotencyKeyReused.reason)
        let entries = try await database.withConnection { connection in
          try await connection.query(
            """
            SELECT e.idempotency_key FROM ledger_entries e JOIN accounts a ON a.id = e.account_id
            WHERE a.number LIKE 'LG%' ORDER BY e.id
            """, logger: self.logger
          ).decode(String.self).collect()
        }
        #expect(entries == [key])
      }
    }
  }
}
