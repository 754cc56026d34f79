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
  "Monthly invoices, central-bank rates and business-day collections",
  .enabled(
    if: TestDatabase.isAvailable && SMTPSink.isAvailable,
    "needs the test PostgreSQL and aiosmtpd (scripts/test.sh provides both)"))
struct InvoicingTests {
  let logger = Logger(label: "test")

  static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("BillingReferenceDataTests/Fixtures")

  /// A customer of `country` with a EUR account and `amount` charged on 2026-04-15.
  func euroCustomer(
    _ bed: BillingTestbed, _ name: String, country: Country, taxID: String, email: String, charged amount: String
  ) async throws -> Account {
    let token = try await BillingTestbed.staffToken()
    let customer = try await bed.customer(
      name, contract: "Д-\(email.prefix(2))", taxID: taxID, country: country, email: email)
    let account = try await bed.call(
      BillingContract.openAccount, OpenAccountRequest(customerID: customer.id, currency: "EUR", paymentMode: .prepaid),
      token: token)
    _ = try await bed.call(
      BillingContract.postCharge,
      PostChargeRequest(
        idempotencyKey: "april-\(email)", accountNumber: account.number, amount: money(amount),
        serviceCode: "telephony",
        date: .day(2026, 4, 15)), token: token)
    return account
  }

  func status(_ bed: BillingTestbed, _ account: Account) async throws -> AccountStatus {
    try await bed.call(
      BillingContract.getAccount, GetAccountRequest(number: account.number),
      token: try await BillingTestbed.staffToken()
    ).status
  }

  func queuedReminders(_ bed: BillingTestbed, to address: String) async throws -> Int64 {
    try await bed.sql { connection in
      try await connection.query(
        "SELECT count(*) FROM mail_outbox WHERE \(address) = ANY(recipients) AND subject LIKE 'Напоминание об оплате%'",
        logger: self.logger
      ).decode(Int64.self).collect()[0]
    }
  }

  @Test(
    "a May walk-through for a RU and a KZ customer: invoice on the 1st at the bank's rate, reminders on business days 3 and 5, block on day 6, unblock the business day after payment — across the May holidays of each country"
  )
  func monthWalkThrough() async throws {
    try await BillingTestbed.with(clockAt: .at(2026, 4, 20, 9)) { bed in
      let token = try await BillingTestbed.staffToken()
      let ru = try await self.euroCustomer(
        bed, "ООО «Северный ветер»", country: .russia, taxID: "7707083893", email: "ru@example.ru", charged: "1234.56")
      let kz = try await self.euroCustomer(
        bed, "ТОО «Степной ветер»", country: .kazakhstan, taxID: "971240001315", email: "kz@example.kz",
        charged: "1000.04")

      // Rates: the Bank of Russia file of 28.02.2026 as published (Windows-1251), a KZT rate for
      // 1 May by hand, and rates on both sides of the RUB one that must not be used.
      let cbr = try Data(contentsOf: Self.fixtures.appendingPathComponent("cbr-daily-2026-02-28.windows-1251.xml"))
      let imported = try await bed.call(
        BillingContract.importExchangeRates, ImportExchangeRatesRequest(format: .bankOfRussia, file: cbr), token: token)
      #expect(imported.date == .day(2026, 2, 28))
      #expect(imported.quoteCurrency == "RUB")
      for (day, rate) in [(CalendarDate.day(2026, 1, 15), "90.1234"), (.day(2026, 5, 2), "99.9999")] {
        _ = try await bed.call(
          BillingContract.setExchangeRate,
          SetExchangeRateRequest(quoteCurrency: "RUB", currency: "EUR", date: day, rate: money(rate)), token: token)
      }
      _ = try await bed.call(
        BillingContract.setExchangeRate,
        SetExchangeRateRequest(quoteCurrency: "KZT", currency: "EUR", date: .day(2026, 5, 1), rate: money("531.1250")),
        token: token)

      // 1 May (a holiday in both countries): the invoices.
      try await bed.live(.day(2026, 5, 1))
      let ruInvoice = try #require(
        try await bed.call(BillingContract.listInvoices, ListInvoicesRequest(accountNumber: ru.number), token: token)
          .invoices.first)
      #expect(ruInvoice.monthly)
      #expect(ruInvoice.date == .day(2026, 5, 1))
      #expect(ruInvoice.periodStart == .day(2026, 4, 1) && ruInvoice.periodEnd == .day(2026, 4, 30))
      #expect(ruInvoice.amount == money("1234.56") && ruInvoice.currency == "EUR")
      #expect(ruInvoice.localCurrency == "RUB")
      #expect(ruInvoice.rate == money("98.6424"))
      #expect(ruInvoice.rateDate == .day(2026, 2, 28))  // the latest rate on or before 1 May
      #expect(ruInvoice.localAmount == money("121779.96"))  // 1234.56 × 98.6424 = 121779.961344
      #expect(ruInvoice.dueOn == .day(2026, 5, 8))
      #expect(ruInvoice.lines.map(\.serviceCode) == ["telephony"])
      #expect(ruInvoice.number.hasPrefix("NCR-000"))
      let kzInvoice = try #require(
        try await bed.call(BillingContract.listInvoices, ListInvoicesRequest(accountNumber: kz.number), token: token)
          .invoices.first)
      #expect(kzInvoice.localCurrency == "KZT")
      #expect(kzInvoice.rate == money("531.1250") && kzInvoice.rateDate == .day(2026, 5, 1))
      #expect(kzInvoice.localAmount == money("531146.25"))  // 1000.04 × 531.125 = 531146.245: half-up, not to even
      // 7 May (Defender of the Fatherland) and 11 May (Victory Day moved) are off.
      #expect(kzInvoice.dueOn == .day(2026, 5, 12))
      #expect(Set([ruInvoice.number, kzInvoice.number]) == ["NCR-0001", "NCR-0002"])

      // Day by day: what each customer has received and whether the account is blocked.
      // RU: business days 4, 5, 6, 7, 8, 12 May; KZ: 4, 5, 6, 8, 12, 13 May.
      let expected: [(day: Int, ruReminders: Int64, ruBlocked: Bool, kzReminders: Int64, kzBlocked: Bool)] = [
        (4, 0, false, 0, false), (5, 0, false, 0, false), (6, 1, false, 1, false), (7, 1, false, 1, false),
        (8, 2, false, 1, false),
        (9, 2, false, 1, false), (10, 2, false, 1, false), (11, 2, false, 1, false), (12, 2, true, 2, false),
        (13, 2, false, 2, true),
        (14, 2, false, 2, false),
      ]
      for step in expected {
        try await bed.live(.day(2026, 5, step.day))
        #expect(
          try await self.queuedReminders(bed, to: "ru@example.ru") == step.ruReminders,
          "RU reminders on 2026-05-\(step.day)")
        #expect(
          try await self.status(bed, ru) == (step.ruBlocked ? .blocked : .active), "RU status on 2026-05-\(step.day)")
        #expect(
          try await self.queuedReminders(bed, to: "kz@example.kz") == step.kzReminders,
          "KZ reminders on 2026-05-\(step.day)")
        #expect(
          try await self.status(bed, kz) == (step.kzBlocked ? .blocked : .active), "KZ status on 2026-05-\(step.day)")
        // Each pays on the day it is blocked; the payment counts from the next business day.
        if step.day == 12 { try await bed.pay(ru, "1234.56", key: "ru-may", on: .day(2026, 5, 12)) }
        if step.day == 13 { try await bed.pay(kz, "1000.04", key: "kz-may", on: .day(2026, 5, 13)) }
      }
      let paid = try #require(
        try await bed.call(BillingContract.listInvoices, ListInvoicesRequest(accountNumber: ru.number), token: token)
          .invoices.first)
      #expect(paid.paidOn == .day(2026, 5, 13) && paid.paid == money("1234.56"))
      let kzPaid = try #require(
        try await bed.call(BillingContract.listInvoices, ListInvoicesRequest(accountNumber: kz.number), token: token)
          .invoices.first)
      #expect(kzPaid.paidOn == .day(2026, 5, 14))

      // The feed carried the invoices, reminders, blocks and unblocks; the reminders reached the mailbox.
      let events = try await bed.sql { connection in
        try await connection.query("SELECT type, key FROM outbox_events ORDER BY position", logger: self.logger).decode(
          (String, String).self
        ).collect()
      }
      #expect(
        events.filter { $0.1 == ru.number }.map(\.0) == [
          BillingEvents.invoiceIssued.name, BillingEvents.invoiceReminder.name, BillingEvents.invoiceReminder.name,
          BillingEvents.accountBlocked.name,
          BillingEvents.paymentCredited.name, BillingEvents.accountUnblocked.name,
        ])
      #expect(
        events.filter { $0.1 == kz.number }.map(\.0) == [
          BillingEvents.invoiceIssued.name, BillingEvents.invoiceReminder.name, BillingEvents.invoiceReminder.name,
          BillingEvents.accountBlocked.name,
          BillingEvents.paymentCredited.name, BillingEvents.accountUnblocked.name,
        ])
      let mails = try await bed.mails(to: "ru@example.ru", atLeast: 2)
      #expect(
        mails.map(\.subject) == [
          "Напоминание об оплате счёта \(ruInvoice.number)", "Напоминание об оплате счёта \(ruInvoice.number)",
        ])

      // The documents, read by other people's parsers.
      let pdf = try await bed.call(
        BillingContract.invoicePDF, InvoiceDocumentRequest(number: ruInvoice.number), token: token)
      #expect(pdf.mediaType == "application/pdf")
      let text = try await ExternalReader.pdfText(pdf.content)
      for expected in [ruInvoice.number, "ООО «Северный ветер»", "1 234,56", "98,6424", "121 779,96", "7707083893"] {
        #expect(text.contains(expected), "the invoice PDF shows \(expected)")
      }
      let xlsx = try await bed.call(
        BillingContract.exportInvoices, ListInvoicesRequest(accountNumber: kz.number), token: token)
      let cells = try await ExternalReader.spreadsheetCells(xlsx.content)
      #expect(cells.first == ["Счета \(kz.number)"])
      #expect(cells.count == 3)  // title, header, one invoice
      #expect(cells[1].first == "Номер")
      #expect(
        cells[2].prefix(6) == [
          kzInvoice.number, "2026-05-01 00:00:00", "2026-04-01 00:00:00", "2026-04-30 00:00:00", "1000.04", "EUR",
        ])
      #expect(cells[2][7] == "531146.25")
      #expect(cells[2][11] == "2026-05-14 00:00:00")
    }
  }

  @Test(
    "two replicas running the cycle of the 1st at once issue exactly one invoice per account, numbered without gaps; a re-run issues nothing"
  )
  func parallelCycles() async throws {
    try await BillingTestbed.with(clockAt: .at(2026, 4, 20, 9)) { bed in
      let token = try await BillingTestbed.staffToken()
      var accounts: [Account] = []
      for index in 0..<12 {
        let customer = try await bed.customer(
          "ООО «Клиент \(index)»", contract: "Д-\(index)", email: "c\(index)@example.ru")
        let account = try await bed.account(for: customer)
        _ = try await bed.call(
          BillingContract.postCharge,
          PostChargeRequest(
            idempotencyKey: "c-\(index)", accountNumber: account.number, amount: money("\(100 + index).00"),
            serviceCode: "sms",
            date: .day(2026, 4, 10)), token: token)
        accounts.append(account)
      }
      bed.clock?.set(.at(2026, 5, 1, 12))
      var settings = TestDatabase.serverSettings(bed.database)
      settings["abonent.log.level"] = "error"
      try await TestServer.with(BillingService.definition, settings: settings, clock: bed.clock ?? SettableWallClock())
      { secondPort in
        let second = BillingTestbed(port: secondPort, database: bed.database)
        let replies = try await withThrowingTaskGroup(of: RunDailyCycleReply.self) { group in
          for replica in [bed, second, bed, second] {
            group.addTask {
              try await replica.call(
                BillingContract.runDailyCycle, RunDailyCycleRequest(date: .day(2026, 5, 1)), token: token)
            }
          }
          return try await group.reduce(into: [RunDailyCycleReply]()) { $0.append($1) }
        }
        // The nightly job of the same day may have run beside them: count what is stored.
        #expect(replies.reduce(0) { $0 + $1.invoicesIssued } <= 12)
        let rerun = try await second.call(
          BillingContract.runDailyCycle, RunDailyCycleRequest(date: .day(2026, 5, 1)), token: token)
        #expect(rerun.invoicesIssued == 0)
      }
      let stored = try await bed.sql { connection in
        try await connection.query(
          """
          SELECT a.number, count(i.id), min(i.number) FROM accounts a LEFT JOIN invoices i ON i.account_id = a.id GROUP BY a.number
          """, logger: self.logger
        ).decode((String, Int64, String?).self).collect()
      }
      #expect(stored.count == 12)
      #expect(stored.allSatisfy { $0.1 == 1 })
      let numbers: [String] = (1...12).map { index in index < 10 ? "NCR-000\(index)" : "NCR-00\(index)" }
      #expect(Set(stored.compactMap(\.2)) == Set(numbers))
    }
  }

  @Test(
    "rates: the Bank of Russia sample parses with comma decimals and Nominal > 1; the latest earlier rate is used; bad files and rates are refused"
  )
  func rates() async throws {
    try await BillingTestbed.with { bed in
      let token = try await BillingTestbed.staffToken()
      let cbr = try Data(contentsOf: Self.fixtures.appendingPathComponent("cbr-daily-2026-02-28.windows-1251.xml"))
      let imported = try await bed.call(
        BillingContract.importExchangeRates, ImportExchangeRatesRequest(format: .bankOfRussia, file: cbr), token: token)
      #expect(imported.stored == 17)  // every currency of the file: a contract may be in any of them
      #expect(imported.imported.contains("EUR") && imported.imported.contains("JPY") && imported.skipped.isEmpty)
      let kzt = try await bed.call(
        BillingContract.getExchangeRate,
        GetExchangeRateRequest(quoteCurrency: "RUB", currency: "KZT", date: .day(2026, 3, 5)), token: token)
      #expect(kzt.rate == money("0.185734"))  // 18,5734 RUB per 100 KZT
      #expect(kzt.date == .day(2026, 2, 28))
      #expect(kzt.source == "bank-of-russia")
      let none = await bed.refusal {
        _ = try await bed.call(
          BillingContract.getExchangeRate,
          GetExchangeRateRequest(quoteCurrency: "RUB", currency: "EUR", date: .day(2026, 2, 27)), token: token)
      }
      #expect(none?.reason == "RATE_NOT_FOUND")
      let broken = await bed.refusal {
        _ = try await bed.call(
          BillingContract.importExchangeRates, ImportExchangeRatesRequest(format: .bankOfRussia, file: cbr.prefix(200)),
          token: token)
      }
      #expect(broken?.reason == "RATE_FILE_UNREADABLE")
      let bad = await bed.refusal {
        _ = try await bed.call(
          BillingContract.setExchangeRate,
          SetExchangeRateRequest(quoteCurrency: "USD", currency: "EUR", date: .day(2026, 3, 1), rate: money("-1")),
          token: token)
      }
      #expect(bad?.violations["quoteCurrency"] == "QUOTE_CURRENCY_UNSUPPORTED")
      #expect(bad?.violations["rate"] == "RATE_NOT_POSITIVE")

      // The calendar is editable: a new holiday shows up in the year's list.
      _ = try await bed.call(
        BillingContract.setCalendarDay,
        SetCalendarDayRequest(country: .russia, date: .day(2026, 6, 15), working: false, name: "Тестовый выходной"),
        token: try await BillingTestbed.staffToken([BillingPermission.calendarsManage]))
      let june = try await bed.call(
        BillingContract.listCalendar, ListCalendarRequest(country: .russia, year: 2026), token: token)
      #expect(june.covered && june.basis == .decreed)
      #expect(june.days.contains { $0.date == .day(2026, 6, 15) && !$0.working && $0.edited })
      #expect(june.days.contains { $0.date == .day(2026, 6, 12) && !$0.working && !$0.edited })
    }
  }
}
