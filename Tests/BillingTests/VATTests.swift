import BillingAPI
import BillingRules
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
  "VAT, dated: rates per country and date of supply, on invoices, acts, corrections and their documents",
  .enabled(
    if: TestDatabase.isAvailable && SMTPSink.isAvailable,
    "needs the test PostgreSQL and aiosmtpd (scripts/test.sh provides both)"))
struct VATTests {
  let logger = Logger(label: "test")

  static func staffToken() async throws -> String {
    try await BillingTestbed.staffToken()
  }

  /// Every line and every total adds up: net + VAT = gross, to the minor unit; the lines' sums
  /// are the invoice's net, VAT and amount, and the per-rate totals add up to them too.
  func expectAddsUp(_ invoice: Invoice, sourceLocation: SourceLocation = #_sourceLocation) {
    for line in invoice.lines {
      #expect(
        line.net + line.vat == line.amount, "line \(line.serviceCode) of \(invoice.number)",
        sourceLocation: sourceLocation)
    }
    let lineSums = invoice.lines.reduce((ExactDecimal.zero, ExactDecimal.zero, ExactDecimal.zero)) {
      ($0.0 + $1.net, $0.1 + $1.vat, $0.2 + $1.amount)
    }
    let rateSums = invoice.vatTotals.reduce((ExactDecimal.zero, ExactDecimal.zero, ExactDecimal.zero)) {
      ($0.0 + $1.net, $0.1 + $1.vat, $0.2 + $1.gross)
    }
    #expect(invoice.net + invoice.vat == invoice.amount, "\(invoice.number)", sourceLocation: sourceLocation)
    #expect(lineSums == (invoice.net, invoice.vat, invoice.amount), "\(invoice.number)", sourceLocation: sourceLocation)
    #expect(rateSums == (invoice.net, invoice.vat, invoice.amount), "\(invoice.number)", sourceLocation: sourceLocation)
    for total in invoice.vatTotals {
      #expect(
        total.net + total.vat == total.gross, "\(invoice.number) at \(total.rate) %", sourceLocation: sourceLocation)
    }
  }

  func invoice(_ bed: BillingTestbed, _ account: Account, period start: CalendarDate) async throws -> Invoice {
    let invoices = try await bed.call(
      BillingContract.listInvoices, ListInvoicesRequest(accountNumber: account.number),
      token: try await Self.staffToken())
    return try #require(
      invoices.invoices.first { $0.periodStart == start }, "the invoice of \(start) for \(account.number)")
  }

  func line(_ invoice: Invoice, _ service: String) throws -> InvoiceItem {
    try #require(invoice.lines.first { $0.serviceCode == service }, "\(service) on \(invoice.number)")
  }

  @Test(
    "must-show 6: December 2025 invoices carry 20 % (RU) and 12 % (KZ), January 2026 ones 22 % and 16 %; prices without VAT are charged with it; net + VAT = gross on every line and total; the PDF and XLSX show it; a correction of December keeps 20 % and shows the VAT difference"
  )
  func datedRates() async throws {
    try await BillingTestbed.with(clockAt: .at(2025, 12, 10, 9)) { bed in
      let token = try await Self.staffToken()
      for (code, name) in [("telephony", "Телефония"), ("hosting", "Хостинг")] {
        _ = try await bed.call(
          BillingContract.createService, CreateServiceRequest(code: code, name: name, description: name), token: token)
      }
      let ruCustomer = try await bed.customer("ООО «Ставка»", contract: "НДС-1", email: "ru@example.ru")
      let kzCustomer = try await bed.customer(
        "ТОО «Ставка»", contract: "НДС-2", taxID: "971240001315", country: .kazakhstan, email: "kz@example.kz")
      let ru = try await bed.account(for: ruCustomer)
      let kz = try await bed.call(
        BillingContract.openAccount,
        OpenAccountRequest(customerID: kzCustomer.id, currency: "KZT", paymentMode: .prepaid), token: token)

      // Hosting is priced without VAT: 1 000.00 a month plus the VAT of the day.
      var subscriptions: [String] = []
      for (account, country, currency) in [(ru, Country.russia, "RUB"), (kz, Country.kazakhstan, "KZT")] {
        let tariff = try await bed.call(
          BillingContract.createTariff,
          CreateTariffRequest(
            serviceCode: "hosting", name: "Хостинг \(currency)", country: country, currency: currency,
            price: money("1000.00"), period: .monthly,
            vatInclusion: .excluded), token: token)
        #expect(tariff.vatInclusion == .excluded)
        try await bed.pay(account, "100000.00", key: "funds-\(currency)", on: .day(2025, 12, 10))
        let subscription = try await bed.call(
          BillingContract.createSubscription,
          CreateSubscriptionRequest(accountNumber: account.number, tariffID: tariff.id), token: token)
        #expect(subscription.tariff.vatInclusion == .excluded)
        _ = try await bed.call(
          BillingContract.activateSubscription, ChangeSubscriptionRequest(subscriptionID: subscription.id), token: token
        )
        subscriptions.append(subscription.id)
        // Telephony usage is priced with VAT (today's meaning of a charge).
        _ = try await bed.call(
          BillingContract.postCharge,
          PostChargeRequest(
            idempotencyKey: "dec-\(currency)", accountNumber: account.number, amount: money("1234.57"),
            serviceCode: "telephony",
            date: .day(2025, 12, 10)), token: token)
      }
      let charged = { (account: Account) async throws -> [ExactDecimal] in
        try await bed.call(
          BillingContract.listTransactions,
          ListTransactionsRequest(
            accountNumber: account.number, serviceCode: "hosting", kinds: [.charge], order: .oldestFirst),
          token: token
        ).entries.map(\.amount)
      }
      #expect(try await charged(ru) == [money("-1200.00")], "1 000.00 + 20 % on 10 December 2025")
      #expect(try await charged(kz) == [money("-1120.00")], "1 000.00 + 12 % on 10 December 2025")

      // 1 January 2026: January's hosting is charged at the new rates; December is invoiced at December's.
      try await bed.live(.day(2026, 1, 1))
      #expect(try await charged(ru) == [money("-1200.00"), money("-1220.00")])
      #expect(try await charged(kz) == [money("-1120.00"), money("-1160.00")])

      let ruDecember = try await self.invoice(bed, ru, period: .day(2025, 12, 1))
      let kzDecember = try await self.invoice(bed, kz, period: .day(2025, 12, 1))
      #expect(ruDecember.date == .day(2026, 1, 1) && ruDecember.amount == money("2434.57"))
      #expect(try self.line(ruDecember, "hosting").vatRate == money("20"))
      #expect(
        try self.line(ruDecember, "hosting").net == money("1000.00")
          && self.line(ruDecember, "hosting").vat == money("200.00"))
      // 1 234.57 × 20 / 120 = 205.7616… → 205.76.
      #expect(
        try self.line(ruDecember, "telephony").vat == money("205.76")
          && self.line(ruDecember, "telephony").net == money("1028.81"))
      #expect(
        ruDecember.vatTotals == [
          VatTotal(rate: money("20"), net: money("2028.81"), vat: money("405.76"), gross: money("2434.57"))
        ])
      #expect(kzDecember.lines.map(\.vatRate) == [money("12"), money("12")])
      // 1 234.57 × 12 / 112 = 132.2753… → 132.28.
      #expect(
        try self.line(kzDecember, "hosting").vat == money("120.00")
          && self.line(kzDecember, "telephony").vat == money("132.28"))
      #expect(
        kzDecember.vatTotals == [
          VatTotal(rate: money("12"), net: money("2102.29"), vat: money("252.28"), gross: money("2354.57"))
        ])

      // January's usage, invoiced on 1 February 2026 at 22 % and 16 %.
      bed.clock?.set(.at(2026, 1, 15, 9))
      for (account, currency) in [(ru, "RUB"), (kz, "KZT")] {
        _ = try await bed.call(
          BillingContract.postCharge,
          PostChargeRequest(
            idempotencyKey: "jan-\(currency)", accountNumber: account.number, amount: money("1234.57"),
            serviceCode: "telephony",
            date: .day(2026, 1, 15)), token: token)
      }
      try await bed.live(.day(2026, 2, 1))
      let ruJanuary = try await self.invoice(bed, ru, period: .day(2026, 1, 1))
      let kzJanuary = try await self.invoice(bed, kz, period: .day(2026, 1, 1))
      #expect(ruJanuary.lines.map(\.vatRate) == [money("22"), money("22")])
      // 1 234.57 × 22 / 122 = 222.6273… → 222.63; hosting 1 220.00 = 1 000.00 + 220.00.
      #expect(
        try self.line(ruJanuary, "hosting").net == money("1000.00")
          && self.line(ruJanuary, "hosting").vat == money("220.00"))
      #expect(
        try self.line(ruJanuary, "telephony").vat == money("222.63")
          && self.line(ruJanuary, "telephony").net == money("1011.94"))
      #expect(kzJanuary.lines.map(\.vatRate) == [money("16"), money("16")])
      // 1 234.57 × 16 / 116 = 170.2855… → 170.29.
      #expect(
        try self.line(kzJanuary, "hosting").vat == money("160.00")
          && self.line(kzJanuary, "telephony").vat == money("170.29"))
      #expect(
        kzJanuary.vatTotals == [
          VatTotal(rate: money("16"), net: money("2064.28"), vat: money("330.29"), gross: money("2394.57"))
        ])
      for invoice in [ruDecember, kzDecember, ruJanuary, kzJanuary] { self.expectAddsUp(invoice) }

      // The PDFs, read back by pdftotext: the VAT columns, the rate and the VAT included.
      for (invoice, currency, rate, vat) in [
        (ruDecember, "RUB", "20 %", "405,76"), (ruJanuary, "RUB", "22 %", "442,63"),
        (kzDecember, "KZT", "12 %", "252,28"), (kzJanuary, "KZT", "16 %", "330,29"),
      ] {
        let pdf = try await bed.call(
          BillingContract.invoicePDF, InvoiceDocumentRequest(number: invoice.number), token: token)
        let text = try await ExternalReader.pdfText(pdf.content)
        for fragment in [
          "Суммы в \(currency)", "Без НДС", "Ставка", "С НДС", rate,
          "В том числе НДС \(rate), \(currency): \(vat)", printed(invoice.net), printed(invoice.amount),
        ] {
          #expect(text.contains(fragment), "«\(fragment)» in the PDF of \(invoice.number):\n\(text)")
        }
      }

      // The workbook: VAT columns per invoice, and every line with its rate on the second sheet.
      let xlsx = try await bed.call(
        BillingContract.exportInvoices, ListInvoicesRequest(accountNumber: ru.number), token: token)
      let sheets = try await Self.sheets(xlsx.content)
      #expect(sheets.count == 2)
      let invoices = try #require(sheets.first)
      #expect(invoices[0].suffix(3) == ["Сумма без НДС", "Сумма НДС", "Ставки НДС"])
      #expect(
        invoices.dropFirst().map { Array($0.suffix(3)) } == [
          ["2011.94", "442.63", "22 %"], ["2028.81", "405.76", "20 %"],
        ])
      let lines = try #require(sheets.last)
      #expect(
        lines[0] == [
          "Счёт", "Дата", "Услуга", "Наименование", "Ставка НДС, %", "Сумма без НДС", "Сумма НДС", "Сумма с НДС",
          "Валюта",
        ])
      #expect(
        lines.dropFirst().map { [$0[0], $0[2], $0[4], $0[5], $0[6], $0[7]] } == [
          // openpyxl reads numbers: 1000.00 comes back as 1000.0.
          [ruJanuary.number, "hosting", "22", "1000.0", "220.0", "1220.0"],
          [ruJanuary.number, "telephony", "22", "1011.94", "222.63", "1234.57"],
          [ruDecember.number, "hosting", "20", "1000.0", "200.0", "1200.0"],
          [ruDecember.number, "telephony", "20", "1028.81", "205.76", "1234.57"],
        ])

      // 5 February 2026: December's telephony corrected to 1 000.00. The rate is December's
      // supply's, 20 % — not the 22 % in force when the correction is made.
      bed.clock?.set(.at(2026, 2, 5, 9))
      let correction = try await bed.call(
        BillingContract.createCorrection,
        CreateCorrectionRequest(
          correctedNumber: ruDecember.number,
          lines: [CorrectionLineChange(serviceCode: "telephony", amount: money("1000.00"))], reason: "Перерасчёт"),
        token: token)
      let item = try #require(correction.lines.first)
      #expect(item.vatRate == money("20"))
      #expect((item.netBefore, item.vatBefore, item.before) == (money("1028.81"), money("205.76"), money("1234.57")))
      #expect((item.netAfter, item.vatAfter, item.after) == (money("833.33"), money("166.67"), money("1000.00")))
      #expect(
        (item.netDifference, item.vatDifference, item.difference) == (
          money("-195.48"), money("-39.09"), money("-234.57")
        ))
      #expect(item.netDifference + item.vatDifference == item.difference)
      #expect(
        correction.vatTotalsDifference == [
          VatTotal(rate: money("20"), net: money("-195.48"), vat: money("-39.09"), gross: money("-234.57"))
        ])
      #expect(
        correction.vatTotalsBefore.map(\.gross) == [money("1234.57")]
          && correction.vatTotalsAfter.map(\.vat) == [money("166.67")])
      let pdf = try await bed.call(
        BillingContract.correctionPDF, CorrectionRequest(number: correction.number), token: token)
      let text = try await ExternalReader.pdfText(pdf.content)
      for fragment in [
        "до изменения", "после изменения", "разница", "Суммы в RUB", "Ставка", "Без НДС", "С НДС", "20 %", "1 028,81",
        "205,76",
        "833,33", "166,67", "−195,48", "−39,09", "−234,57", "Изменение суммы, RUB: −234,57",
        "в том числе НДС, RUB: −39,09",
      ] {
        #expect(text.contains(fragment), "«\(fragment)» in the correction PDF:\n\(text)")
      }
      #expect(!text.contains("22 %"), "the correction does not use January's rate")
    }
  }

  @Test(
    "an act takes the rate of its own date: a prepayment invoice of 29 December 2025 at 20 %, paid and acted in 2026 at 22 %"
  )
  func actRate() async throws {
    try await BillingTestbed.with(clockAt: .at(2025, 12, 29, 9)) { bed in
      let token = try await Self.staffToken()
      _ = try await bed.call(
        BillingContract.createService, CreateServiceRequest(code: "hosting", name: "Хостинг"), token: token)
      let account = try await bed.account(
        for: try await bed.customer("ООО «Аванс»", contract: "А-1", email: "a@example.ru"))
      let invoice = try await bed.call(
        BillingContract.requestPrepaymentInvoice,
        RequestPrepaymentInvoiceRequest(
          accountNumber: account.number, serviceCode: "hosting", amount: money("1220.00"), idempotencyKey: "adv-1"),
        token: token)
      #expect(
        invoice.lines.map(\.vatRate) == [money("20")] && invoice.vat == money("203.33")
          && invoice.net == money("1016.67"))
      // Paid on Sunday 11 January 2026; credited from the next business day, when the act is made.
      bed.clock?.set(.at(2026, 1, 11, 9))
      try await bed.pay(account, "1220.00", key: "adv-pay", on: .day(2026, 1, 11))
      try await bed.live(.day(2026, 1, 12))
      try await bed.live(.day(2026, 1, 13))
      let act = try await bed.eventually("the act") {
        try await bed.call(BillingContract.listActs, ListActsRequest(accountNumber: account.number), token: token).acts
          .first
      }
      #expect(act.date >= .day(2026, 1, 1) && act.vatRate == money("22"))
      #expect(act.vat == money("220.00") && act.net == money("1000.00") && act.net + act.vat == act.amount)
      let text = try await ExternalReader.pdfText(
        try await bed.call(BillingContract.actPDF, ActDocumentRequest(number: act.number), token: token).content)
      for fragment in [
        "Суммы в RUB", "Без НДС", "Ставка", "С НДС", "22 %", "1 000,00", "220,00", "В том числе НДС 22 %, RUB: 220,00",
      ] {
        #expect(text.contains(fragment), "«\(fragment)» in the act PDF:\n\(text)")
      }
    }
  }

  @Test(
    "the rate table: shipped rates, paged and by country; staff set a rate from a date with a reason and the change is kept; bad input changes nothing"
  )
  func rateTable() async throws {
    try await BillingTestbed.with(clockAt: .at(2026, 3, 2, 9)) { bed in
      let token = try await Self.staffToken()
      let shipped = try await bed.call(BillingContract.listVatRates, ListVatRatesRequest(), token: token).rates
      #expect(
        shipped.map { "\($0.country.rawValue)|\($0.effectiveFrom)|\($0.rate)" } == [
          "1|2019-01-01|20", "1|2026-01-01|22", "2|2009-01-01|12", "2|2026-01-01|16", "3|1970-01-01|0",
        ])
      #expect(shipped.allSatisfy { $0.setBy == "migration 114" && !$0.reason.isEmpty })
      let page = try await bed.call(
        BillingContract.listVatRates, ListVatRatesRequest(page: PageRequest(size: 2)), token: token)
      #expect(page.rates.count == 2 && !page.nextPageToken.isEmpty)
      let rest = try await bed.call(
        BillingContract.listVatRates, ListVatRatesRequest(page: PageRequest(size: 5, token: page.nextPageToken)),
        token: token)
      #expect(page.rates + rest.rates == shipped && rest.nextPageToken.isEmpty)
      let kazakh = try await bed.call(
        BillingContract.listVatRates, ListVatRatesRequest(country: .kazakhstan), token: token
      ).rates
      #expect(kazakh.map(\.rate) == [money("12"), money("16")])

      // Refusals change nothing.
      let denied = await bed.refusal {
        _ = try await bed.call(
          BillingContract.setVatRate,
          SetVatRateRequest(country: .russia, effectiveFrom: .day(2027, 1, 1), rate: money("25"), reason: "x"),
          token: try await BillingTestbed.staffToken(
            BillingTestbed.allPermissions.filter { $0 != BillingPermission.vatRatesManage }))
      }
      #expect(
        denied?.code == .permissionDenied && denied?.message.contains(BillingPermission.vatRatesManage.name) == true)
      for (request, field, reason) in [
        (
          SetVatRateRequest(country: .russia, effectiveFrom: .day(2027, 1, 1), rate: money("100.01"), reason: "x"),
          "rate", "VAT_RATE_INVALID"
        ),
        (
          SetVatRateRequest(country: .russia, effectiveFrom: .day(2027, 1, 1), rate: money("-1"), reason: "x"), "rate",
          "VAT_RATE_INVALID"
        ),
        (
          SetVatRateRequest(country: .russia, effectiveFrom: .day(2027, 1, 1), rate: money("20.005"), reason: "x"),
          "rate", "VAT_RATE_INVALID"
        ),
        (
          SetVatRateRequest(country: .russia, effectiveFrom: .day(2027, 1, 1), rate: money("20"), reason: "  "),
          "reason", "REQUIRED"
        ),
        (SetVatRateRequest(effectiveFrom: .day(2027, 1, 1), rate: money("20"), reason: "x"), "country", "REQUIRED"),
      ] {
        let refused = await bed.refusal { _ = try await bed.call(BillingContract.setVatRate, request, token: token) }
        #expect(refused?.code == .invalidArgument && refused?.violations[field] == reason, "\(request)")
      }
      #expect(try await bed.call(BillingContract.listVatRates, ListVatRatesRequest(), token: token).rates == shipped)

      // A new rate from a date, then replaced: both kept in the history with old and new rates.
      let set = try await bed.call(
        BillingContract.setVatRate,
        SetVatRateRequest(
          country: .kazakhstan, effectiveFrom: .day(2027, 1, 1), rate: money("12.5"), reason: "Закон РК (пример)"),
        token: token)
      #expect(set.rate == money("12.5") && set.setBy == "staff-1")
      _ = try await bed.call(
        BillingContract.setVatRate,
        SetVatRateRequest(
          country: .kazakhstan, effectiveFrom: .day(2027, 1, 1), rate: money("18"), reason: "Исправление опечатки"),
        token: token)
      let now = try await bed.call(
        BillingContract.listVatRates, ListVatRatesRequest(country: .kazakhstan), token: token
      ).rates
      #expect(now.map(\.rate) == [money("12"), money("16"), money("18")])
      let changes = try await bed.call(
        BillingContract.listVatRateChanges, ListVatRateChangesRequest(country: .kazakhstan), token: token
      ).changes
      #expect(changes.map(\.newRate) == [money("12"), money("16"), money("12.5"), money("18")])
      #expect(changes.map(\.oldRate) == [nil, nil, nil, money("12.5")])
      #expect(
        changes.suffix(2).map(\.changedBy) == ["staff-1", "staff-1"] && changes.last?.reason == "Исправление опечатки")
      let firstPage = try await bed.call(
        BillingContract.listVatRateChanges, ListVatRateChangesRequest(page: PageRequest(size: 3)), token: token)
      let secondPage = try await bed.call(
        BillingContract.listVatRateChanges,
        ListVatRateChangesRequest(page: PageRequest(size: 10, token: firstPage.nextPageToken)), token: token)
      #expect(firstPage.changes.count == 3 && secondPage.changes.count == 4 && secondPage.nextPageToken.isEmpty)

      // A tariff without a VAT setting keeps today's meaning: its price includes VAT.
      _ = try await bed.call(
        BillingContract.createService, CreateServiceRequest(code: "sms", name: "SMS"), token: token)
      let plain = try await bed.call(
        BillingContract.createTariff,
        CreateTariffRequest(
          serviceCode: "sms", name: "SMS", country: .russia, currency: "RUB", price: money("100.00"), period: .oneTime),
        token: token)
      #expect(plain.vatInclusion == .included)
      let listed = try await bed.call(BillingContract.listServices, ListServicesRequest(), token: token).services
        .flatMap(\.tariffs)
      #expect(listed.map(\.vatInclusion) == [.included])
    }
  }

  /// Every sheet of a workbook as openpyxl reads it: rows of strings (`None` for empty).
  static func sheets(_ xlsx: Data) async throws -> [[[String]]] {
    let script = """
      import json, sys, openpyxl
      book = openpyxl.load_workbook(sys.argv[1])
      print(json.dumps([[[None if c is None else str(c) for c in row] for row in sheet.iter_rows(values_only=True)] for sheet in book.worksheets]))
      """
    let json = try await ExternalReader.withFile(xlsx, suffix: ".xlsx") {
      try await ExternalReader.run("python3", ["-c", script, $0])
    }
    let parsed = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[[Any]]] ?? []
    return parsed.map { $0.map { $0.map { ($0 as? String) ?? "None" } } }
  }
}

/// An amount as the documents print it (`1 234,57`), for finding it in a PDF's text.
private func printed(_ amount: ExactDecimal) -> String {
  let text = amount.description
  let negative = text.hasPrefix("-")
  let parts = (negative ? String(text.dropFirst()) : text).split(separator: ".", maxSplits: 1)
  var whole = ""
  for (index, character) in parts[0].reversed().enumerated() {
    if index > 0, index % 3 == 0 { whole.insert(" ", at: whole.startIndex) }
    whole.insert(character, at: whole.startIndex)
  }
  return (negative ? "−" : "") + whole + (parts.count > 1 ? "," + parts[1] : "")
}

extension ExactDecimal {
  /// Exact sum, for checking that amounts add up (test amounts are far inside 64 bits).
  fileprivate static func + (lhs: ExactDecimal, rhs: ExactDecimal) -> ExactDecimal {
    let scale = max(lhs.scale, rhs.scale)
    func units(_ value: ExactDecimal) -> Int64 {
      (0..<(scale - value.scale)).reduce(value.units) { units, _ in units * 10 }
    }
    return ExactDecimal(units: units(lhs) + units(rhs), scale: scale)
  }
}
