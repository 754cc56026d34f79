public import Logging
public import PostgresNIO
public import RPC
public import WireCodec

/// The store side of the platform's refused-charge methods (docs/platform.md, "Charges Billing
/// refused"), for a service's outbox table: the refused rows, their reposts and the repost
/// itself, written once for Telecom, Utilities and ISP. Each service describes its table; the
/// SQL reads it as alias `c`.
///
/// The outbox table has a status column (`refused`, `pending`), a reason column, an account
/// column, `refused_at`, `claimed_until` and key columns; the reposts table has the same key
/// columns and `actor`, `at`, `note`, `refusal`, `from_account`, `to_account`, `seq`.
public struct RefusedChargeStore: Sendable {
  let table: String
  let keyColumns: [String]
  /// SQL over `c` giving the usage id Billing knows the charge by.
  let usageID: String
  /// SQL over `c` giving the charge's currency.
  let currency: String
  let status: String
  let reason: String
  let account: String
  /// What stands in for `refused_at` on a row an older replica refused without it.
  let refusedFallback: String
  let reposts: String

  public init(
    table: String, keyColumns: [String], usageID: String, currency: String, status: String = "status",
    reason: String = "reason", account: String = "account_number", refusedFallback: String, reposts: String
  ) {
    self.table = table
    self.keyColumns = keyColumns
    self.usageID = usageID
    self.currency = currency
    self.status = status
    self.reason = reason
    self.account = account
    self.refusedFallback = refusedFallback
    self.reposts = reposts
  }

  /// The moment a row was refused, as the list sorts it.
  var refusedAt: String { "COALESCE(c.refused_at, \(self.refusedFallback))" }

  /// One page of refused rows: `columns` (SQL over `c`), then the refusal moment, the usage id
  /// and Billing's reason, oldest refusal first, optionally of one account.
  public func refused(
    _ columns: String, account: String, page: Page<RefusedCharges.PageKey>, on connection: PostgresConnection,
    logger: Logger
  ) async throws -> PostgresRowSequence {
    try await connection.query(
      """
      SELECT \(unescaped: columns), \(unescaped: self.refusedAt) AS refused, \(unescaped: self.usageID) AS id,
             c.\(unescaped: self.reason)
      FROM \(unescaped: self.table) c
      WHERE c.\(unescaped: self.status) = 'refused' AND (\(account) = '' OR c.\(unescaped: self.account) = \(account))
        AND (\(page.after?.first)::timestamptz IS NULL
             OR (\(unescaped: self.refusedAt), \(unescaped: self.usageID)) > (\(page.after?.first), \(page.after?.second)))
      ORDER BY refused, id LIMIT \(page.limit)
      """, logger: logger)
  }

  /// Makes the refused charges `ids` pending again — all or none (CHARGES_NOT_REFUSED) — moved
  /// to `account` when given, after `check` has seen each one's id and currency; records each
  /// repost. Returns how many. Runs inside the caller's transaction.
  public func repost(
    _ ids: [String], to account: String?, actor: String, note: String, at now: UTCTimestamp,
    check: ([(id: String, currency: String)]) throws -> Void = { _ in }, on connection: PostgresConnection,
    logger: Logger
  ) async throws -> Int {
    let named = "c.\(self.status) = 'refused' AND \(self.usageID) = ANY"
    let found = try await connection.query(
      """
      SELECT \(unescaped: self.usageID), \(unescaped: self.currency) FROM \(unescaped: self.table) c
      WHERE \(unescaped: named)(\(ids)) FOR UPDATE
      """, logger: logger
    ).decode((String, String).self).collect()
    guard found.count == ids.count else {
      let known = Set(found.map(\.0))
      throw RefusedCharges.notRefused(ids.filter { !known.contains($0) })
    }
    try check(found.map { (id: $0.0, currency: $0.1) })
    let keys = self.keyColumns.joined(separator: ", ")
    let cKeys = self.keyColumns.map { "c.\($0)" }.joined(separator: ", ")
    try await connection.query(
      """
      INSERT INTO \(unescaped: self.reposts) (\(unescaped: keys), actor, at, note, refusal, from_account, to_account)
      SELECT \(unescaped: cKeys), \(actor), \(now), \(note), c.\(unescaped: self.reason), c.\(unescaped: self.account),
             COALESCE(\(account), c.\(unescaped: self.account))
      FROM \(unescaped: self.table) c WHERE \(unescaped: named)(\(ids)) ORDER BY \(unescaped: cKeys)
      """, logger: logger)
    try await connection.query(
      """
      UPDATE \(unescaped: self.table) c
      SET \(unescaped: self.status) = 'pending', \(unescaped: self.reason) = '', refused_at = NULL, claimed_until = NULL,
          \(unescaped: self.account) = COALESCE(\(account), c.\(unescaped: self.account))
      WHERE \(unescaped: named)(\(ids))
      """, logger: logger)
    return found.count
  }

  /// RepostCharges whole, for a service whose charges stay on their own account: the caller and
  /// request checked, the repost in one transaction, logged.
  public func repost(
    _ request: RepostChargesRequest, caller: Caller, permission: Permission, at now: UTCTimestamp,
    database: Database, logger: Logger
  ) async throws -> RepostChargesReply {
    try RefusedCharges.requireBackOffice(caller, permission)
    try RefusedCharges.check(request, movesAllowed: false)
    let reposted = try await database.transaction { connection in
      try await self.repost(
        request.usageIDs, to: nil, actor: caller.actor, note: request.note, at: now, on: connection, logger: logger)
    }
    logger.notice("refused charges sent again", metadata: ["count": "\(reposted)", "actor": "\(caller.actor)"])
    return RepostChargesReply(reposted: UInt32(reposted))
  }

  /// ListChargeReposts whole: the caller and filters checked, one page.
  public func listReposts(
    _ request: ListChargeRepostsRequest, caller: Caller, permission: Permission, database: Database, logger: Logger
  ) async throws -> ListChargeRepostsReply {
    try RefusedCharges.requireBackOffice(caller, permission)
    try RefusedCharges.check(account: request.accountNumber, usageID: request.usageID)
    let page = try RefusedCharges.pages.page(of: request.page, by: Int64.self)
    let (reposts, next) = try await database.withConnection { connection in
      try await self.reposts(
        usageID: request.usageID, account: request.accountNumber, page: page, on: connection, logger: logger)
    }
    return ListChargeRepostsReply(reposts: reposts, nextPageToken: next)
  }

  /// One page of reposts, oldest first, of one charge and/or account (either side of a move).
  public func reposts(
    usageID: String, account: String, page: Page<Int64>, on connection: PostgresConnection, logger: Logger
  ) async throws -> (reposts: [ChargeRepost], nextPageToken: String) {
    let rows = try await connection.query(
      """
      SELECT \(unescaped: self.usageID), c.actor, c.at, c.note, c.refusal, c.from_account, c.to_account, c.seq
      FROM \(unescaped: self.reposts) c
      WHERE (\(usageID) = '' OR \(unescaped: self.usageID) = \(usageID))
        AND (\(account) = '' OR c.from_account = \(account) OR c.to_account = \(account))
        AND (\(page.after)::bigint IS NULL OR c.seq > \(page.after))
      ORDER BY c.seq LIMIT \(page.limit)
      """, logger: logger
    ).decode((String, String, UTCTimestamp, String, String, String, String, Int64).self).collect()
    let (shown, next) = page.cut(rows) { $0.7 }
    return (
      shown.map {
        ChargeRepost(
          usageID: $0.0, actor: $0.1, at: $0.2, note: $0.3, refusal: $0.4, fromAccount: $0.5, toAccount: $0.6)
      }, next
    )
  }
}
