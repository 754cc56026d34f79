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
  "On-demand prepayment invoices and acts of services rendered",
  .enabled(
    if: TestDatabase.isAvailable && SMTPSink.isAvailable,
    "needs the test PostgreSQL and aiosmtpd (scripts/test.sh provides both)"))
struct PrepaymentInvoiceTests {
  let logger = Logger(label: "test")

  @Test(
    "a customer picks a service, tariff and amount and gets a prepayment invoice; each payment credited to it gets an act; it is never chased"
  )
  func prepaymentAndActs() async throws {
    try await BillingTestbed.with(clockAt: .at(2026, 6, 8, 9)) { bed in
      let staff = try await BillingTestbed.staffToken()
      let organization = UUID().uuidString.lowercased()
      let customer = try await bed.customer(
        "ООО «Такси»", contract: "Т-1", organization: organization, email: "taxi@example.ru")
      let account = try await bed.account(for: customer)
      let token = try await BillingTestbed.customerToken(
        organization: organization,
        permissions: [
          BillingPermission.invoicesRequest, BillingPermission.invoicesRead, BillingPermission.accountsRead,
        ])
      _ = try await bed.call(
        BillingContract.createService, CreateServiceRequest(code: "taxi-app", name: "Такси-приложение"), token: staff)
      let tariff = try await bed.call(
        BillingContract.createTariff,
        CreateTariffRequest(
          serviceCode: "taxi-app", name: "Стандарт", country: .russia, currency: "RUB", price: money("1000.00"),
          period: .monthly),
        token: staff)
      let kzTariff = try await bed.call(
        BillingContract.createTariff,
        CreateTariffRequest(
          serviceCode: "taxi-app", name: "Стандарт KZ", country: .kazakhstan, currency: "KZT", price: money("5000.00"),
          period: .monthly),
        token: staff)

      let request = RequestPrepaymentInvoiceRequest(
        accountNumber: account.number, serviceCode: "taxi-app", tariffID: tariff.id, amount: money("1500.00"),
        idempotencyKey: "doc-1")
      let invoice = try await bed.call(BillingContract.requestPrepaymentInvoice, request, token: token)
      #expect(invoice.kind == .prepayment && invoice.number == "NCR-0001" && invoice.date == .day(2026, 6, 8))
      #expect(invoice.amount == money("1500.00") && invoice.dueOn == nil)
      // 1 500.00 × 22 / 122 = 270.4918… → 270.49 of VAT in it, at the rate of the issue day.
      #expect(
        invoice.lines == [
          InvoiceItem(
            serviceCode: "taxi-app", description: "Предоплата: Такси-приложение — Стандарт", amount: money("1500.00"),
            vatRate: money("22"),
            net: money("1229.51"), vat: money("270.49"))
        ])
      #expect(
        try await bed.call(BillingContract.requestPrepaymentInvoice, request, token: token) == invoice,
        "a retry returns the same invoice")
      let documents = try await bed.call(
        BillingContract.listInvoices, ListInvoicesRequest(accountNumber: account.number), token: token)
      #expect(documents.invoices.map(\.number) == [invoice.number])

      // Refusals change nothing.
      // (request, field or "", reason)
      for (bad, field, reason) in [
        (
          RequestPrepaymentInvoiceRequest(
            accountNumber: account.number, serviceCode: "taxi-app", tariffID: kzTariff.id, amount: money("1.00"),
            idempotencyKey: "b1"),
          "tariffID", "CURRENCY_MISMATCH"
        ),
        (
          RequestPrepaymentInvoiceRequest(
            accountNumber: account.number, serviceCode: "nothing", amount: money("1.00"), idempotencyKey: "b2"),
          "", "SERVICE_NOT_FOUND"
        ),
        (
          RequestPrepaymentInvoiceRequest(
            accountNumber: account.number, serviceCode: "taxi-app", amount: money("0"), idempotencyKey: "b3"),
          "amount", "AMOUNT_NOT_POSITIVE"
        ),
      ] {
        let refused = await bed.refusal {
          _ = try await bed.call(BillingContract.requestPrepaymentInvoice, bad, token: token)
        }
        #expect((field.isEmpty ? refused?.reason : refused?.violations[field]) == reason, "\(bad.idempotencyKey)")
      }
      let stranger = try await BillingTestbed.customerToken(
        organization: UUID().uuidString.lowercased(), permissions: [BillingPermission.invoicesRequest])
      let denied = await bed.refusal {
        _ = try await bed.call(BillingContract.requestPrepaymentInvoice, request, token: stranger)
      }
      #expect(denied?.code == .notFound && denied?.reason == "ACCOUNT_NOT_FOUND")  // another organization's account
      #expect(
        try await bed.call(
          BillingContract.listInvoices, ListInvoicesRequest(accountNumber: account.number), token: staff
        ).invoices.count == 1)

      // 1 000.00 paid on Monday 8 June counts from the next business day: an act for it.
      try await bed.pay(account, "1000.00", key: "pay-1", on: .day(2026, 6, 8))
      try await bed.live(.day(2026, 6, 9))
      let firstAct = try await bed.call(
        BillingContract.listActs, ListActsRequest(accountNumber: account.number), token: token
      ).acts
      #expect(
        firstAct == [
          ServiceAct(
            number: "ACT-0001", accountNumber: account.number, invoiceNumber: invoice.number, date: .day(2026, 6, 9),
            amount: money("1000.00"),
            currency: "RUB", serviceCode: "taxi-app", description: "Предоплата: Такси-приложение — Стандарт",
            vatRate: money("22"), net: money("819.67"), vat: money("180.33"))
        ])  // 1 000.00 × 22 / 122, the rate of 9 June 2026

      // Business day 6 after the issue date (12 June is a holiday): a monthly invoice would block now; this one is not chased.
      try await bed.live(.day(2026, 6, 16))
      #expect(
        try await bed.call(BillingContract.getAccount, GetAccountRequest(number: account.number), token: staff).status
          == .active)
      let chased = try await bed.sql { connection in
        try await connection.query("SELECT count(*) FROM collection_steps", logger: self.logger).decode(Int64.self)
          .collect()[0]
      }
      #expect(chased == 0)

      // The rest, paid: a second act, and the invoice is paid.
      try await bed.pay(account, "500.00", key: "pay-2", on: .day(2026, 6, 16))
      try await bed.live(.day(2026, 6, 17))
      let paid = try #require(
        try await bed.call(
          BillingContract.listInvoices, ListInvoicesRequest(accountNumber: account.number), token: token
        ).invoices.first)
      #expect(paid.paid == money("1500.00") && paid.paidOn == .day(2026, 6, 17))
      let page = try await bed.call(
        BillingContract.listActs, ListActsRequest(accountNumber: account.number, page: PageRequest(size: 1)),
        token: token)
      #expect(
        page.acts.map(\.number) == ["ACT-0002"] && page.acts.first?.amount == money("500.00")
          && !page.nextPageToken.isEmpty)
      let next = try await bed.call(
        BillingContract.listActs,
        ListActsRequest(accountNumber: account.number, page: PageRequest(size: 1, token: page.nextPageToken)),
        token: token)
      #expect(next.acts.map(\.number) == ["ACT-0001"] && next.nextPageToken.isEmpty)
      let june17 = try await bed.call(
        BillingContract.listActs, ListActsRequest(accountNumber: account.number, from: .day(2026, 6, 17)), token: token)
      #expect(june17.acts.map(\.number) == ["ACT-0002"])

      // The act as a PDF, read back by pdftotext; another organization's customer cannot have it.
      let pdf = try await bed.call(BillingContract.actPDF, ActDocumentRequest(number: "ACT-0001"), token: token)
      let text = try await ExternalReader.pdfText(pdf.content)
      for fragment in [
        "Акт об оказании услуг № ACT-0001 от 09.06.2026", "ООО «Такси»", "оплата по счёту № NCR-0001 от 08.06.2026",
        "Предоплата: Такси-приложение — Стандарт", "Итого, RUB: 1 000,00",
      ] {
        #expect(text.contains(fragment), "\(fragment) in the act PDF")
      }
      let foreign = await bed.refusal {
        _ = try await bed.call(BillingContract.actPDF, ActDocumentRequest(number: "ACT-0001"), token: stranger)
      }
      // Refused naming the permission it lacks.
      #expect(
        foreign?.code == .permissionDenied && foreign?.message.contains(BillingPermission.invoicesRead.name) == true)
      let missing = await bed.refusal {
        _ = try await bed.call(BillingContract.actPDF, ActDocumentRequest(number: "ACT-9999"), token: staff)
      }
      #expect(missing?.reason == "ACT_NOT_FOUND")
    }
  }
}
