import BillingAPI
import GRPCCore
import Logging
import PostgresNIO
import RPC
import Storage
import TestSupport
import Testing
import WireCodec

/// Amounts from the whole range the wire carries (any 64-bit units, scales 0–18), posted,
/// reversed and invoiced: Billing never crashes, refuses what is out of bounds with the reason
/// a person can act on, and every balance stays equal to its ledger.
@Suite(
  "Amounts across the whole wire range",
  .enabled(
    if: TestDatabase.isAvailable && SMTPSink.isAvailable,
    "needs the test PostgreSQL and aiosmtpd (scripts/test.sh provides both)"))
struct AmountRangeTests {
  let logger = Logger(label: "test")

  /// What Billing must answer for an amount in a currency of `digits` minor digits, computed
  /// here independently: nil when it is acceptable.
  static func expectedRefusal(_ amount: ExactDecimal, digits: UInt8, boundMajor: Int64) -> String? {
    let units = Int128(amount.units)
    let minor: Int128
    if amount.scale <= digits {
      minor = units * Int128(10).power(Int(digits - amount.scale))
    } else {
      let divisor = Int128(10).power(Int(amount.scale - digits))
      guard units % divisor == 0 else { return "AMOUNT_PRECISION" }
      minor = units / divisor
    }
    let bound = min(Int128(boundMajor) * Int128(10).power(Int(digits)), 1_000_000_000_000_000)
    if minor.magnitude > bound.magnitude { return "AMOUNT_OUT_OF_RANGE" }
    if minor <= 0 { return "AMOUNT_NOT_POSITIVE" }
    return nil
  }

  /// An amount drawn so that every region of the input space comes up: anywhere in Int64,
  /// the extremes, just around the bound, small ones, zero and negatives, at any scale.
  static func amount(_ random: inout SeededRandom, boundMinor: Int64) -> ExactDecimal {
    // Half at the currency's own scale, so that acceptance comes up often; half at any scale.
    let scale = Bool.random(using: &random) ? 2 : UInt8.random(in: 0...ExactDecimal.maxScale, using: &random)
    let units: Int64
    switch Int.random(in: 0..<7, using: &random) {
    case 0: units = Int64.random(in: .min ... .max, using: &random)
    case 1: units = [Int64.min, Int64.max, Int64.min + 1, Int64.max - 1, -1, 0, 1].randomElement(using: &random)!
    case 2: units = boundMinor + Int64.random(in: -3...3, using: &random)
    case 3: units = Int64.random(in: 1...1_000_000, using: &random)
    case 4: units = -Int64.random(in: 0...1_000_000, using: &random)
    case 5: units = Int64.random(in: 1...boundMinor, using: &random)
    default: units = Int64.random(in: boundMinor...(boundMinor * 1000), using: &random)
    }
    return ExactDecimal(units: units, scale: scale)
  }

  @Test(
    "random amounts posted, reversed and invoiced: never a crash, every refusal with its own reason, balances equal to ledgers"
  )
  func randomAmounts() async throws {
    // A small bound (1,000,000.00 RUB), so that amounts around it are easy to draw.
    let boundMajor: Int64 = 1_000_000
    try await BillingTestbed.with(
      clockAt: .at(2026, 3, 10, 9), settings: ["abonent.billing.maxAmount": "\(boundMajor)"]
    ) { bed in
      var random = SeededRandom.forTest("amounts across the wire range")
      let token = try await BillingTestbed.staffToken()
      var accounts: [Account] = []
      for index in 0..<3 {
        let customer = try await bed.customer("ООО Диапазон \(index)", contract: "R-\(index)")
        accounts.append(try await bed.account(for: customer))
      }
      let boundMinor = boundMajor * 100
      var posted: [Int64] = []
      var outcomes: [String: Int] = [:]
      for step in 0..<250 {
        let account = accounts.randomElement(using: &random)!
        let amount = Self.amount(&random, boundMinor: boundMinor)
        let key = "p-\(step)"
        let kind = Int.random(in: 0..<4, using: &random)
        let entry = posted.randomElement(using: &random)
        let outcome: Result<PostingReply?, RPCError> = await Self.attempt {
          switch kind {
          case 0:
            return try await bed.call(
              BillingContract.postPayment,
              PostPaymentRequest(
                idempotencyKey: key, accountNumber: account.number, amount: amount, date: .day(2026, 3, 10)),
              token: token)
          case 1:
            return try await bed.call(
              BillingContract.topUp, TopUpRequest(idempotencyKey: key, accountNumber: account.number, amount: amount),
              token: token)
          case 2:
            return try await bed.call(
              BillingContract.postCharge,
              PostChargeRequest(
                idempotencyKey: key, accountNumber: account.number, amount: amount, serviceCode: "telephony"),
              token: token)
          default:
            guard let entry else { return nil }
            return try await bed.call(
              BillingContract.reverseEntry, ReverseEntryRequest(idempotencyKey: key, entryID: entry), token: token)
          }
        }
        switch outcome {
        case .success(let reply?):
          if kind != 3 {
            #expect(Self.expectedRefusal(amount, digits: 2, boundMajor: boundMajor) == nil, "accepted \(amount)")
          }
          posted.append(reply.entry.id)
          outcomes["ok", default: 0] += 1
        case .success(nil):
          break
        case .failure(let error):
          let reason = error.violations["amount"] ?? error.reason ?? "\(error.code)"
          outcomes[reason, default: 0] += 1
          if kind == 3 {
            #expect(
              ["BALANCE_OUT_OF_RANGE", "ENTRY_ALREADY_REVERSED", "REVERSAL_NOT_REVERSIBLE"].contains(reason),
              "reversal: \(error)")
          } else if reason == "BALANCE_OUT_OF_RANGE" {
            #expect(error.code == .failedPrecondition)
            #expect(Self.expectedRefusal(amount, digits: 2, boundMajor: boundMajor) == nil)
          } else {
            #expect(error.code == .invalidArgument, "\(amount): \(error)")
            #expect(reason == Self.expectedRefusal(amount, digits: 2, boundMajor: boundMajor), "\(amount): \(error)")
          }
        }
      }
      print("amount outcomes: \(outcomes.sorted { $0.key < $1.key })")
      #expect(outcomes["ok", default: 0] > 30)
      #expect(outcomes["AMOUNT_OUT_OF_RANGE", default: 0] > 0 && outcomes["AMOUNT_PRECISION", default: 0] > 0)

      // Still serving, and every balance is its ledger.
      _ = try await bed.call(PlatformContract.ping, PingRequest(text: "alive"))
      try await self.expectBalancesMatchLedgers(bed)

      // April 1st: the month's charges are invoiced; what is out of range is reported, not fatal.
      bed.clock?.set(.at(2026, 4, 1, 9))
      let reply = try await bed.call(
        BillingContract.runDailyCycle, RunDailyCycleRequest(date: .day(2026, 4, 1)), token: token)
      let invoiced = try await bed.sql { connection in
        try await connection.query(
          """
          SELECT a.number, i.amount_minor,
                 (SELECT -sum(e.amount_minor) FROM ledger_entries e LEFT JOIN ledger_entries o ON o.id = e.reverses_entry_id
                  WHERE e.account_id = a.id AND (e.kind = 'charge' OR (e.kind = 'reversal' AND o.kind = 'charge')))::text
          FROM accounts a LEFT JOIN invoices i ON i.account_id = a.id AND i.kind = 'monthly'
          """, logger: self.logger
        ).decode((String, Int64?, String?).self).collect()
      }
      for (number, amount, charged) in invoiced {
        let expected = charged.flatMap { Int64($0) } ?? 0
        #expect((amount ?? 0) == max(expected, 0), "account \(number)")
      }
      #expect(reply.itemsFailed == 0)
    }
  }

  @Test("a balance stops at 1000 times the amount bound: the posting past it is refused and changes nothing")
  func balanceLimit() async throws {
    try await BillingTestbed.with(clockAt: .at(2026, 3, 10, 9), settings: ["abonent.billing.maxAmount": "1000"]) {
      bed in
      let token = try await BillingTestbed.staffToken()
      let account = try await bed.fundedAccount()
      // 999 maximal charges of history, written straight into the ledger (with the balance that
      // goes with them), then the 1000th over RPC: the balance is exactly at its limit.
      try await bed.sql { connection in
        _ = try await connection.query(
          """
          WITH a AS (UPDATE accounts SET balance_minor = -99900000 WHERE number = \(account.number) RETURNING id)
          INSERT INTO ledger_entries (account_id, kind, amount_minor, balance_after_minor, currency, value_date, source, idempotency_scope,
                                      idempotency_key, fingerprint, actor, posted_at)
          SELECT a.id, 'charge', -99900000, -99900000, 'RUB', '2026-03-01', 'import', 'legacy', 'history', '', 'import', now() FROM a
          """, logger: self.logger)
      }
      _ = try await bed.call(
        BillingContract.postCharge,
        PostChargeRequest(
          idempotencyKey: "last", accountNumber: account.number, amount: money("1000.00"), serviceCode: "telephony"),
        token: token)
      let refused = await bed.refusal {
        _ = try await bed.call(
          BillingContract.postCharge,
          PostChargeRequest(
            idempotencyKey: "one-more", accountNumber: account.number, amount: money("0.01"), serviceCode: "telephony"),
          token: token)
      }
      #expect(refused?.code == .failedPrecondition)
      #expect(refused?.reason == "BALANCE_OUT_OF_RANGE")
      #expect(refused?.message.contains("1000000.00 RUB") == true)
      let tooLarge = await bed.refusal {
        _ = try await bed.call(
          BillingContract.postPayment,
          PostPaymentRequest(
            idempotencyKey: "big", accountNumber: account.number, amount: money("1000.01"), date: .day(2026, 3, 10)),
          token: token)
      }
      #expect(tooLarge?.violations == ["amount": "AMOUNT_OUT_OF_RANGE"])
      let read = try await bed.call(BillingContract.getAccount, GetAccountRequest(number: account.number), token: token)
      #expect(read.balance == money("-1000000.00"))
      try await self.expectBalancesMatchLedgers(bed)
    }
  }

  /// The outcome of one call, whatever it is.
  static func attempt<Reply: Sendable>(_ body: () async throws -> Reply?) async -> Result<Reply?, RPCError> {
    do {
      return .success(try await body())
    } catch let error as RPCError {
      return .failure(error)
    } catch {
      Issue.record("not an RPC error: \(error)")
      return .success(nil)
    }
  }

  func expectBalancesMatchLedgers(_ bed: BillingTestbed) async throws {
    let rows = try await bed.sql { connection in
      try await connection.query(
        """
        SELECT a.number, a.balance_minor::text, COALESCE((SELECT sum(amount_minor) FROM ledger_entries e WHERE e.account_id = a.id), 0)::text,
               COALESCE((SELECT balance_after_minor FROM ledger_entries e WHERE e.account_id = a.id ORDER BY id DESC LIMIT 1), 0)::text
        FROM accounts a
        """, logger: self.logger
      ).decode((String, String, String, String).self).collect()
    }
    #expect(!rows.isEmpty)
    for (number, balance, ledger, last) in rows {
      #expect(
        balance == ledger && balance == last,
        "account \(number): balance \(balance), ledger \(ledger), last entry \(last)")
    }
  }
}

extension Int128 {
  func power(_ exponent: Int) -> Int128 {
    (0..<exponent).reduce(1) { value, _ in value * self }
  }
}
