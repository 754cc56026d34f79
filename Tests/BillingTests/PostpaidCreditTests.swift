import BillingAPI
import BillingService
import Foundation
import GRPCCore
import Logging
import PostgresNIO
import RPC
import Storage
import TestSupport
import Testing
import WireCodec

@Suite(
  "Postpaid credit at the month end (seed 003 §3.5)",
  .enabled(
    if: TestDatabase.isAvailable && SMTPSink.isAvailable,
    "needs the test PostgreSQL and aiosmtpd (scripts/test.sh provides both)"))
struct PostpaidCreditTests {
  let logger = Logger(label: "test")

  func account(_ bed: BillingTestbed, _ name: String, email: String, mode: PaymentMode, limit: String) async throws
    -> Account
  {
    let customer = try await bed.customer(name, contract: "П-\(email.prefix(1))", email: email)
    return try await bed.call(
      BillingContract.openAccount,
      OpenAccountRequest(customerID: customer.id, currency: "RUB", paymentMode: mode, creditLimit: money(limit)),
      token: try await BillingTestbed.staffToken())
  }

  func charge(_ bed: BillingTestbed, _ account: Account, _ amount: String, on date: CalendarDate) async throws {
    _ = try await bed.call(
      BillingContract.postCharge,
      PostChargeRequest(
        idempotencyKey: "charge-\(account.number)-\(date)", accountNumber: account.number, amount: money(amount),
        serviceCode: "telephony", date: date), token: try await BillingTestbed.staffToken())
  }

  func topUp(_ bed: BillingTestbed, _ account: Account, _ amount: String, key: String) async throws {
    _ = try await bed.call(
      BillingContract.topUp,
      TopUpRequest(
        idempotencyKey: key, accountNumber: account.number, amount: money(amount), comment: "Кредитный лимит"),
      token: try await BillingTestbed.staffToken())
  }

  func get(_ bed: BillingTestbed, _ account: Account) async throws -> Account {
    try await bed.call(
      BillingContract.getAccount, GetAccountRequest(number: account.number),
      token: try await BillingTestbed.staffToken())
  }

  func adjustments(_ bed: BillingTestbed, _ account: Account) async throws -> [LedgerEntry] {
    try await bed.call(
      BillingContract.listTransactions, ListTransactionsRequest(accountNumber: account.number, kinds: [.adjustment]),
      token: try await BillingTestbed.staffToken()
    ).entries
  }

  @Test(
    "short by 1 kopeck on the last day: «Закрытие кредита должнику» and a block; paid exactly: renewed; moved to postpaid that day: not blocked; a top-up does not restore the credit, a payment does"
  )
  func monthEnd() async throws {
    // The month's postings are made up front, dated ahead of the clock (June and July).
    try await BillingTestbed.with(clockAt: .at(2026, 6, 10, 9), settings: ["abonent.billing.valueDateDaysAhead": "60"])
    { bed in
      let token = try await BillingTestbed.staffToken()
      // A: credit 3 000, topped up by its limit as operators do (§3.5.8), June usage 2 000.00, paid 1 999.99.
      let short = try await self.account(
        bed, "ООО «Недоплата»", email: "a@example.ru", mode: .postpaid, limit: "3000.00")
      // B: June usage 500.00 paid to the kopeck.
      let exact = try await self.account(bed, "ООО «Точно»", email: "b@example.ru", mode: .postpaid, limit: "1000.00")
      // C: prepaid with an unpaid June, moved to postpaid on 31 July.
      let late = try await self.account(bed, "ООО «Поздний»", email: "c@example.ru", mode: .prepaid, limit: "0")
      try await self.charge(bed, short, "2000.00", on: .day(2026, 6, 15))
      try await self.charge(bed, exact, "500.00", on: .day(2026, 6, 15))
      try await self.charge(bed, late, "800.00", on: .day(2026, 6, 15))
      try await self.topUp(bed, short, "3000.00", key: "credit-a")
      try await bed.pay(short, "1999.99", key: "pay-a-1", on: .day(2026, 7, 20))
      try await bed.pay(exact, "500.00", key: "pay-b-1", on: .day(2026, 7, 20))

      // 30 July is not a month end: nothing happens.
      try await bed.live(.day(2026, 7, 30))
      #expect(try await self.get(bed, short).status == .active)
      #expect(try await self.adjustments(bed, short).isEmpty)

      // 31 July, the nightly run.
      try await bed.live(.day(2026, 7, 31))
      let closed = try await self.get(bed, short)
      #expect(closed.status == .blocked)
      #expect(closed.creditClosedOn == .day(2026, 7, 31))
      #expect(closed.blockedReason.hasPrefix("Закрытие кредита должнику: не оплачено 0.01 RUB"))
      let adjustment = try #require(try await self.adjustments(bed, short).first)
      #expect(adjustment.amount == money("-3000.00"))
      #expect(adjustment.purpose == "Закрытие кредита должнику")
      #expect(adjustment.date == .day(2026, 7, 31))
      // The balance is now the real position: 1 999.99 paid − 2 000.00 realized.
      #expect(closed.balance == money("-0.01"))
      let mail = try #require(try await bed.mails(to: "a@example.ru").first)
      #expect(mail.subject.contains("закрыт"))
      #expect(mail.text.contains("не оплачено 0.01 RUB"))

      let renewed = try await self.get(bed, exact)
      #expect(renewed.status == .active && renewed.creditClosedOn == nil)
      #expect(try await self.adjustments(bed, exact).isEmpty)

      // Later on 31 July C becomes postpaid, and ops re-run the day: C is not checked that night.
      bed.clock?.set(.at(2026, 7, 31, 10))
      let moved = try await bed.call(
        BillingContract.setPaymentTerms,
        SetPaymentTermsRequest(number: late.number, paymentMode: .postpaid, creditLimit: money("1000.00")),
        token: token)
      #expect(moved.paymentMode == .postpaid && moved.postpaidSince == .day(2026, 7, 31))
      let rerun = try await bed.call(
        BillingContract.runDailyCycle, RunDailyCycleRequest(date: .day(2026, 7, 31)), token: token)
      #expect(rerun.creditsClosed == 0 && rerun.creditsRenewed == 0)
      #expect(try await self.get(bed, late).status == .active)
      #expect(try await self.adjustments(bed, short).count == 1, "a re-run posts no second closure")

      // A top-up does not restore the credit.
      try await self.topUp(bed, short, "10.00", key: "topup-a-2")
      try await bed.live(.day(2026, 8, 3))
      let stillClosed = try await self.get(bed, short)
      #expect(stillClosed.status == .blocked && stillClosed.creditClosedOn == .day(2026, 7, 31))

      // The missing kopeck, paid: the next night restores the credit and unblocks.
      try await bed.pay(short, "0.01", key: "pay-a-2", on: .day(2026, 8, 3))
      try await bed.live(.day(2026, 8, 4))
      let restored = try await self.get(bed, short)
      #expect(restored.status == .active)
      #expect(restored.creditClosedOn == nil)

      // 31 August: C, postpaid for a month now, owes June's 800.00: closed and blocked (it had no
      // top-ups, so nothing is taken back); A owes nothing for July: renewed.
      try await bed.live(.day(2026, 8, 31))
      let blockedLate = try await self.get(bed, late)
      #expect(blockedLate.status == .blocked && blockedLate.creditClosedOn == .day(2026, 8, 31))
      #expect(try await self.adjustments(bed, late).isEmpty)
      #expect(try await self.get(bed, short).status == .active)

      let outcomes = try await bed.sql { connection in
        try await connection.query(
          "SELECT a.number, c.on_date, c.outcome, c.debt_minor FROM credit_checks c JOIN accounts a ON a.id = c.account_id ORDER BY c.on_date, a.seq, c.outcome",
          logger: self.logger
        ).decode((String, CalendarDate, String, Int64).self).collect().map { "\($0.0):\($0.1):\($0.2):\($0.3)" }
      }
      #expect(
        outcomes == [
          "\(short.number):2026-07-31:closed:1", "\(exact.number):2026-07-31:renewed:0",
          "\(late.number):2026-07-31:skipped-new-postpaid:0",
          "\(short.number):2026-08-04:restored:0",
          "\(short.number):2026-08-31:renewed:0", "\(exact.number):2026-08-31:renewed:0",
          "\(late.number):2026-08-31:closed:80000",
        ])
    }
  }

  @Test("payment terms: bad values are refused and change nothing; a prepaid account has no credit limit")
  func paymentTermsValidation() async throws {
    try await BillingTestbed.with { bed in
      let token = try await BillingTestbed.staffToken()
      let account = try await bed.fundedAccount(contract: "П-1")
      for (request, field, reason) in [
        (
          SetPaymentTermsRequest(number: account.number, paymentMode: .prepaid, creditLimit: money("10.00")),
          "creditLimit", "CREDIT_LIMIT_PREPAID"
        ),
        (
          SetPaymentTermsRequest(number: account.number, paymentMode: .postpaid, creditLimit: money("-1.00")),
          "creditLimit", "AMOUNT_INVALID"
        ),
        (
          SetPaymentTermsRequest(number: account.number, paymentMode: .postpaid, creditLimit: money("1.001")),
          "creditLimit", "AMOUNT_PRECISION"
        ),
        (SetPaymentTermsRequest(number: account.number, paymentMode: .unspecified), "paymentMode", "REQUIRED"),
      ] {
        let error = await bed.refusal { _ = try await bed.call(BillingContract.setPaymentTerms, request, token: token) }
        #expect(error?.code == .invalidArgument)
        #expect(error?.violations[field] == reason, "\(field) \(reason)")
      }
      let unknown = await bed.refusal {
        _ = try await bed.call(
          BillingContract.setPaymentTerms, SetPaymentTermsRequest(number: "nope", paymentMode: .prepaid), token: token)
      }
      #expect(unknown?.code == .notFound)
      let unchanged = try await bed.call(
        BillingContract.getAccount, GetAccountRequest(number: account.number), token: token)
      #expect(unchanged.paymentMode == .prepaid && unchanged.postpaidSince == nil)
      let other = try await BillingTestbed.customerToken(
        organization: UUID().uuidString.lowercased(), permissions: [BillingPermission.accountsManage])
      let denied = await bed.refusal {
        _ = try await bed.call(
          BillingContract.setPaymentTerms, SetPaymentTermsRequest(number: account.number, paymentMode: .postpaid),
          token: other)
      }
      #expect(denied?.code == .notFound && denied?.reason == "ACCOUNT_NOT_FOUND")  // another organization's account
    }
  }
}
