import BillingAPI
import GRPCCore
import Logging
import PostgresNIO
import RPC
import Storage
import TestSupport
import Testing
import WireCodec

@testable import BillingService

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// The defect classes of the acceptance run: invoice numbering, tax ids by country, date
/// windows, rate files, field names, idempotency scopes, phone search.
@Suite(
  "Input rules over RPC",
  .enabled(
    if: TestDatabase.isAvailable && SMTPSink.isAvailable,
    "needs the test PostgreSQL and aiosmtpd (scripts/test.sh provides both)"))
struct InputRulesTests {
  let logger = Logger(label: "test")

  @Test(
    "hand-given numbers stay out of the automatic series; legacy NCR-0134 imports below invoiceSeriesStart; monthly invoicing goes on after both"
  )
  func numbering() async throws {
    try await BillingTestbed.with(clockAt: .at(2026, 4, 20, 9), settings: ["abonent.billing.invoiceSeriesStart": "135"])
    { bed in
      let token = try await BillingTestbed.staffToken()
      let account = try await bed.fundedAccount()
      func issue(_ number: String) async throws -> Invoice {
        try await bed.call(
          BillingContract.issueInvoice,
          IssueInvoiceRequest(
            accountNumber: account.number, number: number, amount: money("10.00"), date: .day(2026, 4, 1)),
          token: token)
      }
      #expect(try await issue("NCR-0134").number == "NCR-0134")
      for taken in ["NCR-0135", "ncr-0200", "NCR-00136", "UKD-0001", "ACT-7"] {
        let refused = await bed.refusal { _ = try await issue(taken) }
        #expect(refused?.violations == ["number": "NUMBER_IN_AUTOMATIC_SERIES"], "\(taken)")
      }
      let series = await bed.refusal { _ = try await issue("NCR-0500") }
      #expect(series?.message.contains("NCR-0135") == true && series?.message.contains("invoiceSeriesStart") == true)
      #expect(try await issue("NCR-01A").number == "NCR-01A")
      #expect(try await issue("").number.hasPrefix("СЧ-"))

      // A number of the series that a hand-given invoice took before the rule (written straight
      // into the table here) is skipped, not fatal for everyone.
      try await bed.sql { connection in
        _ = try await connection.query(
          """
          INSERT INTO invoices (number, account_id, amount_minor, issued_on, created_at)
          VALUES ('NCR-0135', \(UUID(uuidString: account.id)!), 100, '2026-04-01', now())
          """, logger: self.logger)
      }
      try await bed.charge(account, "100.00", key: "april")
      let other = try await bed.account(for: try await bed.customer("ООО Второй", contract: "N-2"))
      try await bed.charge(other, "50.00", key: "april-2")
      try await bed.live(.day(2026, 5, 1))
      let numbers = try await bed.sql { connection in
        try await connection.query(
          "SELECT number FROM invoices WHERE kind = 'monthly' ORDER BY number", logger: self.logger
        )
        .decode(String.self).collect()
      }
      #expect(numbers == ["NCR-0136", "NCR-0137"])
    }
  }

  @Test("a Russian customer's INN by Russian rules only, a Kazakh customer's IIN/BIN by Kazakh rules only")
  func taxIDsByCountry() async throws {
    try await BillingTestbed.with { bed in
      // 7707083893: a Russian company INN. 971240001315: a Kazakh BIN. 500100732259: a Russian
      // person's INN. Each is valid by its own country's rule only.
      _ = try await bed.customer("ООО Рус", contract: "T-1", taxID: "7707083893", country: .russia)
      _ = try await bed.customer("ТОО Каз", contract: "T-2", taxID: "971240001315", country: .kazakhstan)
      _ = try await bed.customer("ИП Рус", contract: "T-3", kind: .individual, taxID: "500100732259", country: .russia)
      let kazakhForRussian = await bed.refusal {
        _ = try await bed.customer("ООО Ошибка", contract: "T-4", taxID: "971240001315", country: .russia)
      }
      #expect(kazakhForRussian?.violations == ["details.taxID": "TAX_ID_WRONG_COUNTRY"])
      #expect(kazakhForRussian?.message.contains("Kazakh") == true)
      let russianForKazakh = await bed.refusal {
        _ = try await bed.customer("ТОО Ошибка", contract: "T-5", taxID: "7707083893", country: .kazakhstan)
      }
      #expect(russianForKazakh?.violations == ["details.taxID": "TAX_ID_WRONG_COUNTRY"])
      let neither = await bed.refusal {
        _ = try await bed.customer("ТОО Ошибка", contract: "T-7", taxID: "971240001316", country: .kazakhstan)
      }
      #expect(neither?.violations == ["details.taxID": "TAX_ID_INVALID"])
      let personForKazakh = await bed.refusal {
        _ = try await bed.customer(
          "ТОО Ошибка", contract: "T-6", kind: .individual, taxID: "500100732259", country: .kazakhstan)
      }
      #expect(personForKazakh?.violations == ["details.taxID": "TAX_ID_WRONG_COUNTRY"])
    }
  }

  @Test("payment and charge dates: the window's edges are accepted, one day past either is refused")
  func dateWindow() async throws {
    try await BillingTestbed.with(clockAt: .at(2026, 6, 10, 9), settings: ["abonent.billing.valueDateDaysBack": "30"]) {
      bed in
      let token = try await BillingTestbed.staffToken()
      let account = try await bed.fundedAccount()
      func pay(_ date: CalendarDate, _ key: String) async throws {
        _ = try await bed.call(
          BillingContract.postPayment,
          PostPaymentRequest(idempotencyKey: key, accountNumber: account.number, amount: money("1.00"), date: date),
          token: token)
      }
      try await pay(.day(2026, 6, 11), "ahead")  // today + 1 (valueDateDaysAhead, default 1)
      try await pay(.day(2026, 5, 11), "back")  // today − 30
      let future = await bed.refusal { try await pay(.day(2026, 6, 12), "too-far") }
      #expect(future?.violations == ["date": "DATE_IN_FUTURE"])
      let years = await bed.refusal { try await pay(.day(2029, 6, 12), "years") }
      #expect(years?.violations == ["date": "DATE_IN_FUTURE"])
      let old = await bed.refusal { try await pay(.day(2026, 5, 10), "too-old") }
      #expect(old?.violations == ["date": "DATE_TOO_OLD"])
      let line = BankPaymentLine(
        bankReference: "9", date: .day(2027, 1, 1), amount: money("5.00"), payer: "X", purpose: "Д-100")
      let bank = await bed.refusal {
        _ = try await bed.call(BillingContract.postBankPayment, PostBankPaymentRequest(line: line), token: token)
      }
      #expect(bank?.violations == ["line.date": "DATE_IN_FUTURE"])
      let charge = await bed.refusal {
        _ = try await bed.call(
          BillingContract.postCharge,
          PostChargeRequest(
            idempotencyKey: "c", accountNumber: account.number, amount: money("1.00"), serviceCode: "x",
            date: .day(2026, 6, 12)),
          token: token)
      }
      #expect(charge?.violations == ["date": "DATE_IN_FUTURE"])
      let read = try await bed.call(BillingContract.getAccount, GetAccountRequest(number: account.number), token: token)
      #expect(read.balance == money("2.00"))
    }
  }

  @Test(
    "rate files: every published currency stored and listed, what is skipped said with why; a yen contract converts by its own digits"
  )
  func rateFiles() async throws {
    try await BillingTestbed.with(clockAt: .at(2026, 4, 20, 9)) { bed in
      let token = try await BillingTestbed.staffToken()
      let cbr = try Data(contentsOf: InvoicingTests.fixtures.appendingPathComponent("cbr-daily-2026-02-28.utf-8.xml"))
      let imported = try await bed.call(
        BillingContract.importExchangeRates, ImportExchangeRatesRequest(format: .bankOfRussia, file: cbr), token: token)
      #expect(
        Set(imported.imported) == [
          "AUD", "AZN", "GBP", "AMD", "BYN", "HUF", "VND", "HKD", "USD", "EUR", "IDR", "KZT", "KGS", "CNY", "TJS",
          "UZS", "JPY",
        ])
      #expect(imported.stored == 17 && imported.skipped.isEmpty)
      let odd = Data(
        """
        <?xml version="1.0" encoding="utf-8"?><ValCurs Date="01.03.2026" name="Foreign Currency Market">\
        <Valute ID="R1"><CharCode>XDR</CharCode><Nominal>1</Nominal><Value>110,5000</Value></Valute>\
        <Valute ID="R2"><CharCode>RUB</CharCode><Nominal>1</Nominal><Value>1,0000</Value></Valute>\
        <Valute ID="R3"><CharCode>X1</CharCode><Nominal>1</Nominal><Value>2,0000</Value></Valute></ValCurs>
        """.utf8)
      let report = try await bed.call(
        BillingContract.importExchangeRates, ImportExchangeRatesRequest(format: .bankOfRussia, file: odd), token: token)
      #expect(report.imported == ["XDR"])
      #expect(
        report.skipped == [
          SkippedRate(currency: "RUB", reason: "QUOTE_CURRENCY"),
          SkippedRate(currency: "X1", reason: "NOT_A_CURRENCY_CODE"),
        ])

      // 1000 yen at 55.4023 roubles per 100 yen (0.5540 per yen, 4 decimals) is 554.00 roubles.
      let customer = try await bed.customer("ООО Иена", contract: "J-1")
      let account = try await bed.call(
        BillingContract.openAccount,
        OpenAccountRequest(customerID: customer.id, currency: "JPY", paymentMode: .prepaid), token: token)
      _ = try await bed.call(
        BillingContract.postCharge,
        PostChargeRequest(
          idempotencyKey: "yen", accountNumber: account.number, amount: money("1000"), serviceCode: "telephony",
          date: .day(2026, 4, 15)),
        token: token)
      let fractional = await bed.refusal {
        _ = try await bed.call(
          BillingContract.postCharge,
          PostChargeRequest(
            idempotencyKey: "sen", accountNumber: account.number, amount: money("0.5"), serviceCode: "x"),
          token: token)
      }
      #expect(fractional?.violations == ["amount": "AMOUNT_PRECISION"])
      try await bed.live(.day(2026, 5, 1))
      let invoice = try #require(
        try await bed.call(
          BillingContract.listInvoices, ListInvoicesRequest(accountNumber: account.number), token: token
        ).invoices.first)
      #expect(
        invoice.amount == money("1000") && invoice.rate == money("0.5540") && invoice.localAmount == money("554.00"))
    }
  }

  @Test("the same idempotency key from two callers posts twice, each replayed only to its own caller")
  func idempotencyScopes() async throws {
    try await BillingTestbed.with { bed in
      let staff = try await BillingTestbed.staffToken()
      let telecom = try await TestTokens.make(
        audience: "abonent-billing", permissions: [BillingPermission.chargesPost], userID: "svc-telecom",
        organizationID: nil, kind: .service)
      let isp = try await TestTokens.make(
        audience: "abonent-billing", permissions: [BillingPermission.chargesPost], userID: "svc-isp",
        organizationID: nil, kind: .service)
      let account = try await bed.fundedAccount()
      func charge(_ token: String, _ amount: String) async throws -> PostingReply {
        try await bed.call(
          BillingContract.postCharge,
          PostChargeRequest(
            idempotencyKey: "2026-06-usage", accountNumber: account.number, amount: money(amount),
            serviceCode: "traffic"), token: token)
      }
      let first = try await charge(telecom, "10.00")
      let second = try await charge(isp, "20.00")  // a different amount, the same key: not a conflict
      #expect(!first.replayed && !second.replayed && first.entry.id != second.entry.id)
      #expect(try await charge(telecom, "10.00").entry.id == first.entry.id)
      #expect(try await charge(isp, "20.00").entry.id == second.entry.id)
      let reused = await bed.refusal { _ = try await charge(telecom, "30.00") }
      #expect(reused?.reason == "IDEMPOTENCY_KEY_REUSED")
      let staffCharge = try await charge(staff, "5.00")
      #expect(!staffCharge.replayed)
      let read = try await bed.call(BillingContract.getAccount, GetAccountRequest(number: account.number), token: staff)
      #expect(read.balance == money("-35.00"))
    }
  }

  @Test("customers are found by a contact phone however it is spelled")
  func phoneSearch() async throws {
    try await BillingTestbed.with { bed in
      let token = try await BillingTestbed.staffToken()
      let found = try await bed.customer("ООО Телефон", contract: "P-1")  // phone +7 495 000-00-00
      for spelling in [
        "+7 495 000-00-00", "8 (495) 000-00-00", "84950000000", "7-495-000-0000", "4950000000", "+74950000000",
        "8-495-000 00 00",
      ] {
        let reply = try await bed.call(
          BillingContract.searchCustomers, SearchCustomersRequest(phone: spelling), token: token)
        #expect(reply.customers.map(\.id) == [found.id], "\(spelling)")
      }
      let none = try await bed.call(
        BillingContract.searchCustomers, SearchCustomersRequest(phone: "+7 495 000-00-01"), token: token)
      #expect(none.customers.isEmpty)
      let bad = await bed.refusal {
        _ = try await bed.call(BillingContract.searchCustomers, SearchCustomersRequest(phone: "звоните"), token: token)
      }
      #expect(bad?.violations == ["phone": "PHONE_INVALID"])
    }
  }

  @Test("field violations name fields as Describe does")
  func violationFieldsExist() async throws {
    try await BillingTestbed.with { bed in
      let token = try await BillingTestbed.staffToken()
      let account = try await bed.fundedAccount()
      let far = CalendarDate.day(2099, 1, 1)
      // One bad request per method, each with several bad fields, nested ones included.
      let attempts: [(String, @Sendable () async throws -> Void)] = [
        (
          "CreateCustomer",
          {
            _ = try await bed.call(
              BillingContract.createCustomer,
              CreateCustomerRequest(
                details: CustomerDetails(name: "", taxID: "1", contractNumber: "", phone: "x", organizationID: "y")),
              token: token)
          }
        ),
        (
          "PostPayment",
          {
            _ = try await bed.call(
              BillingContract.postPayment,
              PostPaymentRequest(idempotencyKey: "", accountNumber: account.number, amount: money("0.001"), date: far),
              token: token)
          }
        ),
        (
          "PostBankPayment",
          {
            _ = try await bed.call(
              BillingContract.postBankPayment,
              PostBankPaymentRequest(
                line: BankPaymentLine(bankReference: "", date: far, amount: money("-1"), currency: "XXX")), token: token
            )
          }
        ),
        (
          "PostCharges",
          {
            _ = try await bed.call(
              BillingContract.postCharges,
              PostChargesRequest(charges: [
                UsageCharge(usageID: "", accountNumber: account.number, amount: money("1"), serviceCode: "", date: far)
              ]),
              token: token)
          }
        ),
        (
          "CreateCommissionScale",
          {
            _ = try await bed.call(
              BillingContract.createCommissionScale,
              CreateCommissionScaleRequest(
                commissionType: "", currency: "RUB", bands: [CommissionBand(from: money("-1"), percent: money("200"))]),
              token: token)
          }
        ),
        (
          "SetPaymentTerms",
          {
            _ = try await bed.call(
              BillingContract.setPaymentTerms,
              SetPaymentTermsRequest(
                number: account.number, paymentMode: .prepaid, creditLimit: money("99999999999999999"),
                criticalBalance: money("0.001")),
              token: token)
          }
        ),
        (
          "SearchCustomers",
          {
            _ = try await bed.call(BillingContract.searchCustomers, SearchCustomersRequest(phone: "нет"), token: token)
          }
        ),
      ]
      let describe = try await bed.call(PlatformContract.describe, DescribeRequest())
      for (method, attempt) in attempts {
        let violations = try #require(await bed.refusal(attempt), "\(method)").violations
        #expect(!violations.isEmpty, "\(method)")
        let requestName = try #require(describe.services.flatMap(\.methods).first { $0.name == method }?.request)
        for field in violations.keys {
          #expect(
            Self.resolves(field, in: requestName, describe), "\(method): «\(field)» is no field of \(requestName)")
        }
      }
    }
  }

  /// Whether `path` (`details.taxID`, `charges[0].amount`) names a field of `message`.
  static func resolves(_ path: String, in message: String, _ describe: DescribeReply) -> Bool {
    var current = message
    for (index, part) in path.split(separator: ".").enumerated() {
      let name = part.split(separator: "[").first.map(String.init) ?? ""
      guard let schema = describe.messages.first(where: { $0.name == current }),
        let field = schema.fields.first(where: { $0.name == name })
      else {
        return false
      }
      if index < path.split(separator: ".").count - 1 {
        guard field.type.type.hasPrefix("message:") else { return false }
        current = String(field.type.type.dropFirst("message:".count))
      }
    }
    return true
  }
}

@Suite("Phone numbers and tax ids, without a database")
struct ContactRulesTests {
  @Test(
    "phones in E.164",
    arguments: [
      ("+7 495 000-00-00", "+74950000000"), ("8 (495) 000-00-00", "+74950000000"), ("7 701 123 45 67", "+77011234567"),
      ("4950000000", "+74950000000"), ("00 49 30 1234567", "+49301234567"), ("810 49 30 1234567", "+49301234567"),
      ("+44 20 7946 0958", "+442079460958"),
    ])
  func phones(text: String, e164: String) {
    #expect(PhoneNumber.e164(text) == e164)
  }

  @Test(
    "not phones",
    arguments: ["", "12345", "+0 123 456 789", "+7 495 ABC", "8 495 000 00 00 00 00", "+7+495", "телефон"])
  func notPhones(text: String) {
    #expect(PhoneNumber.e164(text) == nil)
  }

  @Test("tax ids by country")
  func taxIDs() {
    #expect(TaxID.check("7707083893", country: .russia) == .valid)
    #expect(TaxID.check("971240001315", country: .kazakhstan) == .valid)
    #expect(TaxID.check("971240001315", country: .russia) == .otherCountry(.kazakhstan))
    #expect(TaxID.check("500100732259", country: .kazakhstan) == .otherCountry(.russia))
    #expect(TaxID.check("7707083893", country: .kazakhstan) == .otherCountry(.russia))
    #expect(TaxID.check("7707083894", country: .russia) == .invalid)
  }
}
