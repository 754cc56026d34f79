import BillingAPI
import ISPAPI
import PostgresNIO
import RPC
import Storage
import WireCodec

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// Plan charges Billing refused (docs/isp.md, "Charges Billing refused"; the platform's methods,
/// docs/platform.md): the poster marks them `refused`, charged to nobody. Staff list them, mend
/// the cause in Billing, and send them again: they are pending once more and the poster takes
/// them in its next round. Each repost is kept in `plan_charge_reposts`.
extension ISP {
  func listRefusedCharges(_ request: ListRefusedChargesRequest, caller: Caller) async throws
    -> ListRefusedChargesReply
  {
    try RefusedCharges.requireBackOffice(caller, ISPPermission.plansRead)
    try RefusedCharges.check(account: request.accountNumber)
    let page = try RefusedCharges.pages.page(of: request.page, by: RefusedCharges.PageKey.self)
    // `refused_at` is empty only on a row a replica of an older version marked while this one
    // was rolling out: its creation stands in.
    let rows = try await self.database.withConnection { connection in
      try await connection.query(
        """
        SELECT c.plan_id, c.period, c.account_number, c.amount_minor, c.currency, c.posting_reason,
               COALESCE(c.refused_at, c.created_at) AS refused, \(unescaped: Self.usageIDColumn) AS id, c.attempts
        FROM plan_charges c
        WHERE c.posting = 'refused' AND (\(request.accountNumber) = '' OR c.account_number = \(request.accountNumber))
          AND (\(page.after?.first)::timestamptz IS NULL
               OR (COALESCE(c.refused_at, c.created_at), \(unescaped: Self.usageIDColumn))
                  > (\(page.after?.first), \(page.after?.second)))
        ORDER BY refused, id LIMIT \(page.limit)
        """, logger: self.logger
      ).decode((UUID, CalendarDate, String, Int64, String, String, UTCTimestamp, String, Int32).self).collect()
    }
    let (shown, next) = page.cut(rows) { RefusedCharges.PageKey($0.6, $0.7) }
    return ListRefusedChargesReply(
      charges: shown.map { row in
        let charge = self.usageCharge(plan: row.0, period: row.1, account: row.2, amountMinor: row.3)
        return RefusedCharge(
          usageID: charge.usageID, accountNumber: row.2, amount: charge.amount, currency: row.4,
          serviceCode: charge.serviceCode, comment: charge.comment, reason: row.5, refusedAt: row.6,
          attempts: UInt32(clamping: row.8))
      }, nextPageToken: next)
  }

  func repostCharges(_ request: RepostChargesRequest, caller: Caller) async throws -> RepostChargesReply {
    try RefusedCharges.requireBackOffice(caller, ISPPermission.chargesPost)
    try RefusedCharges.check(request, movesAllowed: false)
    let reposted = try await self.database.transaction { connection in
      let found = try await connection.query(
        """
        SELECT \(unescaped: Self.usageIDColumn) FROM plan_charges c
        WHERE c.posting = 'refused' AND \(unescaped: Self.usageIDColumn) = ANY(\(request.usageIDs)) FOR UPDATE
        """, logger: self.logger
      ).decode(String.self).collect()
      guard found.count == request.usageIDs.count else {
        let known = Set(found)
        throw RefusedCharges.notRefused(request.usageIDs.filter { !known.contains($0) })
      }
      try await connection.query(
        """
        INSERT INTO plan_charge_reposts (plan_id, period, account_number, actor, at, note, refusal)
        SELECT c.plan_id, c.period, c.account_number, \(caller.actor), \(self.now), \(request.note), c.posting_reason
        FROM plan_charges c
        WHERE c.posting = 'refused' AND \(unescaped: Self.usageIDColumn) = ANY(\(request.usageIDs))
        ORDER BY c.period, c.plan_id, c.account_number
        """, logger: self.logger)
      try await connection.query(
        """
        UPDATE plan_charges c SET posting = 'pending', posting_reason = '', refused_at = NULL, claimed_until = NULL
        WHERE c.posting = 'refused' AND \(unescaped: Self.usageIDColumn) = ANY(\(request.usageIDs))
        """, logger: self.logger)
      return found.count
    }
    self.logger.notice(
      "refused plan charges sent again", metadata: ["count": "\(reposted)", "actor": "\(caller.actor)"])
    return RepostChargesReply(reposted: UInt32(reposted))
  }

  func listChargeReposts(_ request: ListChargeRepostsRequest, caller: Caller) async throws -> ListChargeRepostsReply {
    try RefusedCharges.requireBackOffice(caller, ISPPermission.plansRead)
    try RefusedCharges.check(account: request.accountNumber, usageID: request.usageID)
    let page = try RefusedCharges.pages.page(of: request.page, by: Int64.self)
    let rows = try await self.database.withConnection { connection in
      try await connection.query(
        """
        SELECT \(unescaped: Self.usageIDColumn), c.actor, c.at, c.note, c.refusal, c.account_number, c.seq
        FROM plan_charge_reposts c
        WHERE (\(request.usageID) = '' OR \(unescaped: Self.usageIDColumn) = \(request.usageID))
          AND (\(request.accountNumber) = '' OR c.account_number = \(request.accountNumber))
          AND (\(page.after)::bigint IS NULL OR c.seq > \(page.after))
        ORDER BY c.seq LIMIT \(page.limit)
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
