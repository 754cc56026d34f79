import BillingAPI
import GRPCCore
import Logging
import RPC
import TestSupport
import Testing
import WireCodec

@testable import BillingService

@Suite(
  "Payment purposes over RPC",
  .enabled(
    if: TestDatabase.isAvailable && SMTPSink.isAvailable,
    "needs the test PostgreSQL and aiosmtpd (scripts/test.sh provides both)"))
struct PurposeMatchingTests {
  func line(
    _ reference: String, _ amount: String, _ purpose: String, currency: String = "RUB",
    date: CalendarDate = .day(2026, 5, 6)
  ) -> BankPaymentLine {
    BankPaymentLine(
      bankReference: reference, date: date, amount: money(amount), currency: currency, payer: "ООО Плательщик",
      payerTaxID: "7707083893",
      purpose: purpose)
  }

  @Test(
    "a euro invoice paid in roubles (seed 000): the converted amount credits the invoice's euros; another amount goes at the invoice's rate"
  )
  func localCurrencyPayment() async throws {
    try await BillingTestbed.with(clockAt: .at(2026, 4, 20, 9)) { bed in
      let token = try await BillingTestbed.staffToken()
      let customer = try await bed.customer("ООО «Евро»", contract: "E-77", email: "euro@example.ru")
      let account = try await bed.call(
        BillingContract.openAccount,
        OpenAccountRequest(customerID: customer.id, currency: "EUR", paymentMode: .prepaid), token: token)
      _ = try await bed.call(
        BillingContract.postCharge,
        PostChargeRequest(
          idempotencyKey: "april", accountNumber: account.number, amount: money("47.94"), serviceCode: "telephony",
          date: .day(2026, 4, 15)), token: token)
      _ = try await bed.call(
        BillingContract.setExchangeRate,
        SetExchangeRateRequest(quoteCurrency: "RUB", currency: "EUR", date: .day(2026, 4, 30), rate: money("96.8827")),
        token: token)
      try await bed.live(.day(2026, 5, 1))
      let invoice = try #require(
        try await bed.call(
          BillingContract.listInvoices, ListInvoicesRequest(accountNumber: account.number), token: token
        ).invoices.first)
      #expect(invoice.localAmount == money("4644.56"))  // 47.94 × 96.8827 = 4644.556638
      try await bed.live(.day(2026, 5, 6))

      let exact = try await bed.call(
        BillingContract.postBankPayment,
        PostBankPaymentRequest(
          line: self.line("1", "4644.56", "Оплата по счету \(invoice.number) от 01.05.2026, сумма 4 644,56 руб.")),
        token: token)
      #expect(exact.outcome == .credited && exact.accountNumber == account.number)
      #expect(exact.note.contains("invoice \(invoice.number)") && exact.note.contains("RUB"))
      let entries = try await bed.call(
        BillingContract.listTransactions, ListTransactionsRequest(accountNumber: account.number, kinds: [.payment]),
        token: token
      ).entries
      #expect(entries.map(\.amount) == [money("47.94")])
      #expect(entries.first?.currency == "EUR")

      // 1000.00 RUB / 96.8827 = 10.3217… → 10.32 EUR.
      let other = try await bed.call(
        BillingContract.postBankPayment,
        PostBankPaymentRequest(line: self.line("2", "1000.00", "доплата по счёту \(invoice.number)")), token: token)
      #expect(other.outcome == .credited)
      let read = try await bed.call(BillingContract.getAccount, GetAccountRequest(number: account.number), token: token)
      #expect(read.balance == money("10.32"))
    }
  }

  @Test("an invoice number wins over a contract number; a purpose fitting two accounts goes to suspense naming both")
  func precedenceAndAmbiguity() async throws {
    try await BillingTestbed.with(clockAt: .at(2026, 5, 6, 9)) { bed in
      let token = try await BillingTestbed.staffToken()
      let first = try await bed.account(for: try await bed.customer("ООО Первое", contract: "555"))
      let second = try await bed.account(for: try await bed.customer("ООО Второе", contract: "777"))
      for (account, number) in [(first, "INV-1"), (second, "INV-2")] {
        _ = try await bed.call(
          BillingContract.issueInvoice,
          IssueInvoiceRequest(
            accountNumber: account.number, number: number, amount: money("100.00"), date: .day(2026, 5, 1)),
          token: token)
      }
      let byInvoice = try await bed.call(
        BillingContract.postBankPayment,
        PostBankPaymentRequest(line: self.line("10", "100.00", "по договору 555 оплата счета INV-2")), token: token)
      #expect(byInvoice.outcome == .credited && byInvoice.accountNumber == second.number)
      #expect(byInvoice.note == "invoice INV-2")

      let dated = try await bed.call(
        BillingContract.postBankPayment,
        PostBankPaymentRequest(line: self.line("11", "100.00", "Оплата от 05.05.2026 по договору 777, 555.00 руб.")),
        token: token)
      #expect(dated.outcome == .credited && dated.accountNumber == second.number)

      let both = try await bed.call(
        BillingContract.postBankPayment,
        PostBankPaymentRequest(line: self.line("12", "200.00", "Оплата счетов INV-1 и INV-2")), token: token)
      #expect(both.outcome == .suspense)
      #expect(both.note.contains(first.number) && both.note.contains(second.number))
      let suspense = try await bed.call(BillingContract.listSuspense, ListSuspenseRequest(), token: token)
      let item = try #require(suspense.items.first { $0.id == both.suspenseID })
      #expect(
        item.history.first?.comment.contains("INV-1") == true && item.history.first?.comment.contains("INV-2") == true)
    }
  }
}
