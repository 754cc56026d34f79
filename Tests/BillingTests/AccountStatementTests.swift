import BillingAPI
import GRPCCore
import RPC
import TestSupport
import Testing
import WireCodec

@Suite(
  "Account statement (акт сверки)",
  .enabled(if: TestDatabase.isAvailable, "needs the test PostgreSQL (scripts/test.sh starts it)"))
struct AccountStatementTests {
  @Test(
    "opening balance, debits and credits by value date with running balances, closing balance equal to the account's; pages split lines only"
  )
  func statement() async throws {
    try await BillingTestbed.with(clockAt: .at(2026, 6, 15, 9)) { bed in
      let account = try await bed.fundedAccount()
      let token = try await BillingTestbed.staffToken()
      func pay(_ key: String, _ amount: String, _ date: CalendarDate) async throws {
        _ = try await bed.call(
          BillingContract.postPayment,
          PostPaymentRequest(
            idempotencyKey: key, accountNumber: account.number, amount: money(amount), date: date, payer: "ООО",
            bankReference: key, purpose: "Оплата"), token: token)
      }
      func charge(_ key: String, _ amount: String, _ date: CalendarDate) async throws {
        _ = try await bed.call(
          BillingContract.postCharge,
          PostChargeRequest(
            idempotencyKey: key, accountNumber: account.number, amount: money(amount), serviceCode: "telephony",
            date: date, comment: key), token: token)
      }
      let today = CalendarDate.day(2026, 6, 15)
      let start = CalendarDate(daysSinceEpoch: today.daysSinceEpoch - 40)
      func day(_ offset: Int32) -> CalendarDate { CalendarDate(daysSinceEpoch: start.daysSinceEpoch + offset) }
      try await pay("p0", "1000.00", day(0))  // before the period: the opening balance
      try await charge("c0", "300.10", day(1))  // before the period
      try await charge("c1", "250.25", day(12))
      try await pay("p1", "500.00", day(11))
      try await charge("c2", "99.99", day(12))
      try await pay("p2", "10.01", day(30))

      let periodStart = day(10)
      let full = try await bed.call(
        BillingContract.accountStatement,
        AccountStatementRequest(accountNumber: account.number, from: periodStart, to: today), token: token)
      #expect(full.openingBalance == money("699.90"))
      #expect(full.totalDebit == money("350.24"))
      #expect(full.totalCredit == money("510.01"))
      #expect(full.closingBalance == money("859.67"))
      #expect(full.lines.map(\.purpose) == ["Оплата", "c1", "c2", "Оплата"])
      #expect(full.lines.map(\.date) == [day(11), day(12), day(12), day(30)])
      #expect(full.lines.map(\.debit) == [money("0"), money("250.25"), money("99.99"), money("0")])
      #expect(full.lines.map(\.balanceAfter) == [money("1199.90"), money("949.65"), money("849.66"), money("859.67")])
      #expect(full.customerName == "ООО «Ромашка»")
      #expect(full.closingBalance == (try await bed.balance(account)))

      // Two lines a page: the same lines and balances, the totals unchanged on each page.
      var lines: [StatementLine] = []
      var token2 = ""
      repeat {
        let page = try await bed.call(
          BillingContract.accountStatement,
          AccountStatementRequest(
            accountNumber: account.number, from: periodStart, to: today, page: PageRequest(size: 2, token: token2)),
          token: token)
        #expect(page.closingBalance == full.closingBalance && page.openingBalance == full.openingBalance)
        lines += page.lines
        token2 = page.nextPageToken
      } while !token2.isEmpty
      #expect(lines == full.lines)

      let backwards = await bed.refusal {
        _ = try await bed.call(
          BillingContract.accountStatement,
          AccountStatementRequest(accountNumber: account.number, from: today, to: periodStart), token: token)
      }
      #expect(backwards?.code == .invalidArgument && backwards?.violations["from"] == "PERIOD_INVALID")
      let long = await bed.refusal {
        _ = try await bed.call(
          BillingContract.accountStatement,
          AccountStatementRequest(
            accountNumber: account.number, from: CalendarDate(daysSinceEpoch: today.daysSinceEpoch - 2000), to: today),
          token: token)
      }
      #expect(long?.violations["to"] == "PERIOD_INVALID")
      // Day counts PostgreSQL's date cannot hold are refused before any query.
      for (from, to) in [(Int32.min, Int32.min + 5), (Int32.max - 5, Int32.max), (-30_000, -29_990)] {
        let outside = await bed.refusal {
          _ = try await bed.call(
            BillingContract.accountStatement,
            AccountStatementRequest(
              accountNumber: account.number, from: CalendarDate(daysSinceEpoch: from),
              to: CalendarDate(daysSinceEpoch: to)), token: token)
        }
        #expect(outside?.violations["from"] == "DATE_OUT_OF_RANGE" && outside?.violations["to"] == "DATE_OUT_OF_RANGE")
      }
    }
  }
}
