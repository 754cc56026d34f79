import BillingAPI
import BillingService
import Logging
import PostgresNIO
import RPC
import Storage
import Synchronization
import TestSupport
import Testing
import WireCodec

/// A payment gateway that honours idempotency keys as the protocol requires: a repeated key
/// gets the first charge's outcome back and charges nothing. It counts calls and charges, and
/// can be told to hang before answering: for a while, or until the test releases it.
final class KeyedGateway: PaymentGateway {
  private let state = Mutex<(calls: [String], charged: [String: CardChargeOutcome])>(([], [:]))
  let hang: Duration
  /// Set when the first call has arrived.
  let started = Atomic<Bool>(false)
  /// Set when a call has finished hanging and answers.
  let answered = Atomic<Bool>(false)
  /// Whether calls, after `hang`, also wait for ``release()`` (at most a minute).
  let holds: Bool
  private let released = Atomic<Bool>(false)

  init(hang: Duration = .zero, holdUntilReleased: Bool = false) {
    self.hang = hang
    self.holds = holdUntilReleased
  }

  /// Lets held calls answer.
  func release() { self.released.store(true, ordering: .releasing) }

  /// Every call, by idempotency key, in order.
  var calls: [String] { self.state.withLock { $0.calls } }
  /// The keys that were actually charged, once each.
  var chargedKeys: [String] { self.state.withLock { Array($0.charged.keys) } }

  func charge(_ charge: CardCharge) async throws -> CardChargeOutcome {
    self.state.withLock { $0.calls.append(charge.idempotencyKey) }
    self.started.store(true, ordering: .releasing)
    let asked = ContinuousClock.now
    if self.hang > .zero { try await Task.sleep(for: self.hang) }
    // Held calls answer at the latest after a minute, so a payment stuck behind one ends (late)
    // instead of hanging the test.
    while self.holds, !self.released.load(ordering: .acquiring), ContinuousClock.now - asked < .seconds(60) {
      try await Task.sleep(for: .milliseconds(10))
    }
    self.answered.store(true, ordering: .releasing)
    return self.state.withLock { state in
      if let earlier = state.charged[charge.idempotencyKey] { return earlier }
      let outcome = CardChargeOutcome.approved(reference: "GW-\(state.charged.count + 1)")
      state.charged[charge.idempotencyKey] = outcome
      return outcome
    }
  }
}

/// Autopayment asks the gateway outside any transaction: intent, charge, result
/// (docs/billing.md, Autopayment).
@Suite(
  "Autopayment calls the gateway outside a transaction",
  .enabled(
    if: TestDatabase.isAvailable && SMTPSink.isAvailable,
    "needs the test PostgreSQL and aiosmtpd (scripts/test.sh provides both)"))
struct AutopaySplitTests {
  let logger = Logger(label: "test")

  /// An account with 1000.00 and autopay topping up 500.00 below 300.00, then charged 800.00:
  /// the autopay job is queued.
  func accountBelowThreshold(_ bed: BillingTestbed, contract: String) async throws -> Account {
    let account = try await bed.account(for: try await bed.customer("ООО «Автоплатёж \(contract)»", contract: contract))
    try await bed.pay(account, "1000.00", key: "p-\(contract)")
    _ = try await bed.call(
      BillingContract.setAutopay,
      SetAutopayRequest(
        accountNumber: account.number, enabled: true, threshold: money("300"), amount: money("500"),
        cardToken: "tok_visa_4242"),
      token: try await BillingTestbed.staffToken())
    try await bed.charge(account, "800.00", key: "c-\(contract)")
    return account
  }

  @Test(
    "while the gateway hangs for 5 s, a payment to the same account completes inside the hang (0.04 s run alone), and no transaction stays open"
  )
  func hangingGateway() async throws {
    // The gateway hangs at least 5 s and until the checks below are done, so on a loaded
    // machine they still look inside the hang.
    let hang = Duration.seconds(5)
    let gateway = KeyedGateway(hang: hang, holdUntilReleased: true)
    try await BillingTestbed.with(clockAt: .at(2026, 3, 10, 12), gateway: gateway) { bed in
      // The same payment to an account without autopay: what a payment costs on this machine
      // right now (a loaded two-core CI machine once took 3.7 s for one).
      let other = try await bed.account(for: try await bed.customer("ООО «Без автоплатежа»", contract: "H-0"))
      let baselineStart = ContinuousClock.now
      try await bed.pay(other, "100.00", key: "p-baseline")
      let baseline = ContinuousClock.now - baselineStart

      let account = try await self.accountBelowThreshold(bed, contract: "H-1")
      _ = try await bed.eventually("the gateway to be asked") {
        gateway.started.load(ordering: .acquiring) ? true : nil
      }
      let asked = ContinuousClock.now

      let start = ContinuousClock.now
      try await bed.pay(account, "100.00", key: "p-during")
      let elapsed = ContinuousClock.now - start
      let gatewayStillHanging = !gateway.answered.load(ordering: .acquiring)
      print("payment during a hanging gateway: \(elapsed); the same payment to an account without autopay: \(baseline)")
      // Decisive: the payment was done while the gateway still hung (it is held until the
      // checks below are done, or a minute), so it waited for nothing. Its time is printed: run
      // alone (`swift test --filter AutopaySplitTests`) it is about 0.04 s, well under the 1 s
      // the issue asks. No wall-clock bound is asserted: inside the full parallel suite on two
      // cores any payment can take seconds (7–8 s were seen, the baseline shows the same), and
      // a payment that waited for the gateway could only end after it answered.
      #expect(gatewayStillHanging, "the payment (\(elapsed)) ended only after the gateway answered")

      // The old way held the job's transaction (and the autopay row lock) for the whole hang.
      // Look, well inside the hang, for any transaction in Billing's database that is older
      // than a second: there must be none.
      try await Task.sleep(until: asked + .milliseconds(2500))
      let open = try await bed.sql { connection in
        try await connection.query(
          """
          SELECT count(*) FROM pg_stat_activity
          WHERE datname = current_database() AND pid <> pg_backend_pid() AND xact_start < now() - interval '1 second'
          """, logger: self.logger
        ).decode(Int64.self).collect()
      }
      let stillHanging = !gateway.answered.load(ordering: .acquiring)
      #expect(stillHanging, "the check ran after the hang ended: it proves nothing")
      #expect(open == [0])
      gateway.release()

      // The gateway answers in the end and its payment is credited: 200 + 100 + 500.
      let topped = try await bed.eventually("the approved autopayment to be credited") {
        let balance = try await bed.balance(account)
        return balance == money("800.00") ? balance : nil
      }
      #expect(topped == money("800.00"))
      #expect(gateway.calls.count == 1)
    }
  }

  @Test(
    "a failure between the gateway's answer and its recording is reconciled exactly once: one charge, one entry, one attempt"
  )
  func crashBetweenAnswerAndRecording() async throws {
    let gateway = KeyedGateway()
    try await BillingTestbed.with(clockAt: .at(2026, 3, 10, 12), gateway: gateway) { bed in
      // The fault: the first time an attempt is marked recorded, the database refuses it, so
      // the recording transaction rolls back after the gateway has answered — what the
      // database holds is then what a crash at that moment leaves. A sequence counts the
      // tries, as it is not rolled back with the transaction.
      try await bed.sql { connection in
        try await connection.query("CREATE SEQUENCE autopay_fault", logger: self.logger)
        try await connection.query(
          """
          CREATE FUNCTION autopay_fault() RETURNS trigger LANGUAGE plpgsql AS $$
          BEGIN
            IF nextval('autopay_fault') = 1 THEN RAISE EXCEPTION 'injected fault: recording the answer failed'; END IF;
            RETURN NEW;
          END $$
          """, logger: self.logger)
        try await connection.query(
          """
          CREATE TRIGGER autopay_fault BEFORE UPDATE ON autopay_attempts FOR EACH ROW
          WHEN (NEW.state = 'recorded') EXECUTE FUNCTION autopay_fault()
          """, logger: self.logger)
      }
      let account = try await self.accountBelowThreshold(bed, contract: "F-1")

      // The first run: the gateway charged, the recording failed, the attempt stays pending
      // and the job waits for its retry.
      let failed = try await bed.eventually("the first run to fail after the charge") {
        let rows = try await bed.sql { connection in
          try await connection.query(
            "SELECT state, coalesce(last_error, '') FROM jobs WHERE kind = 'billing.autopay'", logger: self.logger
          ).decode((String, String).self).collect()
        }
        // (postgres-nio's error text hides the server's message, so only "some error" shows.)
        return rows.first.flatMap { $0.0 == "pending" && !$0.1.isEmpty ? $0 : nil }
      }
      #expect(failed.0 == "pending")
      #expect(gateway.calls.count == 1)
      #expect(try await self.attempts(bed) == ["pending"])
      #expect(try await bed.balance(account) == money("200.00"))

      // The retry (once the clock passes its backoff) asks again with the same key and records
      // the answer.
      bed.clock?.advance(by: .seconds(3600))
      _ = try await bed.eventually("the autopay job to finish") {
        let states = try await bed.sql { connection in
          try await connection.query("SELECT state FROM jobs WHERE kind = 'billing.autopay'", logger: self.logger)
            .decode(String.self).collect()
        }
        return states == ["done"] ? true : nil
      }
      #expect(gateway.calls.count == 2)
      #expect(Set(gateway.calls).count == 1)
      #expect(gateway.chargedKeys.count == 1)
      #expect(try await self.attempts(bed) == ["recorded approved"])
      let key = gateway.calls[0]
      let entries = try await bed.sql { connection in
        try await connection.query(
          "SELECT count(*) FROM ledger_entries WHERE source = 'autopay' AND idempotency_key = \(key)",
          logger: self.logger
        ).decode(Int64.self).collect()
      }
      #expect(entries == [1])
      #expect(try await bed.balance(account) == money("700.00"))
    }
  }

  /// Every autopay attempt row, as `state` or `state outcome`.
  func attempts(_ bed: BillingTestbed) async throws -> [String] {
    try await bed.sql { connection in
      try await connection.query(
        "SELECT state, outcome FROM autopay_attempts ORDER BY id", logger: self.logger
      ).decode((String, String?).self).collect()
    }.map { state, outcome in outcome.map { "\(state) \($0)" } ?? state }
  }
}
