import BillingAPI
import PostgresNIO
import RPC
import Storage
import UtilitiesAPI
import WireCodec

/// Month charges Billing refused (docs/utilities.md, "Charges Billing refused"; the platform's
/// methods, docs/platform.md): the poster marks them `refused`, charged to nobody. Staff list
/// them, mend the cause in Billing, and send them again: they are pending once more and the
/// poster takes them in its next round. Each repost is kept in `month_charge_reposts`.
extension Utilities {
  func listRefusedCharges(_ request: ListRefusedChargesRequest, caller: Caller) async throws
    -> ListRefusedChargesReply
  {
    try RefusedCharges.requireBackOffice(caller, UtilitiesPermission.chargesRead)
    try RefusedCharges.check(account: request.accountNumber)
    let page = try RefusedCharges.pages.page(of: request.page, by: RefusedCharges.PageKey.self)
    // `refused_at` is empty only on a row a replica of an older version marked while this one
    // was rolling out: its month stands in.
    let rows = try await self.database.withConnection { connection in
      try await connection.query(
        """
        SELECT mc.account_number, mc.period, mc.service, mc.gross_minor, mc.litres, mc.posting_reason,
               COALESCE(mc.refused_at, mc.period::timestamptz) AS refused, \(unescaped: Self.usageIDColumn) AS id,
               mc.attempts
        FROM month_charges mc
        WHERE mc.posting = 'refused' AND (\(request.accountNumber) = '' OR mc.account_number = \(request.accountNumber))
          AND (\(page.after?.first)::timestamptz IS NULL
               OR (COALESCE(mc.refused_at, mc.period::timestamptz), \(unescaped: Self.usageIDColumn))
                  > (\(page.after?.first), \(page.after?.second)))
        ORDER BY refused, id LIMIT \(page.limit)
        """, logger: self.logger
      ).decode((String, CalendarDate, String, Int64, Int64, String, UTCTimestamp, String, Int32).self).collect()
    }
    let (shown, next) = page.cut(rows) { RefusedCharges.PageKey($0.6, $0.7) }
    return ListRefusedChargesReply(
      charges: shown.map { row in
        let charge = self.usageCharge(account: row.0, period: row.1, service: row.2, gross: row.3, litres: row.4)
        return RefusedCharge(
          usageID: charge.usageID, accountNumber: row.0, amount: charge.amount, currency: "KZT",
          serviceCode: charge.serviceCode, comment: charge.comment, reason: row.5, refusedAt: row.6,
          attempts: UInt32(clamping: row.8))
      }, nextPageToken: next)
  }

  func repostCharges(_ request: RepostChargesRequest, caller: Caller) async throws -> RepostChargesReply {
    try RefusedCharges.requireBackOffice(caller, UtilitiesPermission.chargesPost)
    try RefusedCharges.check(request, movesAllowed: false)
    let reposted = try await self.database.transaction { connection in
      let found = try await connection.query(
        """
        SELECT \(unescaped: Self.usageIDColumn) FROM month_charges mc
        WHERE mc.posting = 'refused' AND \(unescaped: Self.usageIDColumn) = ANY(\(request.usageIDs)) FOR UPDATE
        """, logger: self.logger
      ).decode(String.self).collect()
      guard found.count == request.usageIDs.count else {
        let known = Set(found)
        throw RefusedCharges.notRefused(request.usageIDs.filter { !known.contains($0) })
      }
      try await connection.query(
        """
        INSERT INTO month_charge_reposts (account_number, period, service, actor, at, note, refusal)
        SELECT mc.account_number, mc.period, mc.service, \(caller.actor), \(self.now), \(request.note), mc.posting_reason
        FROM month_charges mc
        WHERE mc.posting = 'refused' AND \(unescaped: Self.usageIDColumn) = ANY(\(request.usageIDs))
        ORDER BY mc.period, mc.account_number, mc.service
        """, logger: self.logger)
      try await connection.query(
        """
        UPDATE month_charges mc SET posting = 'pending', posting_reason = '', refused_at = NULL, claimed_until = NULL
        WHERE mc.posting = 'refused' AND \(unescaped: Self.usageIDColumn) = ANY(\(request.usageIDs))
        """, logger: self.logger)
      return found.count
    }
    self.logger.notice(
      "refused month charges sent again", metadata: ["count": "\(reposted)", "actor": "\(caller.actor)"])
    return RepostChargesReply(reposted: UInt32(reposted))
  }

  func listChargeReposts(_ request: ListChargeRepostsRequest, caller: Caller) async throws -> ListChargeRepostsReply {
    try RefusedCharges.requireBackOffice(caller, UtilitiesPermission.chargesRead)
    try RefusedCharges.check(account: request.accountNumber, usageID: request.usageID)
    let page = try RefusedCharges.pages.page(of: request.page, by: Int64.self)
    let rows = try await self.database.withConnection { connection in
      try await connection.query(
        """
        SELECT \(unescaped: Self.usageIDColumn), mc.actor, mc.at, mc.note, mc.refusal, mc.account_number, mc.seq
        FROM month_charge_reposts mc
        WHERE (\(request.usageID) = '' OR \(unescaped: Self.usageIDColumn) = \(request.usageID))
          AND (\(request.accountNumber) = '' OR mc.account_number = \(request.accountNumber))
          AND (\(page.after)::bigint IS NULL OR mc.seq > \(page.after))
        ORDER BY mc.seq LIMIT \(page.limit)
        """, logger: self.logger
      ).decode((String, String, UTCTimestamp, String, String, String, Int64).self).collect()
    }
    let (shown, next) = page.cut(rows) { $0.6 }
    return ListChargeRepostsReply(
      reposts: shown.map {
        ChargeRepost(
          usageID: $0.0, actor: $0.1, at: $0.2, note: $0.3, refusal: $0.4, fromAccount: $0.5, toAccount: $0.5)
      }, nextPageToken: next)
  }
}
