import BillingAPI
import BillingService
import Foundation
import Logging
import PostgresNIO
import RPC
import Storage
import TestSupport
import Testing
import WireCodec

@Suite(
  "Critical-balance notices",
  .enabled(
    if: TestDatabase.isAvailable && SMTPSink.isAvailable,
    "needs the test PostgreSQL and aiosmtpd (scripts/test.sh provides both)"))
struct CriticalBalanceTests {
  let logger = Logger(label: "test")

  /// Waits until the notice job of `account` for `day` has run, whatever it decided.
  func noticeJobDone(_ bed: BillingTestbed, _ account: Account, _ day: CalendarDate) async throws {
    let key = "\(account.id):\(day)"
    _ = try await bed.eventually("the critical-balance job \(key)") {
      let states = try await bed.sql { connection in
        try await connection.query(
          "SELECT state FROM jobs WHERE kind = 'billing.critical-balance' AND key = \(key)", logger: self.logger
        )
        .decode(String.self).collect()
      }
      return states == ["done"] ? true : nil
    }
  }

  func notices(_ bed: BillingTestbed) async throws -> [String] {
    try await bed.sql { connection in
      try await connection.query(
        """
        SELECT n.on_date, n.balance_minor, COALESCE(i.number, '-') FROM critical_balance_notices n LEFT JOIN invoices i ON i.id = n.invoice_id ORDER BY n.on_date
        """, logger: self.logger
      ).decode((CalendarDate, Int64, String).self).collect().map { "\($0.0) \($0.1) \($0.2)" }
    }
  }

  @Test(
    "a debit to or below the threshold notifies at most once per 5 days; the latest invoice is attached only while no payment has come after it"
  )
  func oncePerFiveDays() async throws {
    try await BillingTestbed.with(clockAt: .at(2026, 5, 20, 9)) { bed in
      let token = try await BillingTestbed.staffToken()
      let customer = try await bed.customer("ООО «Порог»", contract: "КБ-1", email: "crit@example.ru")
      let opened = try await bed.account(for: customer)
      let account = try await bed.call(
        BillingContract.setPaymentTerms,
        SetPaymentTermsRequest(number: opened.number, paymentMode: .prepaid, criticalBalance: money("100.00")),
        token: token)
      #expect(account.criticalBalance == money("100.00"))
      try await bed.pay(account, "1000.00", key: "p1", on: .day(2026, 5, 10))
      try await bed.charge(account, "300.00", key: "may")
      try await bed.live(.day(2026, 6, 1))
      let invoice = try #require(
        try await bed.call(
          BillingContract.listInvoices, ListInvoicesRequest(accountNumber: account.number), token: token
        ).invoices.first)

      // 2 June: 700.00 − 650.00 = 50.00 ≤ 100.00. No payment since the invoice: it is attached.
      bed.clock?.set(.at(2026, 6, 2, 10))
      try await bed.charge(account, "650.00", key: "june-1")
      try await self.noticeJobDone(bed, account, .day(2026, 6, 2))
      let first = try #require(try await bed.mails(to: "crit@example.ru").first)
      #expect(first.subject == "Баланс лицевого счёта \(account.number) достиг критического значения")
      #expect(first.text.contains("50.00 RUB") && first.text.contains(invoice.number))
      let pdf = try await bed.call(
        BillingContract.invoicePDF, InvoiceDocumentRequest(number: invoice.number), token: token)
      #expect(first.attachments.map(\.filename) == ["\(invoice.number).pdf"])
      #expect(first.attachments.first?.contentType == "application/pdf")
      #expect(first.attachments.first?.size == pdf.content.count)

      // 4 June: lower still, but within 5 days of the last notice: nothing.
      bed.clock?.set(.at(2026, 6, 4, 10))
      try await bed.charge(account, "10.00", key: "june-2")
      try await self.noticeJobDone(bed, account, .day(2026, 6, 4))
      // A credit never notifies, and a payment now comes after the invoice.
      bed.clock?.set(.at(2026, 6, 5, 10))
      try await bed.pay(account, "20.00", key: "p2", on: .day(2026, 6, 5))

      // 7 June, 5 days on: notified again, without the invoice.
      bed.clock?.set(.at(2026, 6, 7, 10))
      try await bed.charge(account, "10.00", key: "june-3")
      try await self.noticeJobDone(bed, account, .day(2026, 6, 7))
      let mails = try await bed.mails(to: "crit@example.ru", atLeast: 2)
      #expect(mails.count == 2)
      #expect(mails.last?.attachments.isEmpty == true)
      #expect(mails.last?.text.contains("50.00 RUB") == true && mails.last?.text.contains(invoice.number) == false)
      #expect(try await self.notices(bed) == ["2026-06-02 5000 \(invoice.number)", "2026-06-07 5000 -"])
    }
  }
}
