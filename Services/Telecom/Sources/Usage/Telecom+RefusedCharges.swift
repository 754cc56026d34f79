import BillingAPI
import PostgresNIO
import RPC
import Storage
import TelecomAPI
import WireCodec

/// Charges Billing refused (docs/telecom.md, "Charges Billing refused"; the platform's methods,
/// docs/platform.md): the charge poster sets them aside in `usage_charges` as `refused`, charged
/// to nobody. Staff list them, mend the cause (reopen the account in Billing, or choose
/// another), and send them again: the rows are pending once more and the poster takes them in
/// its next rounds. Each repost is kept in `usage_charge_reposts`. Billing charges a usage id at
/// most once, so nothing can be charged twice by sending it again.
extension Telecom {
  static let refusedCharges = RefusedChargeStore(
    table: "usage_charges", keyColumns: ["record_id"], usageID: "c.record_id", currency: "c.currency",
    refusedFallback: "c.created_at", reposts: "usage_charge_reposts")

  func listRefusedCharges(_ request: ListRefusedChargesRequest, caller: Caller) async throws
    -> ListRefusedChargesReply
  {
    try RefusedCharges.requireBackOffice(caller, TelecomPermission.chargesRead)
    try RefusedCharges.check(account: request.accountNumber)
    let page = try RefusedCharges.pages.page(of: request.page, by: RefusedCharges.PageKey.self)
    let rows = try await self.database.withConnection { connection in
      try await Self.refusedCharges.refused(
        "c.account_number, c.amount_minor, c.currency, c.service_code, c.comment, c.attempts",
        account: request.accountNumber, page: page, on: connection, logger: self.logger
      ).decode((String, Int64, String, String, String, Int32, UTCTimestamp, String, String).self).collect()
    }
    let (shown, next) = page.cut(rows) { RefusedCharges.PageKey($0.6, $0.7) }
    return ListRefusedChargesReply(
      charges: shown.map {
        RefusedCharge(
          usageID: $0.7, accountNumber: $0.0, amount: ExactDecimal(units: $0.1, scale: 2), currency: $0.2,
          serviceCode: self.billedServiceCode($0.3), comment: $0.4, reason: $0.8,
          refusedAt: $0.6, attempts: UInt32(clamping: $0.5))
      }, nextPageToken: next)
  }

  func repostCharges(_ request: RepostChargesRequest, caller: Caller) async throws -> RepostChargesReply {
    try RefusedCharges.requireBackOffice(caller, TelecomPermission.chargesManage)
    try RefusedCharges.check(request, movesAllowed: true)
    let target = request.accountNumber
    // Billing is asked before the transaction: no remote call holds one open. Without Billing
    // there is no poster either, and the caller's word is taken.
    let facts = target.isEmpty ? nil : try await self.requireAccount(target)
    let reposted = try await self.database.transaction { connection in
      try await Self.refusedCharges.repost(
        request.usageIDs, to: target.isEmpty ? nil : target, actor: caller.actor, note: request.note, at: self.now,
        check: { charges in
          // Billing charges an account in its own currency: an amount does not move to another.
          if let facts, let other = charges.first(where: { $0.currency != facts.currency }) {
            throw TelecomError.repostCurrencyMismatch(charge: other.id, currency: other.currency, account: facts)
          }
        }, on: connection, logger: self.logger)
    }
    self.logger.notice(
      "refused charges sent again",
      metadata: [
        "count": "\(reposted)", "actor": "\(caller.actor)", "account": "\(target.isEmpty ? "their own" : target)",
      ])
    return RepostChargesReply(reposted: UInt32(reposted))
  }

  func listChargeReposts(_ request: ListChargeRepostsRequest, caller: Caller) async throws -> ListChargeRepostsReply {
    try await Self.refusedCharges.listReposts(
      request, caller: caller, permission: TelecomPermission.chargesRead, database: self.database,
      logger: self.logger)
  }
}
