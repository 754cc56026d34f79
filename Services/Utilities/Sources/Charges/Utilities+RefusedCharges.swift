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
  static let refusedCharges = RefusedChargeStore(
    table: "month_charges", keyColumns: ["account_number", "period", "service"], usageID: Utilities.usageIDColumn,
    currency: "'KZT'", status: "posting", reason: "posting_reason", refusedFallback: "c.period::timestamptz",
    reposts: "month_charge_reposts")

  func listRefusedCharges(_ request: ListRefusedChargesRequest, caller: Caller) async throws
    -> ListRefusedChargesReply
  {
    try RefusedCharges.requireBackOffice(caller, UtilitiesPermission.chargesRead)
    try RefusedCharges.check(account: request.accountNumber)
    let page = try RefusedCharges.pages.page(of: request.page, by: RefusedCharges.PageKey.self)
    let rows = try await self.database.withConnection { connection in
      try await Self.refusedCharges.refused(
        "c.account_number, c.period, c.service, c.gross_minor, c.litres, c.attempts", account: request.accountNumber,
        page: page, on: connection, logger: self.logger
      ).decode((String, CalendarDate, String, Int64, Int64, Int32, UTCTimestamp, String, String).self).collect()
    }
    let (shown, next) = page.cut(rows) { RefusedCharges.PageKey($0.6, $0.7) }
    return ListRefusedChargesReply(
      charges: shown.map { row in
        let charge = self.usageCharge(account: row.0, period: row.1, service: row.2, gross: row.3, litres: row.4)
        return RefusedCharge(
          usageID: charge.usageID, accountNumber: row.0, amount: charge.amount, currency: "KZT",
          serviceCode: charge.serviceCode, comment: charge.comment, reason: row.8, refusedAt: row.6,
          attempts: UInt32(clamping: row.5))
      }, nextPageToken: next)
  }

  func repostCharges(_ request: RepostChargesRequest, caller: Caller) async throws -> RepostChargesReply {
    try await Self.refusedCharges.repost(
      request, caller: caller, permission: UtilitiesPermission.chargesPost, at: self.now, database: self.database,
      logger: self.logger)
  }

  func listChargeReposts(_ request: ListChargeRepostsRequest, caller: Caller) async throws -> ListChargeRepostsReply {
    try await Self.refusedCharges.listReposts(
      request, caller: caller, permission: UtilitiesPermission.chargesRead, database: self.database, logger: self.logger
    )
  }
}
