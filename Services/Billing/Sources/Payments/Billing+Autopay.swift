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
        try await self.account(.number(request.accountNumber), forUpdate: true, on: connection), to: caller, with: "billing.autopay.manage")
      guard account.status != "closed" else { throw BillingError.accountClosed }
      var checks = FieldChecks()
      let amount = checks.amount(request.amount, currency: account.currency, limits: self.settings.amountLimits)
      let threshold = checks.money(
        request.threshold, currency: account.currency, limits: self.settings.amountLimits, field: "threshold", sign: .any)
      checks.text(request.cardToken, field: "cardToken", name: "The card token", maximum: 200)
      try checks.check()
      let now = self.now
      try await connection.query("""
        INSERT INTO autopay (account_id, enabled, threshold_minor, amount_minor, card_token, updated_at)
        VALUES (\(account.id), \(request.enabled), \(threshold ?? 0), \(amount), \(request.cardToken), \(now))
        ON CONFLICT (account_id) DO UPDATE SET enabled = EXCLUDED.enabled, threshold_minor = EXCLUDED.threshold_minor,
          amount_minor = EXCLUDED.amount_minor, card_token = EXCLUDED.card_token, disabled_reason = '', updated_at = EXCLUDED.updated_at
        """, logger: self.logger)
      // Already below the threshold: top up now rather than wait for the next charge.
      if request.enabled, account.balanceMinor < threshold ?? 0 {
        try await self.enqueueAutopay(account: account.id, trigger: "setup:\(now.microsecondsSinceEpoch)", on: connection)
      }
    }
    return try await self.getAutopay(GetAutopayRequest(accountNumber: request.accountNumber), caller: caller)
  }

  func getAutopay(_ request: GetAutopayRequest, caller: Caller) async throws -> Autopay {
    try await self.database.withConnection { connection in
      let account = try self.visible(try await self.account(.number(request.accountNumber), on: connection), to: caller, with: "billing.accounts.read")
      let rows = try await connection.query("""
        SELECT enabled, threshold_minor, amount_minor, card_token, disabled_reason FROM autopay WHERE account_id = \(account.id)
        """, logger: self.logger).decode((Bool, Int64, Int64, String, String).self).collect()
      guard let (enabled, threshold, amount, token, reason) = rows.first else { throw BillingError.autopayNotSet }
      let attempts = try await connection.query("""
        SELECT at, amount_minor, outcome, detail, entry_id FROM autopay_attempts WHERE account_id = \(account.id) ORDER BY id DESC LIMIT 20
        """, logger: self.logger).decode((UTCTimestamp, Int64, String, String, Int64?).self).collect()
      return Autopay(
        accountNumber: account.number, enabled: enabled, threshold: Money.decimal(threshold, currency: account.currency),
        amount: Money.decimal(amount, currency: account.currency), cardTokenHint: Self.hint(token), disabledReason: reason,
        attempts: attempts.map { at, amount, outcome, detail, entry in
          AutopayAttempt(
            at: at, amount: Money.decimal(amount, currency: account.currency), outcome: AutopayOutcome(column: outcome), detail: detail,
            entryID: entry ?? 0)
        })
    }
  }

  /// Called by every posting with the balance before and after: when a debit takes the balance
  /// from at or above the autopay threshold to below it, one card charge is queued. Only the
  /// crossing queues one, so a declined card is not retried on every later charge.
  func checkAutopay(account: AccountRow, before: Int64, after: Int64, trigger: String, on connection: PostgresConnection) async throws {
    guard after < before, self.gateway != nil else { return }
    let thresholds = try await connection.query(
      "SELECT threshold_minor FROM autopay WHERE account_id = \(account.id) AND enabled", logger: self.logger
    ).decode(Int64.self).collect()
    guard let threshold = thresholds.first, before >= threshold, after < threshold else { return }
    try await self.enqueueAutopay(account: account.id, trigger: trigger, on: connection)
  }

  func enqueueAutopay(account: UUID, trigger: String, on connection: PostgresConnection) async throws {
    try await JobQueue.enqueue(
      JobRequest(kind: Self.autopayJob, key: "\(account.uuidString.lowercased()):\(trigger)", runAt: self.now), on: connection,
      logger: self.logger)
  }

  /// Runs one autopayment job in its transaction: asks the gateway to charge the card (with the
  /// job's key, so a repeat after a crash is recognised by the gateway) and records the answer.
  func runAutopay(_ job: Job, on connection: PostgresConnection) async throws {
    guard let gateway = self.gateway, let accountID = job.key.split(separator: ":").first.flatMap({ UUID(uuidString: String($0)) }) else {
      return
    }
    let settings = try await connection.query("""
      SELECT threshold_minor, amount_minor, card_token FROM autopay WHERE account_id = \(accountID) AND enabled FOR UPDATE
      """, logger: self.logger).decode((Int64, Int64, String).self).collect()
    guard let (threshold, amountMinor, token) = settings.first,
      let account = try await self.account(.id(accountID), on: connection), account.status != "closed",
      account.balanceMinor < threshold  // a payment may have arrived meanwhile
    else { return }
    let amount = Money.decimal(amountMinor, currency: account.currency)
    let key = "autopay:\(job.key)"
    let outcome = try await gateway.charge(CardCharge(
      cardToken: token, amount: amount, currency: account.currency, idempotencyKey: key,
      description: "Пополнение лицевого счёта \(account.number)"))
    var entryID: Int64?
    let detail: String
    switch outcome {
    case .approved(let reference):
      let posted = try await self.post(NewEntry(
        idempotencyKey: key, account: .id(accountID), kind: .payment, amount: amount, date: self.today,
        payer: "card \(Self.hint(token))", bankReference: reference, purpose: "Автоплатёж", source: "autopay", actor: Self.system.userID),
        permission: "billing.payments.post", caller: Self.system, on: connection)
      entryID = posted.entry.id
      detail = reference
    case .declined(let reason):
      detail = reason
    case .insufficientFunds:
      detail = "insufficient funds"
      try await connection.query("""
        UPDATE autopay SET enabled = false, disabled_reason = 'insufficient_funds', updated_at = \(self.now) WHERE account_id = \(accountID)
        """, logger: self.logger)
      try await self.mailAutopayOff(account: account, amount: amount, cardHint: Self.hint(token), key: key, on: connection)
    }
    try await connection.query("""
      INSERT INTO autopay_attempts (account_id, job_key, amount_minor, outcome, detail, entry_id, at)
      VALUES (\(accountID), \(job.key), \(amountMinor), \(outcome.column), \(detail), \(entryID), \(self.now))
      ON CONFLICT (job_key) DO NOTHING
      """, logger: self.logger)
  }

  func mailAutopayOff(account: AccountRow, amount: ExactDecimal, cardHint: String, key: String, on connection: PostgresConnection) async throws {
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
