import BillingAPI
import PostgresNIO
import RPC
import Storage
import TelecomAPI
import WireCodec

/// Charges Billing refused (docs/telecom.md, "Charges Billing refused"): the charge poster sets
/// them aside in `usage_charges` as `refused`, charged to nobody. Staff list them, mend the
/// cause (reopen the account in Billing, or choose another), and send them again: the rows are
/// pending once more and the poster takes them in its next rounds. Each repost is kept in
/// `usage_charge_reposts`. Billing charges a usage id at most once, so nothing can be charged
/// twice by sending it again.
extension Telecom {
  func listRefusedCharges(_ request: ListRefusedChargesRequest, caller: Caller) async throws
    -> ListRefusedChargesReply
  {
    try RefusedCharges.requireBackOffice(caller, TelecomPermission.chargesRead)
    try RefusedCharges.check(account: request.accountNumber)
    let page = try RefusedCharges.pages.page(of: request.page, by: RefusedCharges.PageKey.self)
    let rows = try await self.database.withConnection { connection in
      try await self.refusedCharges(account: request.accountNumber, page: page, on: connection)
    }
    let (shown, next) = page.cut(rows) { PageKeyPair($0.refusedAt, $0.usageID) }
    return ListRefusedChargesReply(charges: Array(shown), nextPageToken: next)
  }

  func repostCharges(_ request: RepostChargesRequest, caller: Caller) async throws -> RepostChargesReply {
    try RefusedCharges.requireBackOffice(caller, TelecomPermission.chargesManage)
    try RefusedCharges.check(request, movesAllowed: true)
    // Billing is asked before the transaction: no remote call holds one open.
    let target = try await self.repostTarget(request.accountNumber)
    let reposted = try await self.database.transaction { connection in
      let charges = try await connection.query(
        """
        SELECT record_id, currency FROM usage_charges
        WHERE record_id = ANY(\(request.usageIDs)) AND status = 'refused' FOR UPDATE
        """, logger: self.logger
      ).decode((String, String).self).collect()
      guard charges.count == request.usageIDs.count else {
        let found = Set(charges.map(\.0))
        throw RefusedCharges.notRefused(request.usageIDs.filter { !found.contains($0) })
      }
      if let target, let other = charges.first(where: { $0.1 != target.currency }) {
        throw TelecomError.repostCurrencyMismatch(charge: other.0, currency: other.1, account: target)
      }
      try await connection.query(
        """
        INSERT INTO usage_charge_reposts (record_id, actor, at, note, refusal, from_account, to_account)
        SELECT record_id, \(caller.actor), \(self.now), \(request.note), reason, account_number,
               COALESCE(\(target?.number), account_number)
        FROM usage_charges WHERE record_id = ANY(\(request.usageIDs)) ORDER BY record_id
        """, logger: self.logger)
      try await connection.query(
        """
        UPDATE usage_charges
        SET status = 'pending', reason = '', refused_at = NULL, claimed_until = NULL,
            account_number = COALESCE(\(target?.number), account_number)
        WHERE record_id = ANY(\(request.usageIDs))
        """, logger: self.logger)
      return charges.count
    }
    self.logger.notice(
      "refused charges sent again",
      metadata: ["count": "\(reposted)", "actor": "\(caller.actor)", "account": "\(target?.number ?? "their own")"])
    return RepostChargesReply(reposted: UInt32(reposted))
  }

  func listChargeReposts(_ request: ListChargeRepostsRequest, caller: Caller) async throws -> ListChargeRepostsReply {
    try RefusedCharges.requireBackOffice(caller, TelecomPermission.chargesRead)
    try RefusedCharges.check(account: request.accountNumber, usageID: request.usageID)
    let page = try RefusedCharges.pages.page(of: request.page, by: Int64.self)
    let rows = try await self.database.withConnection { connection in
      try await connection.query(
        """
        SELECT record_id, actor, at, note, refusal, from_account, to_account, seq FROM usage_charge_reposts
        WHERE (\(request.usageID) = '' OR record_id = \(request.usageID))
          AND (\(request.accountNumber) = '' OR from_account = \(request.accountNumber)
               OR to_account = \(request.accountNumber))
          AND (\(page.after)::bigint IS NULL OR seq > \(page.after))
        ORDER BY seq LIMIT \(page.limit)
        """, logger: self.logger
      ).decode((String, String, UTCTimestamp, String, String, String, String, Int64).self).collect()
    }
    let (shown, next) = page.cut(rows) { $0.7 }
    return ListChargeRepostsReply(
      reposts: shown.map {
        ChargeRepost(
          usageID: $0.0, actor: $0.1, at: $0.2, note: $0.3, refusal: $0.4, fromAccount: $0.5, toAccount: $0.6)
      }, nextPageToken: next)
  }

  // MARK: - Checks and store

  /// The account charges are moved to, as Billing knows it; nil to keep each charge's account.
  /// Without Billing configured there is no poster either, and the caller's word is taken.
  func repostTarget(_ number: String) async throws -> BillingAccountFacts? {
    guard !number.isEmpty else { return nil }
    guard let accounts = self.accounts else {
      return BillingAccountFacts(number: number, customerName: "", organizationID: nil, status: .active, currency: "")
    }
    guard let account = try await accounts.account(number) else { throw TelecomError.accountNotFound }
    if account.status == .closed { throw TelecomError.accountClosed }
    return account
  }

  func refusedCharges(
    account: String, page: Page<RefusedCharges.PageKey>, on connection: PostgresConnection
  ) async throws -> [RefusedCharge] {
    // `refused_at` is empty only on a row a replica of an older version set aside while this
    // one was rolling out: its creation stands in, in the sort and in the index alike.
    try await connection.query(
      """
      SELECT record_id, account_number, amount_minor, currency, service_code, comment, reason,
             COALESCE(refused_at, created_at), attempts
      FROM usage_charges
      WHERE status = 'refused' AND (\(account) = '' OR account_number = \(account))
        AND (\(page.after?.first)::timestamptz IS NULL
             OR (COALESCE(refused_at, created_at), record_id) > (\(page.after?.first), \(page.after?.second)))
      ORDER BY COALESCE(refused_at, created_at), record_id LIMIT \(page.limit)
      """, logger: self.logger
    ).decode((String, String, Int64, String, String, String, String, UTCTimestamp, Int32).self).collect().map {
      RefusedCharge(
        usageID: $0.0, accountNumber: $0.1, amount: ExactDecimal(units: $0.2, scale: 2), currency: $0.3,
        serviceCode: $0.4.isEmpty ? self.settings.usageServiceCode : $0.4, comment: $0.5, reason: $0.6, refusedAt: $0.7,
        attempts: UInt32(clamping: $0.8))
    }
  }
}
