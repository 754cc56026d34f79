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

/// Another transaction committed one of a batch's keys between the batch's lookup and its
/// insert: the batch rolls back (nothing of it may stay) and is posted charge by charge.
struct KeyCommittedMeanwhile: Error {}

/// A batch posted on the assumption that none of its keys was posted before met one that was:
/// it rolls back and is posted again with the keys looked up first.
struct BatchHoldsReplays: Error {}

/// How a batch learns which of its keys were posted before.
enum EarlierPostings {
  /// One query reads them before anything is written; replays are answered from it.
  case lookedUp
  /// None is assumed (the usual case: a batch is sent once); the insert's conflict check
  /// finds any, and the batch then throws ``BatchHoldsReplays``. So does a ledger holding
  /// `legacy`-scoped keys (``Billing/legacyKeysExist(on:)``), which that check would not see.
  case assumedNone
}

/// A charge of a batch that is new (not a replay), worked out before it is written.
private struct NewCharge {
  let index: Int
  let entry: NewEntry
  let account: AccountRow
  let signed: Int64
  let balanceBefore: Int64
  let balanceAfter: Int64
  let fingerprint: String
}

extension Billing {
  /// Posts a batch of debits (request order; `order` the account-number order) in a
  /// transaction of its own: first assuming none of its keys was posted before, which spares
  /// the batch a lookup of every key; if one was (a batch sent again), the batch rolls back
  /// and is posted again with the keys looked up first, answering those as replays. Throws
  /// ``KeyCommittedMeanwhile`` as ``postInBulk(_:order:earlier:permission:caller:on:)`` does.
  func postBatch(_ entries: [NewEntry], order: [Int], permission: Permission, caller: Caller) async throws
    -> [PostingReply]
  {
    do {
      return try await self.database.transaction { connection in
        try await self.postInBulk(
          entries, order: order, earlier: .assumedNone, permission: permission, caller: caller, on: connection)
      }
    } catch is BatchHoldsReplays {
      // Some keys were posted before (or may have been, as legacy keys): looked up, they replay.
    }
    return try await self.database.transaction { connection in
      try await self.postInBulk(
        entries, order: order, earlier: .lookedUp, permission: permission, caller: caller, on: connection)
    }
  }

  /// Whether the ledger holds keys of the `legacy` scope: entries posted before migration 111,
  /// which no posting writes but an import of old entries might. One probe of the key index.
  func legacyKeysExist(on connection: PostgresConnection) async throws -> Bool {
    try await connection.query(
      "SELECT EXISTS (SELECT 1 FROM ledger_entries WHERE idempotency_scope = 'legacy')", logger: self.logger
    ).decode(Bool.self).collect().first ?? true
  }

  /// Posts `entries` (debits, request order) in the caller's transaction with one statement
  /// per step instead of per charge: the accounts locked by one query (in account-number
  /// order, as ``post(_:permission:caller:on:)`` locks them one by one), earlier postings of the
  /// keys read by one, the new entries inserted by one and the balances moved by one. Each
  /// charge gets the checks, refusals, replays, balances and autopay and critical-balance
  /// triggers that posting it alone gives (`Tests/BillingTests/BulkChargesTests.swift` compares
  /// the two). Throws ``KeyCommittedMeanwhile`` when another transaction committed one of the
  /// keys meanwhile: the caller rolls back and redoes the batch charge by charge, which answers
  /// those as replays. With `earlier: .assumedNone` the keys are not read first, and a key
  /// posted before throws ``BatchHoldsReplays`` instead.
  func postInBulk(
    _ entries: [NewEntry], order: [Int], earlier lookup: EarlierPostings, permission: Permission, caller: Caller,
    on connection: PostgresConnection
  ) async throws -> [PostingReply] {
    // Asked before any account is locked: a ledger with legacy keys takes the lookup path.
    if lookup == .assumedNone, try await self.legacyKeysExist(on: connection) { throw BatchHoldsReplays() }
    let numbers = Array(Set(entries.compactMap { if case .number(let number) = $0.account { number } else { nil } }))
    var accounts: [String: AccountRow] = [:]
    for try await row in try await connection.query(
      """
      SELECT \(unescaped: AccountRow.columns) FROM accounts a JOIN customers c ON c.id = a.customer_id
      WHERE a.number = ANY(\(numbers)) ORDER BY a.number FOR UPDATE OF a
      """, logger: self.logger
    ).decode(AccountRow.Row.self) {
      let account = AccountRow(row)
      accounts[account.number] = account
    }
    let earlier =
      switch lookup {
      case .lookedUp:
        try await self.entries(
          idempotencyKeys: entries.map(\.idempotencyKey), scope: entries.first?.idempotencyScope ?? Self.systemScope,
          on: connection)
      case .assumedNone: [String: EntryRow]()
      }

    var replies = [PostingReply?](repeating: nil, count: entries.count)
    var balances: [UUID: Int64] = [:]
    var charges: [NewCharge] = []
    for index in order {
      let entry = entries[index]
      guard case .number(let number) = entry.account else { throw BillingError.accountNotFound }
      let account = try self.visible(accounts[number], to: caller, with: permission)
      let (signed, fingerprint) = try self.checked(entry, on: account)
      if let earlier = earlier[entry.idempotencyKey] {
        replies[index] = try self.replay(earlier, fingerprint: fingerprint)
        continue
      }
      guard account.status != .closed else { throw BillingError.accountClosed }
      let before = balances[account.id] ?? account.balanceMinor
      let after = try self.balance(from: before, currency: account.currency, after: signed)
      balances[account.id] = after
      charges.append(
        NewCharge(
          index: index, entry: entry, account: account, signed: signed, balanceBefore: before, balanceAfter: after,
          fingerprint: fingerprint))
    }
    guard !charges.isEmpty else { return replies.compactMap { $0 } }

    let postedAt = self.now
    let ids = try await self.insert(charges, postedAt: postedAt, on: connection)
    guard ids.count == charges.count else {
      throw lookup == .assumedNone ? BatchHoldsReplays() : KeyCommittedMeanwhile()
    }
    var byKey: [String: EntryRow] = [:]
    byKey.reserveCapacity(charges.count)
    for charge in charges {
      guard let id = ids[charge.entry.idempotencyKey] else { throw KeyCommittedMeanwhile() }
      let row = EntryRow(written: charge, id: id, postedAt: postedAt)
      byKey[charge.entry.idempotencyKey] = row
      replies[charge.index] = PostingReply(
        entry: row.message, balanceAfter: Money.decimal(charge.balanceAfter, currency: charge.account.currency),
        replayed: false)
    }
    let moved = Array(balances)
    try await connection.query(
      """
      UPDATE accounts a SET balance_minor = v.balance
      FROM unnest(\(moved.map(\.key))::uuid[], \(moved.map(\.value))::bigint[]) AS v(id, balance) WHERE a.id = v.id
      """, logger: self.logger)
    try await self.checkTriggers(of: charges, entries: byKey, on: connection)
    return replies.compactMap { $0 }
  }

  /// The autopay and critical-balance checks each charge triggers when posted alone.
  private func checkTriggers(of charges: [NewCharge], entries: [String: EntryRow], on connection: PostgresConnection)
    async throws
  {
    if self.gateway != nil {
      let ids = Array(Set(charges.map(\.account.id)))
      let thresholds = try await Dictionary(
        connection.query(
          "SELECT account_id, threshold_minor FROM autopay WHERE account_id = ANY(\(ids)) AND enabled",
          logger: self.logger
        ).decode((UUID, Int64).self).collect(), uniquingKeysWith: { first, _ in first })
      for charge in charges {
        guard let threshold = thresholds[charge.account.id], charge.balanceAfter < charge.balanceBefore,
          charge.balanceBefore >= threshold, charge.balanceAfter < threshold,
          let entry = entries[charge.entry.idempotencyKey]
        else { continue }
        try await self.enqueueAutopay(account: charge.account.id, trigger: "entry:\(entry.message.id)", on: connection)
      }
    }
    for charge in charges {
      try await self.checkCriticalBalance(
        account: charge.account, after: charge.balanceAfter, debit: charge.signed < 0, on: connection)
    }
  }

  /// Inserts `charges` in their order (so their ids follow it) and returns the new entries' ids
  /// by key — the rest of each row is what the batch wrote (``EntryRow/init(written:id:postedAt:)``);
  /// a key committed before or meanwhile is left out.
  private func insert(_ charges: [NewCharge], postedAt: UTCTimestamp, on connection: PostgresConnection) async throws
    -> [String: Int64]
  {
    let entries = charges.map(\.entry)
    var ids: [String: Int64] = [:]
    ids.reserveCapacity(charges.count)
    let rows = try await connection.query(
      """
      INSERT INTO ledger_entries AS e (account_id, kind, amount_minor, balance_after_minor, currency, value_date, service_code,
                                       subscription_id, source, payer, bank_reference, purpose, idempotency_scope,
                                       idempotency_key, fingerprint, actor, posted_at)
      SELECT v.account_id, v.kind, v.amount, v.balance_after, v.currency, v.value_date::date, v.service_code, v.subscription_id,
             v.source, v.payer, v.bank_reference, v.purpose, v.scope, v.key, v.fingerprint, v.actor, \(postedAt)
      FROM unnest(\(charges.map(\.account.id))::uuid[], \(entries.map(\.kind.column))::text[], \(charges.map(\.signed))::bigint[],
                  \(charges.map(\.balanceAfter))::bigint[], \(charges.map(\.account.currency))::text[],
                  \(entries.map(\.date.description))::text[], \(entries.map(\.serviceCode))::text[],
                  \(entries.map(\.subscriptionID))::text[], \(entries.map(\.source))::text[], \(entries.map(\.payer))::text[],
                  \(entries.map(\.bankReference))::text[], \(entries.map(\.purpose))::text[],
                  \(entries.map(\.idempotencyScope))::text[], \(entries.map(\.idempotencyKey))::text[],
                  \(charges.map(\.fingerprint))::text[], \(entries.map(\.actor))::text[])
           WITH ORDINALITY AS v(account_id, kind, amount, balance_after, currency, value_date, service_code, subscription_id,
                                source, payer, bank_reference, purpose, scope, key, fingerprint, actor, n)
      ORDER BY v.n
      ON CONFLICT (idempotency_scope, idempotency_key) DO NOTHING
      RETURNING e.idempotency_key, e.id
      """, logger: self.logger
    )
    for try await (key, id) in rows.decode((String, Int64).self) { ids[key] = id }
    return ids
  }
}

extension EntryRow {
  /// The row a batch's insert wrote for `charge` with `id`: the batch chose every other column,
  /// so it needs none read back.
  fileprivate init(written charge: NewCharge, id: Int64, postedAt: UTCTimestamp) {
    let entry = charge.entry
    self.init(
      (
        id, entry.kind.column, charge.signed, charge.balanceAfter, charge.account.currency, entry.date,
        entry.serviceCode, entry.subscriptionID, entry.source, entry.payer, entry.bankReference, entry.purpose,
        nil, entry.idempotencyKey, charge.fingerprint, postedAt, charge.account.id, charge.account.number
      ))
  }
}
