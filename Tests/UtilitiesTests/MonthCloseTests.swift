import BillingAPI
import Foundation
import GRPCCore
import RPC
import TestSupport
import Testing
import UtilitiesAPI
import UtilitiesService
import WireCodec

@Suite(
  "Utilities: month close, breakdown, Billing postings, reconciliation",
  .enabled(
    if: TestDatabase.isAvailable && SMTPSink.isAvailable,
    "needs the test PostgreSQL and aiosmtpd (scripts/test.sh provides both)"))
struct MonthCloseTests {
  func close(_ port: Int, _ year: Int32, _ month: Int32) async throws -> CloseMonthReply {
    try await UtilitiesTestbed.Replica(port: port).call(
      UtilitiesContract.closeMonth, CloseMonthRequest(year: year, month: month),
      token: try await UtilitiesTestbed.staffToken())
  }

  /// The charges Billing holds for `account`, oldest first.
  func charges(_ bed: UtilitiesTestbed, _ account: String) async throws -> [LedgerEntry] {
    try await bed.billing.call(
      BillingContract.listTransactions,
      ListTransactionsRequest(accountNumber: account, kinds: [.charge], order: .oldestFirst), token: bed.billing.staff
    ).entries
  }

  func breakdown(_ bed: UtilitiesTestbed, _ year: Int32, _ month: Int32) async throws -> ChargeBreakdown {
    try await bed.call(
      UtilitiesContract.chargeBreakdown, ChargeBreakdownRequest(contractNumber: "2666", year: year, month: month),
      token: try await UtilitiesTestbed.staffToken())
  }

  @Test(
    "a contract with 2 accounts × (water + sewer): the seed's layout, VAT 12 % for December 2025 and 16 % for January 2026, exact sums, the PDF as pdftotext reads it, posted to Billing once through repeated closes and two replicas, estimates trued up, and the statement's closing balance equal to Billing's"
  )
  func monthClose() async throws {
    try await UtilitiesTestbed.with(clockAt: .almatyNoon(2025, 12, 10)) { bed in
      try await bed.seedTariffs()
      let organization = UUID().uuidString
      try await bed.contract(
        "2666", payer: "ТОО «Ромашка»", accounts: ["00009177", "00010129"], organization: organization)
      let coldA = try await bed.meter("00009177", factory: "12223773", initial: "00000100.000")
      let hotA = try await bed.meter("00009177", water: .hot, factory: "12223774", initial: "0")
      let coldB = try await bed.meter("00010129", factory: "99887766", initial: "0")
      let customer = try await UtilitiesTestbed.customerToken(organization: organization)
      _ = try await bed.call(
        UtilitiesContract.setInvoiceNotice,
        SetInvoiceNoticeRequest(enabled: true, email: "buh@romashka.kz"), token: customer)

      _ = try await bed.submit("00009177", [(coldA, "00000145.554"), (hotA, "10")], token: customer)
      _ = try await bed.submit("00010129", [(coldB, "12")], token: customer)
      // December is not over yet.
      let early = await bed.refusal { _ = try await self.close(bed.port, 2025, 12) }
      #expect(early?.reason == "MONTH_NOT_ENDED")

      bed.setDay(.day(2026, 1, 5))
      let december = try await self.close(bed.port, 2025, 12)
      #expect(december.accountsCharged == 2 && december.failures.isEmpty && december.metersEstimated == 0)
      let dec = try await self.breakdown(bed, 2025, 12)
      #expect(dec.monthName == "Декабрь" && dec.contractNumber == "2666" && dec.payer == "ТОО «Ромашка»")
      #expect(dec.rows.map(\.position) == [1, 0, 2, 0])
      #expect(dec.rows.map(\.accountNumber) == ["00009177", "", "00010129", ""])
      #expect(dec.rows.map(\.service) == [.water, .sewer, .water, .sewer])
      #expect(
        dec.rows.map(\.recipient) == [
          "ГКП «Водоканал»", "ГКП «Водоотведение»", "ГКП «Водоканал»", "ГКП «Водоотведение»",
        ])
      #expect(dec.rows.map(\.tariffGroup) == [3, 0, 3, 0])
      #expect(dec.rows.map(\.cubicMetres) == ["45.554", "55.554", "12", "12"].map(tenge))
      #expect(dec.rows.map(\.tariff) == ["197.02", "204.5", "197.02", "204.5"].map(tenge))
      #expect(dec.rows.map(\.vatPercent) == ["12", "0", "12", "0"].map(tenge))
      #expect(dec.rows.map(\.net) == ["8975.05", "11360.79", "2364.24", "2454.00"].map(tenge))
      #expect(dec.rows.map(\.vat) == ["1077.01", "1363.29", "283.71", "294.48"].map(tenge))
      #expect(dec.rows.map(\.sum) == ["10052.06", "12724.08", "2647.95", "2748.48"].map(tenge))
      #expect(dec.total == tenge("28172.57"))

      let pdf = try await bed.call(
        UtilitiesContract.chargeBreakdownPDF, ChargeBreakdownRequest(contractNumber: "2666", year: 2025, month: 12),
        token: customer)
      let text = try await ExternalReader.pdfText(pdf.content)
      for expected in [
        "Расшифровка по получателям", "Год: 2025", "Месяц: Декабрь", "Договор: №2666", "Плательщик: ТОО «Ромашка»",
        "Лицевой счёт", "Тар. гр.", "М. куб", "Сумма, тг", "00009177", "ГКП «Водоотведение»", "45.554", "197.02",
        "10052.06", "12724.08", "Итог", "28172.57",
      ] {
        #expect(text.contains(expected), "the PDF lacks «\(expected)»:\n\(text)")
      }

      // Posted to Billing, dated the month's last day; a second close adds nothing.
      try await eventually("December's charges in Billing") {
        let a = try await self.charges(bed, "00009177").count
        let b = try await self.charges(bed, "00010129").count
        return a == 2 && b == 2
      }
      #expect(Set(try await self.charges(bed, "00009177").map(\.amount)) == Set(["-10052.06", "-12724.08"].map(tenge)))
      #expect(try await self.charges(bed, "00009177").map(\.date) == [.day(2025, 12, 31), .day(2025, 12, 31)])
      let again = try await self.close(bed.port, 2025, 12)
      #expect(again.accountsCharged == 0 && again.accountsAlreadyClosed == 2)

      // The subscribed contract got the breakdown by mail.
      let mail = try await bed.sink.eventuallyMail(to: "buh@romashka.kz", subject: "Декабрь 2025")
      #expect(mail.attachments.map(\.contentType) == ["application/pdf"])
      #expect(mail.text.contains("28172.57"))
      // «Отправить отчет на почту» to another address, on request.
      let sent = try await bed.call(
        UtilitiesContract.sendChargeBreakdown,
        SendChargeBreakdownRequest(
          breakdown: ChargeBreakdownRequest(year: 2025, month: 12), email: "director@romashka.kz"), token: customer)
      #expect(sent.email == "director@romashka.kz")
      let requested = try await bed.sink.eventuallyMail(to: "director@romashka.kz", subject: "Декабрь 2025")
      #expect(requested.attachments.first?.size == pdf.content.count)

      // January: B reads, A does not (its meters are estimated); closed by two replicas at once.
      bed.setDay(.day(2026, 1, 20))
      _ = try await bed.submit("00010129", [(coldB, "20")], token: customer)
      bed.setDay(.day(2026, 2, 3))
      let replies = try await bed.withReplicaResult { second in
        async let one = self.close(bed.port, 2026, 1)
        async let two = self.close(second, 2026, 1)
        return try await [one, two]
      }
      #expect(replies.map(\.accountsCharged).reduce(0, +) == 2)
      #expect(replies.map(\.accountsAlreadyClosed).reduce(0, +) == 2)
      let jan = try await self.breakdown(bed, 2026, 1)
      #expect(jan.rows.map(\.vatPercent) == ["16", "0", "16", "0"].map(tenge))
      #expect(jan.rows.map(\.cubicMetres) == ["45.554", "55.554", "8", "8"].map(tenge))
      #expect(jan.rows.map(\.estimated) == [true, true, false, false])
      #expect(jan.rows.map(\.sum) == ["10411.06", "13178.52", "1828.35", "1897.76"].map(tenge))
      #expect(jan.total == tenge("27315.69"))
      try await eventually("January's charges in Billing") {
        let a = try await self.charges(bed, "00009177").count
        let b = try await self.charges(bed, "00010129").count
        return a == 4 && b == 4
      }

      // February: A's real cold reading trues the estimate up (54.446 used since December's
      // reading, 45.554 of it billed in January as an estimate).
      bed.setDay(.day(2026, 2, 20))
      _ = try await bed.submit("00009177", [(coldA, "200")], confirmed: true, token: customer)
      bed.setDay(.day(2026, 3, 2))
      _ = try await self.close(bed.port, 2026, 2)
      let feb = try await self.breakdown(bed, 2026, 2)
      #expect(feb.rows.prefix(2).map(\.cubicMetres) == ["8.892", "18.892"].map(tenge))
      #expect(feb.rows.prefix(2).map(\.sum) == ["2032.2", "4481.56"].map(tenge))

      // A payment, then the reconciliation statement: its closing balance is Billing's balance.
      _ = try await bed.billing.call(
        BillingContract.postPayment,
        PostPaymentRequest(
          idempotencyKey: "pay-1", accountNumber: "00009177", amount: tenge("20000.00"), date: .day(2026, 1, 10),
          payer: "ТОО «Ромашка»", bankReference: "п/п 1", purpose: "Оплата за воду"), token: bed.billing.staff)
      try await eventually("February's charges in Billing") { try await self.charges(bed, "00009177").count == 6 }
      let statement = try await bed.call(
        UtilitiesContract.reconciliation,
        ReconciliationRequest(accountNumber: "00009177", from: .day(2025, 12, 1)), token: customer)
      let balance = try await bed.billing.call(
        BillingContract.getAccount, GetAccountRequest(number: "00009177"), token: bed.billing.staff
      ).balance
      #expect(statement.closingBalance == balance)
      #expect(statement.openingBalance == tenge("0"))
      #expect(statement.totalCharged == tenge("52879.48"))
      #expect(statement.totalPaid == tenge("20000"))
      #expect(statement.closingBalance == tenge("-32879.48"))
      #expect(statement.lines.map(\.date).first == .day(2025, 12, 31))
      #expect(statement.lines.contains { $0.description == "Оплата за воду" && $0.paid == tenge("20000") })
      let statementPDF = try await bed.call(
        UtilitiesContract.reconciliationPDF,
        ReconciliationRequest(accountNumber: "00009177", from: .day(2025, 12, 1)), token: customer)
      let statementText = try await ExternalReader.pdfText(statementPDF.content)
      #expect(statementText.contains("Акт сверки взаиморасчетов") && statementText.contains("-32879.48"))
      let state = try await bed.call(UtilitiesContract.settlementState, SettlementStateRequest(), token: customer)
      #expect(state.accounts.map(\.accountNumber) == ["00009177", "00010129"])
      #expect(state.accounts.first?.balance == balance)
    }
  }
}

extension UtilitiesTestbed {
  /// Another Utilities server, called like the first.
  struct Replica: RunningServer {
    let port: Int
  }

  func withReplicaResult<Result: Sendable>(_ body: @Sendable (Int) async throws -> Result) async throws -> Result {
    try await TestServer.with(
      UtilitiesService.definition, settings: self.settings, clock: self.clock, body: body)
  }
}

extension SMTPSink {
  /// The first mail to `address` whose subject contains `subject`, waiting up to 90 s.
  func eventuallyMail(to address: String, subject: String) async throws -> ReceivedMail {
    let deadline = ContinuousClock.now + .seconds(90)
    while ContinuousClock.now < deadline {
      if let mail = try self.received().first(where: { $0.rcptTos.contains(address) && $0.subject.contains(subject) }) {
        return mail
      }
      try await Task.sleep(for: .milliseconds(100))
    }
    throw MailMissing(description: "no mail to \(address) about «\(subject)»")
  }
}

/// Polls `probe` every 100 ms until it is true, for at most 90 s; records an issue if it never is.
func eventually(_ what: String, _ probe: () async throws -> Bool) async throws {
  let deadline = ContinuousClock.now + .seconds(90)
  while ContinuousClock.now < deadline {
    if try await probe() { return }
    try await Task.sleep(for: .milliseconds(100))
  }
  Issue.record("timed out waiting for \(what)")
}

struct MailMissing: Error, CustomStringConvertible {
  let description: String
}
