import BillingAPI
import GRPCCore
import Logging
import PostgresNIO
import RPC
import Storage
import WireCodec

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// A ledger entry to post, once its request is checked. `amount` is positive; `debit` gives
/// the sign (charges debit; a reversal debits what its original credited and vice versa).
struct NewEntry: Sendable {
  var idempotencyKey: String
  /// Whose key it is (``Billing/idempotencyScope(of:)``); `system` for keys Billing derives
  /// itself (`bank:…`, `subscription:…`), which no caller can reach.
  var idempotencyScope = Billing.systemScope
  var account: AccountKey
  var kind: EntryKind
  var amount: ExactDecimal
  var date: CalendarDate
  var serviceCode = ""
  var subscriptionID = ""
  var payer = ""
  var bankReference = ""
  var purpose = ""
  var reverses: Int64?
  var debit = false
  var source: String
  var actor: String
  /// How the request names the amount, for a refusal: `amount`, `charges[3].amount`, `line.amount`.
  var amountField = "amount"
}

extension Billing {
  /// Posts `entry` in a transaction of its own; see ``post(_:permission:caller:on:)``.
  func post(_ entry: NewEntry, permission: Permission, caller: Caller) async throws -> PostingReply {
    try await self.database.transaction { connection in
      try await self.post(entry, permission: permission, caller: caller, on: connection)
    }
  }

  /// Posts `entry` in the caller's transaction: locks the account row (so postings to one
  /// account serialize and the stored balance moves in step with the ledger), answers a
  /// repeated idempotency key with the original entry — or refuses it when the content
  /// differs — and otherwise inserts the entry and moves the balance by its amount.
  func post(_ entry: NewEntry, permission: Permission, caller: Caller, on connection: PostgresConnection) async throws
    -> PostingReply
  {
    let account = try self.visible(
      try await self.account(entry.account, forUpdate: true, on: connection), to: caller, with: permission)
    let (signed, fingerprint) = try self.checked(entry, on: account)

    if let earlier = try await self.entry(
      idempotencyKey: entry.idempotencyKey, scope: entry.idempotencyScope, on: connection)
    {
      return try self.replay(earlier, fingerprint: fingerprint)
    }
    guard account.status != .closed else { throw BillingError.accountClosed }
    let balance = try self.balance(of: account, after: signed)
    let inserted = try await connection.query(
      """
      INSERT INTO ledger_entries AS e (account_id, kind, amount_minor, balance_after_minor, currency, value_date, service_code, subscription_id,
                                  source, payer, bank_reference, purpose, reverses_entry_id, idempotency_scope, idempotency_key, fingerprint,
                                  actor, posted_at)
      VALUES (\(account.id), \(entry.kind.column), \(signed), \(balance), \(account.currency), \(entry.date), \(entry.serviceCode),
              \(entry.subscriptionID), \(entry.source), \(entry.payer), \(entry.bankReference), \(entry.purpose), \(entry.reverses),
              \(entry.idempotencyScope), \(entry.idempotencyKey), \(fingerprint), \(entry.actor), \(self.now))
      ON CONFLICT (idempotency_scope, idempotency_key) DO NOTHING
      RETURNING \(unescaped: EntryRow.columns)
      """, logger: self.logger
    ).decode(EntryRow.Row.self).collect()
    guard let row = inserted.first else {
      // The same key committed meanwhile for another account's lock: answer as a retry.
      guard
        let earlier = try await self.entry(
          idempotencyKey: entry.idempotencyKey, scope: entry.idempotencyScope, on: connection)
      else {
        throw PlatformError(
          code: .aborted, reason: "CONCURRENT_UPDATE",
          message: "A concurrent change conflicted with this one; try again.")
      }
      return try self.replay(earlier, fingerprint: fingerprint)
    }
    try await connection.query(
      "UPDATE accounts SET balance_minor = balance_minor + \(signed) WHERE id = \(account.id)", logger: self.logger)
    let posted = EntryRow(row)
    try await self.checkAutopay(
      account: account, before: account.balanceMinor, after: balance, trigger: "entry:\(posted.message.id)",
      on: connection)
    try await self.checkCriticalBalance(account: account, after: balance, debit: signed < 0, on: connection)
    try await self.trackPaymentsToCredit(entry: posted.message.id, entry, account: account.id, on: connection)
    if entry.kind == .payment {
      try await EventOutbox.append(
        [OutboxEvent(BillingEvents.paymentCredited, key: account.number, message: posted.message)], on: connection,
        at: self.now,
        logger: self.logger)
    }
    return PostingReply(
      entry: posted.message, balanceAfter: Money.decimal(balance, currency: account.currency), replayed: false)
  }

  /// Keeps `payments_to_credit` (migration 118) in step with the ledger: a payment has all of
  /// its amount to credit, and a reversal takes whatever the reversed payment had left off it.
  func trackPaymentsToCredit(
    entry id: Int64, _ entry: NewEntry, account: UUID, on connection: PostgresConnection
  ) async throws {
    if entry.kind == .payment {
      try await connection.query(
        "INSERT INTO payments_to_credit (entry_id, account_id, value_date) VALUES (\(id), \(account), \(entry.date))",
        logger: self.logger)
    }
    if let reversed = entry.reverses {
      try await connection.query("DELETE FROM payments_to_credit WHERE entry_id = \(reversed)", logger: self.logger)
    }
  }

  /// The checks of `entry`'s own fields (its key, its amount in `account`'s currency), then its
  /// signed amount and fingerprint: what every posting path asks first.
  func checked(_ entry: NewEntry, on account: AccountRow) throws -> (signed: Int64, fingerprint: String) {
    var checks = FieldChecks()
    checks.idempotencyKey(entry.idempotencyKey)
    let magnitude = checks.amount(
      entry.amount, currency: account.currency, limits: self.settings.amountLimits, field: entry.amountField)
    try checks.check()
    let signed = entry.debit ? -magnitude : magnitude
    return (signed, self.fingerprint(entry, account: account, amount: signed))
  }

  /// The account's balance once `signed` is posted; refused when it would leave the range the
  /// amount bounds keep every balance in (``AmountLimits/balanceLimitMinor(_:)``).
  func balance(of account: AccountRow, after signed: Int64) throws(BillingError) -> Int64 {
    try self.balance(from: account.balanceMinor, currency: account.currency, after: signed)
  }

  /// A balance of `current` once `signed` is posted, in `currency`; see ``balance(of:after:)``.
  func balance(from current: Int64, currency: String, after signed: Int64) throws(BillingError) -> Int64 {
    let (balance, overflow) = current.addingReportingOverflow(signed)
    guard !overflow, let limit = self.settings.amountLimits.balanceLimitMinor(currency),
      balance.magnitude <= limit.magnitude
    else {
      throw BillingError.balanceOutOfRange(
        Money.decimal(self.settings.amountLimits.balanceLimitMinor(currency) ?? 0, currency: currency), currency)
    }
    return balance
  }

  func replay(_ earlier: EntryRow, fingerprint: String) throws -> PostingReply {
    guard earlier.fingerprint == fingerprint else { throw BillingError.idempotencyKeyReused }
    return PostingReply(
      entry: earlier.message,
      balanceAfter: Money.decimal(earlier.balanceAfterMinor, currency: earlier.message.currency), replayed: true)
  }

  /// What makes two postings "the same content": everything the caller chose, in one string.
  func fingerprint(_ entry: NewEntry, account: AccountRow, amount: Int64) -> String {
    let reverses = entry.reverses.map(String.init) ?? ""
    return [
      entry.kind.column, account.number, String(amount), String(entry.date.daysSinceEpoch), entry.serviceCode,
      entry.subscriptionID,
      entry.payer, entry.bankReference, entry.purpose, reverses,
    ].map { "\($0.utf8.count):\($0)" }.joined()
  }

  /// The entry posted under `idempotencyKey` in `scope`. A caller's key also finds an entry
  /// posted before keys were scoped (scope `legacy`), so a retry across that upgrade is still
  /// a retry.
  func entry(idempotencyKey: String, scope: String, on connection: PostgresConnection) async throws -> EntryRow? {
    try await self.entries(idempotencyKeys: [idempotencyKey], scope: scope, on: connection)[idempotencyKey]
  }

  /// The entries posted under `keys` in `scope` (and, for a caller's keys, in `legacy`: keys
  /// posted before they were scoped), by key; the caller's own scope wins over `legacy`.
  func entries(idempotencyKeys keys: [String], scope: String, on connection: PostgresConnection) async throws
    -> [String: EntryRow]
  {
    let scopes = scope == Self.systemScope ? [scope] : [scope, "legacy"]
    let rows = try await connection.query(
      """
      SELECT \(unescaped: EntryRow.columns) FROM ledger_entries e
      WHERE e.idempotency_key = ANY(\(keys)) AND e.idempotency_scope = ANY(\(scopes))
      ORDER BY e.idempotency_scope = 'legacy'
      """, logger: self.logger
    ).decode(EntryRow.Row.self).collect().map(EntryRow.init)
    return Dictionary(rows.map { ($0.message.idempotencyKey, $0) }, uniquingKeysWith: { first, _ in first })
  }
}

extension EntryKind {
  var column: String {
    switch self {
    case .payment: "payment"
    case .topUp: "topup"
    case .charge: "charge"
    case .discount: "discount"
    case .adjustment: "adjustment"
    case .correction: "correction"
    case .reversal, .unspecified: "reversal"
    }
  }

  init(column: String) {
    self = EntryKind.allCases.first { $0 != .unspecified && $0.column == column } ?? .unspecified
  }
}
