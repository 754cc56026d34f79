import BillingRules
import Testing
import WireCodec

/// The postpaid month-end decision without a database (seed 003 §3.5).
@Suite("Postpaid credit at the month end")
struct PostpaidCreditTests {
  static func day(_ text: String) -> CalendarDate { CalendarDate(iso8601: text)! }
  static let monthEnd = day("2026-05-31")

  static func position(realized: Int64, paid: Int64, virtual: Int64 = 0) -> PostpaidCredit.Position {
    PostpaidCredit.Position(realizedMinor: realized, paidMinor: paid, virtualMinor: virtual)
  }

  @Test("paid to the kopeck: renewed; one kopeck short: closed, taking back the top-ups")
  func renewOrClose() {
    let paid = PostpaidCredit.monthEnd(
      on: Self.monthEnd, postpaid: true, postpaidSince: Self.day("2026-01-10"), creditClosed: false,
      position: Self.position(realized: 150_000, paid: 150_000, virtual: 20_000))
    #expect(paid == .renewed)
    let short = PostpaidCredit.monthEnd(
      on: Self.monthEnd, postpaid: true, postpaidSince: Self.day("2026-01-10"), creditClosed: false,
      position: Self.position(realized: 150_000, paid: 149_999, virtual: 20_000))
    #expect(short == .closed(debtMinor: 1, takeBackMinor: 20_000))
  }

  @Test("top-ups are not payments: a debt covered only by top-ups still closes the credit")
  func topUpsDoNotPay() {
    let decision = PostpaidCredit.monthEnd(
      on: Self.monthEnd, postpaid: true, postpaidSince: nil, creditClosed: false,
      position: Self.position(realized: 10_000, paid: 0, virtual: 50_000))
    #expect(decision == .closed(debtMinor: 10_000, takeBackMinor: 50_000))
  }

  @Test("not checked: another day, a prepaid account, a credit already closed; skipped the day it became postpaid")
  func notChecked() {
    let owing = Self.position(realized: 10_000, paid: 0)
    #expect(
      PostpaidCredit.monthEnd(
        on: Self.day("2026-05-30"), postpaid: true, postpaidSince: nil, creditClosed: false, position: owing)
        == .notChecked)
    #expect(
      PostpaidCredit.monthEnd(
        on: Self.monthEnd, postpaid: false, postpaidSince: nil, creditClosed: false, position: owing) == .notChecked)
    #expect(
      PostpaidCredit.monthEnd(
        on: Self.monthEnd, postpaid: true, postpaidSince: nil, creditClosed: true, position: owing) == .notChecked)
    #expect(
      PostpaidCredit.monthEnd(
        on: Self.monthEnd, postpaid: true, postpaidSince: Self.monthEnd, creditClosed: false, position: owing)
        == .skippedNewPostpaid)
  }

  @Test("month ends across a leap February and December")
  func monthEnds() {
    #expect(
      Self.day("2028-02-29").isMonthEnd && !Self.day("2028-02-28").isMonthEnd && Self.day("2027-02-28").isMonthEnd)
    #expect(Self.day("2026-12-31").isMonthEnd && Self.day("2026-12-31").firstOfMonth == Self.day("2026-12-01"))
  }

  @Test("a closed credit comes back once real payments cover the debt, not before")
  func restores() {
    #expect(!PostpaidCredit.restores(Self.position(realized: 10_000, paid: 9_999, virtual: 1_000_000)))
    #expect(PostpaidCredit.restores(Self.position(realized: 10_000, paid: 10_000)))
  }
}
