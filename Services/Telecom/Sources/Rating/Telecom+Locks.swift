import BillingAPI
import PostgresNIO
import RPC
import Storage
import TelecomAPI
import TelecomRules
import WireCodec

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// Call locks (docs/telecom.md, "Call locks"; the seed's «Проверка Lock»): forbidden prefixes on
/// one account or on all. Every change is kept in `call_lock_history` with its author, a delete
/// needs its own permission, and the in-memory tables calls are decided from are rebuilt after
/// each change (``Telecom/ratingChanged(on:)``).
extension Telecom {
  static let maximumReason = 500

  func createLock(_ request: CreateLockRequest, caller: Caller) async throws -> CallLock {
    try caller.require(TelecomPermission.locksManage)
    try Self.checkLock(prefix: request.prefix, provider: request.provider, reason: request.reason)
    // Billing is asked before the transaction: no remote call holds a transaction open.
    if !request.accountNumber.isEmpty { try await self.requireAccount(request.accountNumber) }
    let id = UUID()
    let lock = try await self.database.transaction { connection in
      try await self.requireProvider(request.provider, on: connection)
      try await connection.query(
        """
        INSERT INTO call_locks (id, account_number, prefix, provider, reason, created_by, created_at)
        VALUES (\(id), \(request.accountNumber), \(request.prefix), \(request.provider), \(request.reason),
                \(caller.actor), \(self.now))
        """, logger: self.logger)
      return try await self.recordLockChange(id, .created, caller: caller, on: connection)
    }
    await self.refreshRating()
    return lock
  }

  func changeLock(_ request: ChangeLockRequest, caller: Caller) async throws -> CallLock {
    try caller.require(TelecomPermission.locksManage)
    let id = try Self.lockID(request.id)
    try Self.checkLock(prefix: request.prefix, provider: request.provider, reason: request.reason)
    let lock = try await self.database.transaction { connection in
      try await self.requireProvider(request.provider, on: connection)
      let changed = try await connection.query(
        """
        UPDATE call_locks SET prefix = \(request.prefix), provider = \(request.provider), reason = \(request.reason),
                              changed_by = \(caller.actor), changed_at = \(self.now)
        WHERE id = \(id) AND deleted_at IS NULL RETURNING id
        """, logger: self.logger
      ).decode(UUID.self).collect()
      guard !changed.isEmpty else { throw TelecomError.lockNotFound }
      return try await self.recordLockChange(id, .changed, caller: caller, on: connection)
    }
    await self.refreshRating()
    return lock
  }

  func deleteLock(_ request: DeleteLockRequest, caller: Caller) async throws -> CallLock {
    try caller.require(TelecomPermission.locksDelete)
    let id = try Self.lockID(request.id)
    var checks = FieldChecks()
    checks.text(request.reason, field: "reason", name: "The reason", maximum: Self.maximumReason)
    try checks.check()
    let lock = try await self.database.transaction { connection in
      let deleted = try await connection.query(
        """
        UPDATE call_locks SET deleted_by = \(caller.actor), deleted_at = \(self.now), reason = \(request.reason)
        WHERE id = \(id) AND deleted_at IS NULL RETURNING id
        """, logger: self.logger
      ).decode(UUID.self).collect()
      guard !deleted.isEmpty else { throw TelecomError.lockNotFound }
      return try await self.recordLockChange(id, .deleted, caller: caller, on: connection)
    }
    await self.refreshRating()
    return lock
  }

  func listLocks(_ request: ListLocksRequest, caller: Caller) async throws -> ListLocksReply {
    try caller.require(TelecomPermission.locksRead)
    let digits = request.number.isEmpty ? "" : try Self.dialedNumber(request.number, field: "number").description
    let page = try Self.pages.page(of: request.page, by: String.self)
    let rows = try await self.database.withConnection { connection in
      try await connection.query(
        """
        SELECT \(unescaped: Self.lockColumns) FROM call_locks l
        WHERE l.deleted_at IS NULL AND l.account_number = \(request.accountNumber)
          AND (\(digits) = '' OR starts_with(\(digits), l.prefix) OR starts_with(l.prefix, \(digits)))
          AND (\(page.after)::text IS NULL OR l.prefix > \(page.after))
        ORDER BY l.prefix LIMIT \(page.limit)
        """, logger: self.logger
      ).decode(LockRow.self).collect()
    }
    let (shown, next) = page.cut(rows) { $0.2 }
    return ListLocksReply(locks: shown.map(Self.lock), nextPageToken: next)
  }

  func lockHistory(_ request: LockHistoryRequest, caller: Caller) async throws -> LockHistoryReply {
    try caller.require(TelecomPermission.locksRead)
    let id = try Self.lockID(request.id)
    let page = try Self.pages.page(of: request.page, by: Int64.self)
    let rows = try await self.database.withConnection { connection in
      try await connection.query(
        """
        SELECT action, actor, at, account_number, prefix, provider, reason, seq FROM call_lock_history
        WHERE lock_id = \(id) AND (\(page.after)::bigint IS NULL OR seq > \(page.after))
        ORDER BY seq LIMIT \(page.limit)
        """, logger: self.logger
      ).decode((String, String, UTCTimestamp, String, String, String, String, Int64).self).collect()
    }
    if rows.isEmpty && page.after == nil { throw TelecomError.lockNotFound }
    let (shown, next) = page.cut(rows) { $0.7 }
    return LockHistoryReply(
      changes: shown.map { row in
        LockChange(
          lockID: id.uuidString.lowercased(), action: LockActionColumn(rawValue: row.0)?.wire ?? .unspecified,
          actor: row.1, at: row.2, accountNumber: row.3, prefix: row.4, provider: row.5, reason: row.6)
      }, nextPageToken: next)
  }

  /// Appends the lock as it now is to its history, and returns it.
  func recordLockChange(
    _ id: UUID, _ action: LockActionColumn, caller: Caller, on connection: PostgresConnection
  ) async throws -> CallLock {
    try await connection.query(
      """
      INSERT INTO call_lock_history (lock_id, action, actor, at, account_number, prefix, provider, reason)
      SELECT id, \(action.rawValue), \(caller.actor), \(self.now), account_number, prefix, provider, reason
      FROM call_locks WHERE id = \(id)
      """, logger: self.logger)
    try await self.bumpRatingGeneration(on: connection)
    guard
      let row = try await connection.query(
        "SELECT \(unescaped: Self.lockColumns) FROM call_locks l WHERE l.id = \(id)", logger: self.logger
      ).decode(LockRow.self).collect().first
    else { throw TelecomError.lockNotFound }
    return Self.lock(row)
  }

  static func checkLock(prefix: String, provider: String, reason: String) throws(ValidationFailure) {
    var checks = FieldChecks()
    if (try? DialedDigits(prefix)) == nil {
      checks.add("prefix", "PREFIX_FORMAT", "A lock's prefix is 1 to 20 digits.")
    }
    checks.text(provider, field: "provider", name: "The provider", maximum: 32)
    checks.text(reason, field: "reason", name: "The reason", maximum: Self.maximumReason)
    try checks.check()
  }

  static func lockID(_ text: String) throws -> UUID {
    guard let id = UUID(uuidString: text) else { throw TelecomError.lockNotFound }
    return id
  }

  /// Refuses an account Billing does not know or has closed (when Telecom reaches Billing).
  /// The account as Billing knows it (nil when Telecom has no Billing to ask, and takes the
  /// caller's word); ACCOUNT_NOT_FOUND, ACCOUNT_CLOSED otherwise.
  @discardableResult
  func requireAccount(_ number: String) async throws -> BillingAccountFacts? {
    guard let accounts = self.accounts else { return nil }
    guard let account = try await accounts.account(number) else { throw TelecomError.accountNotFound }
    if account.status == .closed { throw TelecomError.accountClosed }
    return account
  }

  func requireProvider(_ code: String, on connection: PostgresConnection) async throws {
    let found = try await connection.query(
      "SELECT code FROM providers WHERE code = \(code)", logger: self.logger
    ).decode(String.self).collect()
    guard !found.isEmpty else { throw TelecomError.providerNotFound }
  }

  static let lockColumns =
    "l.id, l.account_number, l.prefix, l.provider, l.reason, l.created_by, l.created_at, l.changed_by, l.changed_at"
  typealias LockRow = (UUID, String, String, String, String, String, UTCTimestamp, String, UTCTimestamp?)

  static func lock(_ row: LockRow) -> CallLock {
    CallLock(
      id: row.0.uuidString.lowercased(), accountNumber: row.1, prefix: row.2, provider: row.3, reason: row.4,
      createdBy: row.5, createdAt: row.6, changedBy: row.7, changedAt: row.8)
  }
}

/// ``LockAction`` as `call_lock_history.action` holds it.
enum LockActionColumn: String {
  case created, changed, deleted

  var wire: LockAction {
    switch self {
    case .created: .created
    case .changed: .changed
    case .deleted: .deleted
    }
  }
}
