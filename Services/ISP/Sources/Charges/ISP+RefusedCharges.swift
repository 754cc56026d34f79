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
  static let refusedCharges = RefusedChargeStore(
    table: "plan_charges", keyColumns: ["plan_id", "period", "account_number"], usageID: ISP.usageIDColumn,
    currency: "c.currency", status: "posting", reason: "posting_reason", refusedFallback: "c.created_at",
    reposts: "plan_charge_reposts")

  func listRefusedCharges(_ request: ListRefusedChargesRequest, caller: Caller) async throws
    -> ListRefusedChargesReply
  {
    try RefusedCharges.requireBackOffice(caller, ISPPermission.plansRead)
    try RefusedCharges.check(account: request.accountNumber)
    let page = try RefusedCharges.pages.page(of: request.page, by: RefusedCharges.PageKey.self)
    let rows = try await self.database.withConnection { connection in
      try await Self.refusedCharges.refused(
        "c.plan_id, c.period, c.account_number, c.amount_minor, c.currency, c.attempts",
        account: request.accountNumber, page: page, on: connection, logger: self.logger
      ).decode((UUID, CalendarDate, String, Int64, String, Int32, UTCTimestamp, String, String).self).collect()
    }
    let (shown, next) = page.cut(rows) { RefusedCharges.PageKey($0.6, $0.7) }
    return ListRefusedChargesReply(
      charges: shown.map { row in
        let charge = self.usageCharge(plan: row.0, period: row.1, account: row.2, amountMinor: row.3)
        return RefusedCharge(
          usageID: charge.usageID, accountNumber: row.2, amount: charge.amount, currency: row.4,
          serviceCode: charge.serviceCode, comment: charge.comment, reason: row.8, refusedAt: row.6,
          attempts: UInt32(clamping: row.5))
      }, nextPageToken: next)
  }

  func repostCharges(_ request: RepostChargesRequest, caller: Caller) async throws -> RepostChargesReply {
    try await Self.refusedCharges.repost(
      request, caller: caller, permission: ISPPermission.chargesPost, at: self.now, database: self.database,
      logger: self.logger)
  }

  func listChargeReposts(_ request: ListChargeRepostsRequest, caller: Caller) async throws -> ListChargeRepostsReply {
    try await Self.refusedCharges.listReposts(
      request, caller: caller, permission: ISPPermission.plansRead, database: self.database, logger: self.logger)
  }
}
