import BillingAPI
import BillingRules
import PostgresNIO
import RPC
import Storage
import WireCodec

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// What the postpaid step of one night did.
struct CreditOutcome: Sendable {
  var renewed: Int64 = 0
  var closed: Int64 = 0
  var restored: Int64 = 0
}

/// An account's real-money position (seed 003 §3.5.3: the debt is realization minus payments;
/// top-ups are virtual money and count for nothing).
typealias RealPosition = PostpaidCredit.Position

extension Billing {
  static let creditClosurePurpose = "Закрытие кредита должнику"

  /// Postpaid credit, seed 003 §3.5. On the last day of a month each postpaid account's real
  /// payments must cover everything realized before that month, to the kopeck. If they do, the
  /// credit is renewed. If not, «Закрытие кредита должнику»: the virtual money it was given
  /// (its top-ups) is taken back by an adjustment, so the balance shows the real debt, the
  /// credit limit stops counting, and the account is blocked. An account that became postpaid
  /// that very day is not checked. Any night, an account whose real payments have since
  /// covered the debt gets its credit back and is unblocked; top-ups do not do that.
  func settlePostpaidCredit(on date: CalendarDate, failed: CycleCounter) async throws -> CreditOutcome {
    let isMonthEnd = date.isMonthEnd
    let accounts = try await self.database.withConnection { connection in
      try await connection.query(
        """
        SELECT id FROM accounts
        WHERE status <> 'closed' AND ((payment_mode = 'postpaid' AND \(isMonthEnd)) OR credit_closed_on IS NOT NULL)
        ORDER BY seq
        """, logger: self.logger
      ).decode(UUID.self).collect()
    }
    var outcome = CreditOutcome()
    for id in accounts {
      guard
        let step = try await self.isolated(
          .postpaidCredit, item: id, for: date, failed: failed,
          { connection in
            try await self.settleCredit(of: id, on: date, monthEnd: isMonthEnd, on: connection)
          })
      else { continue }
      outcome.renewed += step.renewed
      outcome.closed += step.closed
      outcome.restored += step.restored
    }
    return outcome
  }

  /// One account's credit on `date`. A retry of a month end that failed on its day
  /// (`retrying`) still decides as of that day; otherwise a day overtaken by a later run
  /// changes nothing.
  func settleCredit(
    of id: UUID, on date: CalendarDate, monthEnd: Bool, retrying: Bool = false, on connection: PostgresConnection
  ) async throws -> CreditOutcome {
    var outcome = CreditOutcome()
    if !retrying, try await self.isOvertaken(date, on: connection) { return outcome }
    guard var account = try await self.account(.id(id), forUpdate: true, on: connection), account.status != .closed
    else { return outcome }
    if let closedOn = account.creditClosedOn,
      PostpaidCredit.restores(
        try await self.realPosition(of: account, realizedBefore: closedOn.firstOfMonth, paidUpTo: date, on: connection))
    {
      try await connection.query("UPDATE accounts SET credit_closed_on = NULL WHERE id = \(id)", logger: self.logger)
      try await self.recordCreditCheck("restored", of: id, on: date, debt: 0, entry: nil, on: connection)
      if account.status == .blocked, account.blockedBy == .postpaid {
        try await self.changeBlock(
          of: account, to: false, reason: "Долг погашен платежами, кредит возобновлён", by: .postpaid, on: connection)
      }
      outcome.restored += 1
      guard let reread = try await self.account(.id(id), on: connection) else { return outcome }
      account = reread
    }
    let postpaid = account.paymentMode == .postpaid
    guard monthEnd, postpaid, account.creditClosedOn == nil else { return outcome }
    let checked = try await connection.query(
      """
      SELECT 1 FROM credit_checks WHERE account_id = \(id) AND on_date = \(date) AND outcome <> 'restored'
      """, logger: self.logger
    ).decode(Int.self).collect()
    guard checked.isEmpty else { return outcome }
    let position =
      account.postpaidSince == date
      ? RealPosition(realizedMinor: 0, paidMinor: 0, virtualMinor: 0)
      : try await self.realPosition(of: account, realizedBefore: date.firstOfMonth, paidUpTo: date, on: connection)
    switch PostpaidCredit.monthEnd(
      on: date, postpaid: postpaid, postpaidSince: account.postpaidSince, creditClosed: account.creditClosedOn != nil,
      position: position)
    {
    case .notChecked:
      break
    case .skippedNewPostpaid:
      try await self.recordCreditCheck("skipped-new-postpaid", of: id, on: date, debt: 0, entry: nil, on: connection)
    case .renewed:
      try await self.recordCreditCheck(
        "renewed", of: id, on: date, debt: position.debtMinor, entry: nil, on: connection)
      outcome.renewed += 1
    case .closed(let debtMinor, let takeBackMinor):
      try await self.closeCredit(
        of: account, debtMinor: debtMinor, takeBackMinor: takeBackMinor, on: date, on: connection)
      outcome.closed += 1
    }
    return outcome
  }

  func closeCredit(
    of account: AccountRow, debtMinor: Int64, takeBackMinor: Int64, on date: CalendarDate,
    on connection: PostgresConnection
  ) async throws {
    var entryID: Int64?
    if takeBackMinor > 0 {
      let posted = try await self.post(
        NewEntry(
          idempotencyKey: "credit-closure:\(account.id.uuidString.lowercased()):\(date)", account: .id(account.id),
          kind: .adjustment,
          amount: Money.decimal(takeBackMinor, currency: account.currency), date: date,
          purpose: Self.creditClosurePurpose,
          debit: true, source: "postpaid", actor: Self.system.userID),
        permission: BillingPermission.chargesPost, caller: Self.system, on: connection)
      entryID = posted.entry.id
    }
    try await connection.query(
      "UPDATE accounts SET credit_closed_on = \(date) WHERE id = \(account.id)", logger: self.logger)
    try await self.recordCreditCheck(
      "closed", of: account.id, on: date, debt: debtMinor, entry: entryID, on: connection)
    let debt = "\(Money.decimal(debtMinor, currency: account.currency)) \(account.currency)"
    if account.status == .active {
      try await self.changeBlock(
        of: account, to: true,
        reason: "\(Self.creditClosurePurpose): не оплачено \(debt) по счетам до \(date.firstOfMonth)", by: .postpaid,
        on: connection)
    }
    try await self.mailCustomer(
      of: account, dedupeKey: "billing.credit-closed:\(account.number):\(date)", on: connection
    ) { name in
      BillingMails.creditClosed(customerName: name, accountNumber: account.number, debt: debt, date: date)
    }
  }

  func realPosition(
    of account: AccountRow, realizedBefore start: CalendarDate, paidUpTo date: CalendarDate,
    on connection: PostgresConnection
  ) async throws -> RealPosition {
    let rows = try await connection.query(
      """
      SELECT
        (-sum(e.amount_minor) FILTER (WHERE e.value_date < \(start) AND \(unescaped: Self.realizedEntry)))::text,
        (sum(e.amount_minor) FILTER (
          WHERE e.value_date <= \(date) AND (e.kind = 'payment' OR (e.kind = 'reversal' AND o.kind = 'payment'))))::text,
        (sum(e.amount_minor) FILTER (
          WHERE e.kind IN ('topup', 'adjustment') OR (e.kind = 'reversal' AND o.kind IN ('topup', 'adjustment'))))::text
      FROM ledger_entries e LEFT JOIN ledger_entries o ON o.id = e.reverses_entry_id
      WHERE e.account_id = \(account.id)
      """, logger: self.logger
    ).decode((String?, String?, String?).self).collect()
    let (realized, paid, virtual) = rows.first ?? (nil, nil, nil)
    let (currency, what) = (account.currency, "The real-money position of account \(account.number)")
    return RealPosition(
      realizedMinor: try self.checked(realized, currency: currency, what: what),
      paidMinor: try self.checked(paid, currency: currency, what: what),
      virtualMinor: try self.checked(virtual, currency: currency, what: what))
  }

  func recordCreditCheck(
    _ outcome: String, of account: UUID, on date: CalendarDate, debt: Int64, entry: Int64?,
    on connection: PostgresConnection
  ) async throws {
    try await connection.query(
      """
      INSERT INTO credit_checks (account_id, on_date, outcome, debt_minor, entry_id) VALUES (\(account), \(date), \(outcome), \(debt), \(entry))
      ON CONFLICT DO NOTHING
      """, logger: self.logger)
  }
}
