import BillingAPI
import PostgresNIO
import RPC
import Storage
import WireCodec

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

extension Billing {
  /// The job that charges a card once; its key is `<account id>:<what triggered it>`.
  static let autopayJob = "billing.autopay"

  func setAutopay(_ request: SetAutopayRequest, caller: Caller) async throws -> Autopay {
    guard self.gateway != nil else { throw BillingError.autopayUnavailable }
    try await self.database.transaction { connection in
      let account = try self.visible(
        try await self.account(.number(request.accountNumber), forUpdate: true, on: connection), to: caller,
        with: BillingPermission.autopayManage)
      guard account.status != .closed else { throw BillingError.accountClosed }
      var checks = FieldChecks()
      let amount = checks.amount(request.amount, currency: account.currency, limits: self.settings.amountLimits)
      let threshold = checks.money(
        request.threshold, currency: account.currency, limits: self.settings.amountLimits, field: "threshold",
        sign: .any)
      checks.text(request.cardToken, field: "cardToken", name: "The card token", maximum: 200)
      try checks.check()
      let now = self.now
      try await connection.query(
        """
        INSERT INTO autopay (account_id, enabled, threshold_minor, amount_minor, card_token, updated_at)
        VALUES (\(account.id), \(request.enabled), \(threshold ?? 0), \(amount), \(request.cardToken), \(now))
        ON CONFLICT (account_id) DO UPDATE SET enabled = EXCLUDED.enabled, threshold_minor = EXCLUDED.threshold_minor,
          amount_minor = EXCLUDED.amount_minor, card_token = EXCLUDED.card_token, disabled_reason = '', updated_at = EXCLUDED.updated_at
        """, logger: self.logger)
      // Already below the threshold: top up now rather than wait for the next charge.
      if request.enabled, account.balanceMinor < threshold ?? 0 {
        try await self.enqueueAutopay(
          account: account.id, trigger: "setup:\(now.microsecondsSinceEpoch)", on: connection)
      }
    }
    return try await self.getAutopay(GetAutopayRequest(accountNumber: request.accountNumber), caller: caller)
  }

  func getAutopay(_ request: GetAutopayRequest, caller: Caller) async throws -> Autopay {
    try await self.database.withConnection { connection in
      let account = try self.visible(
        try await self.account(.number(request.accountNumber), on: connection), to: caller,
        with: BillingPermission.accountsRead)
      let rows = try await connection.query(
        """
        SELECT enabled, threshold_minor, amount_minor, card_token, disabled_reason FROM autopay WHERE account_id = \(account.id)
        """, logger: self.logger
      ).decode((Bool, Int64, Int64, String, String).self).collect()
      guard let (enabled, threshold, amount, token, reason) = rows.first else { throw BillingError.autopayNotSet }
      let attempts = try await connection.query(
        """
        SELECT at, amount_minor, outcome, detail, entry_id FROM autopay_attempts WHERE account_id = \(account.id) AND state = 'recorded'
        ORDER BY id DESC LIMIT 20
        """, logger: self.logger
      ).decode((UTCTimestamp, Int64, String, String, Int64?).self).collect()
      return Autopay(
        accountNumber: account.number, enabled: enabled,
        threshold: Money.decimal(threshold, currency: account.currency),
        amount: Money.decimal(amount, currency: account.currency), cardTokenHint: Self.hint(token),
        disabledReason: reason,
        attempts: attempts.map { at, amount, outcome, detail, entry in
          AutopayAttempt(
            at: at, amount: Money.decimal(amount, currency: account.currency), outcome: AutopayOutcome(column: outcome),
            detail: detail,
            entryID: entry ?? 0)
        })
    }
  }

  /// Called by every posting with the balance before and after: when a debit takes the balance
  /// from at or above the autopay threshold to below it, one card charge is queued. Only the
  /// crossing queues one, so a declined card is not retried on every later charge.
  func checkAutopay(
    account: AccountRow, before: Int64, after: Int64, trigger: String, on connection: PostgresConnection
  ) async throws {
    guard after < before, self.gateway != nil else { return }
    let thresholds = try await connection.query(
      "SELECT threshold_minor FROM autopay WHERE account_id = \(account.id) AND enabled", logger: self.logger
    ).decode(Int64.self).collect()
    guard let threshold = thresholds.first, before >= threshold, after < threshold else { return }
    try await self.enqueueAutopay(account: account.id, trigger: trigger, on: connection)
  }

  func enqueueAutopay(account: UUID, trigger: String, on connection: PostgresConnection) async throws {
    try await JobQueue.enqueue(
      JobRequest(kind: Self.autopayJob, key: "\(account.uuidString.lowercased()):\(trigger)", runAt: self.now),
      on: connection,
      logger: self.logger)
  }

  /// Runs one autopayment job in three steps, so that no transaction — and no lock on the
  /// account, its autopay row or the job — is held while the gateway is asked (a hanging
  /// gateway must not hold up payments to the account):
  ///
  /// 1. intent: in a short transaction, decide whether to charge and record the attempt
  ///    `pending` with the charge's idempotency key, amount and card;
  /// 2. charge: ask the gateway, outside any transaction;
  /// 3. result: in another short transaction, record the answer (post the payment, or note the
  ///    decline, or switch autopay off) and mark the attempt `recorded`.
  ///
  /// A crash (or failure) between 1 and 3 leaves the attempt pending: the job's next run finds
  /// it and asks the gateway again with the same key — the gateway answers a repeated key
  /// with the first charge's outcome instead of charging again — then records the answer, once.
  func runAutopay(_ job: LeasedJob) async throws {
    guard self.gateway != nil,
      let accountID = job.job.key.split(separator: ":").first.flatMap({ UUID(uuidString: String($0)) })
    else {
      return
    }
    guard
      let intent = try await job.transaction({ connection in
        try await self.autopayIntent(job.job, account: accountID, on: connection)
      })
    else { return }
    let outcome = try await self.chargeCard(intent)
    try await job.transaction { connection in try await self.recordAutopay(intent, outcome, on: connection) }
  }

  /// Step 2, with no transaction open.
  func chargeCard(_ intent: AutopayIntent) async throws -> CardChargeOutcome {
    guard let gateway = self.gateway else { throw BillingError.autopayUnavailable }
    return try await gateway.charge(intent.charge)
  }

  /// Step 1: the pending attempt a crashed run left, or a new one if the account still needs
  /// topping up; `nil` when there is nothing (more) to do.
  func autopayIntent(_ job: Job, account accountID: UUID, on connection: PostgresConnection) async throws
    -> AutopayIntent?
  {
    let earlier = try await connection.query(
      """
      SELECT id, state, amount_minor, card_token, idempotency_key FROM autopay_attempts WHERE job_key = \(job.key) FOR UPDATE
      """, logger: self.logger
    ).decode((Int64, AutopayIntent.State, Int64, String, String).self).collect()
    if let (attemptID, state, amountMinor, token, key) = earlier.first {
      // Recorded: only the job's own completion was lost. Pending: the gateway may have charged
      // the card, so it is asked again with the same key whatever changed since.
      guard state == .pending, let account = try await self.account(.id(accountID), on: connection) else { return nil }
      return AutopayIntent(
        attemptID: attemptID, account: account, amountMinor: amountMinor, cardToken: token, idempotencyKey: key)
    }
    let settings = try await connection.query(
      """
      SELECT threshold_minor, amount_minor, card_token FROM autopay WHERE account_id = \(accountID) AND enabled FOR UPDATE
      """, logger: self.logger
    ).decode((Int64, Int64, String).self).collect()
    guard let (threshold, amountMinor, token) = settings.first,
      let account = try await self.account(.id(accountID), on: connection), account.status != .closed,
      account.balanceMinor < threshold  // a payment may have arrived meanwhile
    else { return nil }
    let key = "autopay:\(job.key)"
    let inserted = try await connection.query(
      """
      INSERT INTO autopay_attempts (account_id, job_key, idempotency_key, amount_minor, card_token, state, outcome, detail, at)
      VALUES (\(accountID), \(job.key), \(key), \(amountMinor), \(token), \(AutopayIntent.State.pending), NULL, '', \(self.now))
      RETURNING id
      """, logger: self.logger
    ).decode(Int64.self).collect()
    guard let attemptID = inserted.first else { return nil }
    return AutopayIntent(
      attemptID: attemptID, account: account, amountMinor: amountMinor, cardToken: token, idempotencyKey: key)
  }

  /// Step 3: records the gateway's answer to a pending attempt, once — an attempt already
  /// recorded is left alone, and the payment is posted under the charge's key, so even a
  /// repeat could not credit it twice.
  func recordAutopay(_ intent: AutopayIntent, _ outcome: CardChargeOutcome, on connection: PostgresConnection)
    async throws
  {
    let states = try await connection.query(
      "SELECT state FROM autopay_attempts WHERE id = \(intent.attemptID) FOR UPDATE", logger: self.logger
    ).decode(AutopayIntent.State.self).collect()
    guard states.first == .pending else { return }
    let account = intent.account
    let amount = Money.decimal(intent.amountMinor, currency: account.currency)
    var entryID: Int64?
    let detail: String
    switch outcome {
    case .approved(let reference):
      let posted = try await self.post(
        NewEntry(
          idempotencyKey: intent.idempotencyKey, account: .id(account.id), kind: .payment, amount: amount,
          date: self.today,
          payer: "card \(Self.hint(intent.cardToken))", bankReference: reference, purpose: "Автоплатёж",
          source: "autopay",
          actor: Self.system.userID),
        permission: BillingPermission.paymentsPost, caller: Self.system, on: connection)
      entryID = posted.entry.id
      detail = reference
    case .declined(let reason):
      detail = reason
    case .insufficientFunds:
      detail = "insufficient funds"
      try await connection.query(
        """
        UPDATE autopay SET enabled = false, disabled_reason = 'insufficient_funds', updated_at = \(self.now) WHERE account_id = \(account.id)
        """, logger: self.logger)
      try await self.mailAutopayOff(
        account: account, amount: amount, cardHint: Self.hint(intent.cardToken), key: intent.idempotencyKey,
        on: connection)
    }
    try await connection.query(
      """
      UPDATE autopay_attempts SET state = \(AutopayIntent.State.recorded), outcome = \(outcome.column), detail = \(detail), entry_id = \(entryID),
        recorded_at = \(self.now)
      WHERE id = \(intent.attemptID)
      """, logger: self.logger)
  }

  func mailAutopayOff(
    account: AccountRow, amount: ExactDecimal, cardHint: String, key: String, on connection: PostgresConnection
  ) async throws {
    try await self.mailCustomer(of: account, dedupeKey: "billing.\(key)", on: connection) { name in
      BillingMails.autopayInsufficientFunds(
        customerName: name, accountNumber: account.number, amount: "\(amount) \(account.currency)", cardHint: cardHint)
    }
  }

  /// A card token shown only by its last four characters.
  static func hint(_ token: String) -> String {
    "…" + String(token.suffix(4))
  }
}

extension CardChargeOutcome {
  var column: String {
    switch self {
    case .approved: "approved"
    case .declined: "declined"
    case .insufficientFunds: "insufficient_funds"
    }
  }
}

extension AutopayOutcome {
  init(column: String) {
    switch column {
    case "approved": self = .approved
    case "declined": self = .declined
    case "insufficient_funds": self = .insufficientFunds
    default: self = .failed
    }
  }
}

/// What step 1 of an autopayment decided: the pending attempt and the charge to ask for.
struct AutopayIntent: Sendable {
  /// `autopay_attempts.state`: asked the gateway and not yet recorded its answer, or recorded.
  enum State: String, PostgresCodable, Sendable {
    case pending, recorded
  }

  let attemptID: Int64
  let account: AccountRow
  let amountMinor: Int64
  let cardToken: String
  let idempotencyKey: String

  var charge: CardCharge {
    CardCharge(
      cardToken: self.cardToken, amount: Money.decimal(self.amountMinor, currency: self.account.currency),
      currency: self.account.currency,
      idempotencyKey: self.idempotencyKey, description: "Пополнение лицевого счёта \(self.account.number)")
  }
}
