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
  "Corrections (УКД): the chain, automatic and manual write-offs, drafts and sent documents",
  .enabled(
    if: TestDatabase.isAvailable && SMTPSink.isAvailable,
    "needs the test PostgreSQL and aiosmtpd (scripts/test.sh provides both)"))
struct CorrectionTests {
  let logger = Logger(label: "test")

  /// A RU customer's RUB account invoiced on 1 May 2026 for April: telephony 100.00, call tracking 50.00.
  func invoicedAccount(_ bed: BillingTestbed) async throws -> (Account, Invoice) {
    let token = try await BillingTestbed.staffToken()
    for (code, name) in [("telephony", "Телефония"), ("call-tracking", "Коллтрекинг")] {
      _ = try await bed.call(
        BillingContract.createService, CreateServiceRequest(code: code, name: name, description: name), token: token)
    }
    let customer = try await bed.customer("ООО «Поправка»", contract: "К-1", email: "k@example.ru")
    let account = try await bed.account(for: customer)
    for (code, amount) in [("telephony", "100.00"), ("call-tracking", "50.00")] {
      _ = try await bed.call(
        BillingContract.postCharge,
        PostChargeRequest(
          idempotencyKey: "april-\(code)", accountNumber: account.number, amount: money(amount), serviceCode: code,
          date: .day(2026, 4, 20)), token: token)
    }
    try await bed.live(.day(2026, 5, 1))
    let invoice = try #require(
      try await bed.call(BillingContract.listInvoices, ListInvoicesRequest(accountNumber: account.number), token: token)
        .invoices.first)
    return (account, invoice)
  }

  func change(_ service: String, _ amount: String) -> CorrectionLineChange {
    CorrectionLineChange(serviceCode: service, amount: money(amount))
  }

  @Test(
    "a corrected document cannot be corrected again; automatic and manual write-offs; deleting a draft reverses its write-offs; a sent correction is frozen"
  )
  func correctionChain() async throws {
    try await BillingTestbed.with(clockAt: .at(2026, 4, 25, 9)) { bed in
      let token = try await BillingTestbed.staffToken()
      let (account, invoice) = try await self.invoicedAccount(bed)
      #expect(invoice.amount == money("150.00") && invoice.lines.count == 2)
      #expect(try await bed.balance(account) == money("-150.00"))
      bed.clock?.set(.at(2026, 5, 6, 9))

      // 1. Automatic write-off: telephony 100.00 → 90.00 posts one −10.00 write-off (a +10.00 credit).
      let first = try await bed.call(
        BillingContract.createCorrection,
        CreateCorrectionRequest(
          correctedNumber: invoice.number, lines: [self.change("telephony", "90.00")], reason: "Перерасчёт за простой"),
        token: token)
      #expect(first.number == "UKD-0001" && first.status == .draft && first.correctedNumber == invoice.number)
      #expect(first.date == .day(2026, 5, 6))
      #expect(first.lines.map(\.difference) == [money("-10.00")] && first.lines.map(\.writtenOff) == [money("-10.00")])
      #expect(first.totalBefore == money("100.00") && first.totalAfter == money("90.00"))
      #expect(first.writeOffs.map(\.amount) == [money("-10.00")] && first.writeOffs.map(\.serviceCode) == ["telephony"])
      #expect(try await bed.balance(account) == money("-140.00"))

      // 2. The invoice has a correction: correcting it again is refused, naming the latest one.
      let again = await bed.refusal {
        _ = try await bed.call(
          BillingContract.createCorrection,
          CreateCorrectionRequest(correctedNumber: invoice.number, lines: [self.change("telephony", "80.00")]),
          token: token)
      }
      #expect(again?.code == .failedPrecondition && again?.reason == "ALREADY_CORRECTED")
      #expect(again?.message.contains("UKD-0001") == true)

      // 3. The next correction targets the latest one, with «do not create write-off»: call tracking −10.00,
      // written off by staff as −5.00 to telephony and −5.00 to call tracking.
      let second = try await bed.call(
        BillingContract.createCorrection,
        CreateCorrectionRequest(
          correctedNumber: first.number, lines: [self.change("call-tracking", "40.00")], manualWriteOffs: true),
        token: token)
      #expect(second.number == "UKD-0002" && second.correctedNumber == "UKD-0001" && second.writeOffs.isEmpty)
      #expect(try await bed.balance(account) == money("-140.00"))
      let firstNow = try await bed.call(
        BillingContract.getCorrection, CorrectionRequest(number: first.number), token: token)
      #expect(firstNow.correctedBy == "UKD-0002")
      let amendFirst = await bed.refusal {
        _ = try await bed.call(
          BillingContract.amendCorrection,
          AmendCorrectionRequest(number: first.number, lines: [self.change("telephony", "95.00")]), token: token)
      }
      #expect(amendFirst?.reason == "ALREADY_CORRECTED")

      func writeOff(_ product: String, _ amount: String, key: String) async throws -> Correction {
        try await bed.call(
          BillingContract.postCorrectionWriteOff,
          PostCorrectionWriteOffRequest(
            number: second.number, lineServiceCode: "call-tracking", serviceCode: product, amount: money(amount),
            idempotencyKey: key),
          token: token)
      }
      _ = try await writeOff("telephony", "-5.00", key: "w1")
      let incomplete = await bed.refusal {
        _ = try await bed.call(BillingContract.sendCorrection, CorrectionRequest(number: second.number), token: token)
      }
      #expect(incomplete?.reason == "WRITE_OFFS_INCOMPLETE")
      let written = try await writeOff("call-tracking", "-5.00", key: "w2")
      #expect(written.writeOffs.map(\.serviceCode) == ["telephony", "call-tracking"])
      #expect(written.lines.map(\.writtenOff) == [money("-10.00")])
      #expect(
        try await writeOff("call-tracking", "-5.00", key: "w2") == written, "a retried write-off posts nothing new")
      for (amount, key) in [("-0.01", "w3"), ("1.00", "w4")] {
        let over = await bed.refusal { _ = try await writeOff("telephony", amount, key: key) }
        #expect(over?.violations["amount"] == "WRITE_OFF_EXCEEDS_LINE", "\(amount)")
      }
      #expect(try await bed.balance(account) == money("-130.00"))

      // 4. Deleting the unsent second correction reverses both of its write-offs.
      let deleted = try await bed.call(
        BillingContract.deleteCorrection, CorrectionRequest(number: second.number), token: token)
      #expect(deleted.status == .deleted && deleted.writeOffs.allSatisfy(\.reversed) && deleted.writeOffs.count == 2)
      #expect(try await bed.balance(account) == money("-140.00"))
      let reversals = try await bed.call(
        BillingContract.listTransactions, ListTransactionsRequest(accountNumber: account.number, kinds: [.reversal]),
        token: token
      ).entries
      #expect(Set(reversals.map(\.reversesEntryID)) == Set(deleted.writeOffs.map(\.entryID)))

      // 5. Sending the first correction freezes it, and the customer gets it by e-mail.
      let sent = try await bed.call(
        BillingContract.sendCorrection, CorrectionRequest(number: first.number), token: token)
      #expect(sent.status == .sent && sent.sentAt != nil)
      for attempt in [
        {
          _ = try await bed.call(
            BillingContract.amendCorrection,
            AmendCorrectionRequest(number: first.number, lines: [self.change("telephony", "95.00")]), token: token)
        },
        {
          _ = try await bed.call(
            BillingContract.deleteCorrection, CorrectionRequest(number: first.number), token: token)
        },
      ] as [@Sendable () async throws -> Void] {
        let frozen = await bed.refusal(attempt)
        #expect(frozen?.code == .failedPrecondition && frozen?.reason == "CORRECTION_SENT")
      }
      // (The nightly job of 6 May may mail a payment reminder too.)
      let mail = try await bed.mail(to: "k@example.ru", subject: "UKD-0001")
      #expect(mail.text.contains("UKD-0001") && mail.text.contains("-10.00 RUB"))
      #expect(
        mail.attachments.map(\.filename) == ["UKD-0001.pdf"] && mail.attachments.first?.contentType == "application/pdf"
      )

      // 6. With the second deleted, the first can be corrected again (it is the latest live link):
      // +10.00 automatically, then amended to +20.00 — the first write-off reversed, a new one posted.
      let third = try await bed.call(
        BillingContract.createCorrection,
        CreateCorrectionRequest(correctedNumber: first.number, lines: [self.change("telephony", "100.00")]),
        token: token)
      #expect(third.number == "UKD-0003" && third.lines.first?.before == money("90.00"))
      #expect(try await bed.balance(account) == money("-150.00"))
      let amended = try await bed.call(
        BillingContract.amendCorrection,
        AmendCorrectionRequest(number: third.number, lines: [self.change("telephony", "110.00")]), token: token)
      #expect(amended.lines.map(\.difference) == [money("20.00")])
      #expect(
        amended.writeOffs.map(\.amount) == [money("10.00"), money("20.00")]
          && amended.writeOffs.map(\.reversed) == [true, false])
      #expect(try await bed.balance(account) == money("-160.00"))

      // The documents list: paged, filterable by period, deleted drafts only on request.
      let page = try await bed.call(
        BillingContract.listCorrections,
        ListCorrectionsRequest(accountNumber: account.number, page: PageRequest(size: 1)), token: token)
      #expect(page.corrections.map(\.number) == ["UKD-0003"] && !page.nextPageToken.isEmpty)
      let rest = try await bed.call(
        BillingContract.listCorrections,
        ListCorrectionsRequest(accountNumber: account.number, page: PageRequest(size: 5, token: page.nextPageToken)),
        token: token)
      #expect(rest.corrections.map(\.number) == ["UKD-0001"] && rest.nextPageToken.isEmpty)
      let all = try await bed.call(
        BillingContract.listCorrections, ListCorrectionsRequest(accountNumber: account.number, includeDeleted: true),
        token: token)
      #expect(all.corrections.map(\.number) == ["UKD-0003", "UKD-0002", "UKD-0001"])
      let none = try await bed.call(
        BillingContract.listCorrections, ListCorrectionsRequest(accountNumber: account.number, from: .day(2026, 5, 7)),
        token: token)
      #expect(none.corrections.isEmpty)

      // The PDF, read back by pdftotext.
      let pdf = try await bed.call(BillingContract.correctionPDF, CorrectionRequest(number: first.number), token: token)
      let text = try await ExternalReader.pdfText(pdf.content)
      for fragment in [
        "UKD-0001", invoice.number, "ООО «Поправка»", "Телефония", "100,00", "90,00", "−10,00", "Перерасчёт за простой",
      ] {
        #expect(text.contains(fragment), "\(fragment) in the correction PDF")
      }

      // Every entry of the account — charges, write-offs, their reversals — in the transactions workbook.
      let entries = try await bed.call(
        BillingContract.listTransactions, ListTransactionsRequest(accountNumber: account.number, order: .oldestFirst),
        token: token
      ).entries
      let workbook = try await bed.call(
        BillingContract.exportTransactions, ListTransactionsRequest(accountNumber: account.number), token: token)
      let cells = try await ExternalReader.spreadsheetCells(workbook.content)
      #expect(cells[1].prefix(4) == ["№", "Дата", "Вид", "Сумма"])
      #expect(cells.count == 2 + entries.count && entries.count == 10)
      #expect(cells.dropFirst(2).map { $0[0] } == entries.map { String($0.id) })
      #expect(cells.dropFirst(2).map { Double($0[3]) } == entries.map { Double($0.amount.description) })
      #expect(
        cells.dropFirst(2).map { $0[2] } == [
          "Списание", "Списание", "Корректировка", "Корректировка", "Корректировка", "Сторно", "Сторно",
          "Корректировка", "Сторно", "Корректировка",
        ])
    }
  }

  @Test("collections go by the corrected amount: an invoice corrected down to what was paid is paid and does not block")
  func collectionsFollowCorrections() async throws {
    try await BillingTestbed.with(clockAt: .at(2026, 4, 25, 9)) { bed in
      let token = try await BillingTestbed.staffToken()
      let (corrected, invoice) = try await self.invoicedAccount(bed)
      let plain = try await bed.account(
        for: try await bed.customer("ООО «Без поправки»", contract: "К-2", email: "k2@example.ru"))
      for (code, amount) in [("telephony", "100.00"), ("call-tracking", "50.00")] {
        _ = try await bed.call(
          BillingContract.postCharge,
          PostChargeRequest(
            idempotencyKey: "plain-\(code)", accountNumber: plain.number, amount: money(amount), serviceCode: code,
            date: .day(2026, 4, 20)), token: token)
      }
      // Both pay 140.00 of their 150.00 on 4 May; one invoice is corrected by −10.00 on 5 May.
      // Its invoice of 1 May by ops re-running that day (the cycle issues what is missing), at
      // 00:10 Moscow time on 1 May: before that night's own cycle, so no later day has run yet
      // (at 4 May the night of 4 May could run first and the 1st would be refused as passed).
      bed.clock?.set(.at(2026, 4, 30, 21, 10))
      let rerun = try await bed.call(
        BillingContract.runDailyCycle, RunDailyCycleRequest(date: .day(2026, 5, 1)), token: token)
      #expect(rerun.invoicesIssued == 1)
      try await bed.live(.day(2026, 5, 4))
      try await bed.pay(corrected, "140.00", key: "k1-pay", on: .day(2026, 5, 4))
      try await bed.pay(plain, "140.00", key: "k2-pay", on: .day(2026, 5, 4))
      // The night of 5 May credits the 140.00 (150.00 still due); the correction comes after it.
      try await bed.live(.day(2026, 5, 5))
      let partly = try #require(
        try await bed.call(
          BillingContract.listInvoices, ListInvoicesRequest(accountNumber: corrected.number), token: token
        ).invoices.first)
      #expect(partly.paid == money("140.00") && partly.paidOn == nil)
      bed.clock?.set(.at(2026, 5, 5, 9))
      _ = try await bed.call(
        BillingContract.createCorrection,
        CreateCorrectionRequest(correctedNumber: invoice.number, lines: [self.change("telephony", "90.00")]),
        token: token)
      try await bed.live(.day(2026, 5, 6))
      let paid = try #require(
        try await bed.call(
          BillingContract.listInvoices, ListInvoicesRequest(accountNumber: corrected.number), token: token
        ).invoices.first)
      #expect(paid.paidOn == .day(2026, 5, 5) && paid.paid == money("140.00"))
      // Business day 6 of the window (11 May is a holiday): only the uncorrected account is blocked.
      try await bed.live(.day(2026, 5, 12))
      #expect(try await self.status(bed, corrected) == .active)
      #expect(try await self.status(bed, plain) == .blocked)
    }
  }

  func status(_ bed: BillingTestbed, _ account: Account) async throws -> AccountStatus {
    try await bed.call(
      BillingContract.getAccount, GetAccountRequest(number: account.number),
      token: try await BillingTestbed.staffToken()
    ).status
  }

  @Test("five staff correcting one invoice at once: one correction, the other four refused as already corrected")
  func concurrentCorrections() async throws {
    try await BillingTestbed.with(clockAt: .at(2026, 4, 25, 9)) { bed in
      let token = try await BillingTestbed.staffToken()
      let (account, invoice) = try await self.invoicedAccount(bed)
      let outcomes = try await withThrowingTaskGroup(of: String.self) { group in
        for amount in ["91.00", "92.00", "93.00", "94.00", "95.00"] {
          group.addTask {
            do {
              _ = try await bed.call(
                BillingContract.createCorrection,
                CreateCorrectionRequest(correctedNumber: invoice.number, lines: [self.change("telephony", amount)]),
                token: token)
              return "created"
            } catch let error as RPCError {
              return error.reason ?? "\(error.code)"
            }
          }
        }
        return try await group.reduce(into: [String]()) { $0.append($1) }
      }
      #expect(
        outcomes.sorted() == [
          "ALREADY_CORRECTED", "ALREADY_CORRECTED", "ALREADY_CORRECTED", "ALREADY_CORRECTED", "created",
        ])
      let all = try await bed.call(
        BillingContract.listCorrections, ListCorrectionsRequest(accountNumber: account.number, includeDeleted: true),
        token: token)
      #expect(all.corrections.map(\.number) == ["UKD-0001"], "numbers have no gaps: the refused ones took none")
      let entries = try await bed.call(
        BillingContract.listTransactions, ListTransactionsRequest(accountNumber: account.number, kinds: [.correction]),
        token: token)
      #expect(entries.entries.count == 1)
    }
  }

  @Test("bad corrections are refused and change nothing")
  func refusals() async throws {
    try await BillingTestbed.with(clockAt: .at(2026, 4, 25, 9)) { bed in
      let token = try await BillingTestbed.staffToken()
      let (account, invoice) = try await self.invoicedAccount(bed)
      for (lines, field, reason) in [
        ([CorrectionLineChange](), "lines", "REQUIRED"),
        ([self.change("telephony", "1.00"), self.change("telephony", "2.00")], "lines", "LINE_REPEATED"),
        ([self.change("internet", "1.00")], "lines[0].serviceCode", "LINE_NOT_FOUND"),
        ([self.change("telephony", "-1.00")], "lines[0].amount", "AMOUNT_INVALID"),
        ([self.change("telephony", "1.001")], "lines[0].amount", "AMOUNT_PRECISION"),
        ([self.change("telephony", "100000000000000")], "lines[0].amount", "AMOUNT_OUT_OF_RANGE"),
        ([self.change("telephony", "100.00")], "lines[0].amount", "AMOUNT_UNCHANGED"),
      ] {
        let refused = await bed.refusal {
          _ = try await bed.call(
            BillingContract.createCorrection, CreateCorrectionRequest(correctedNumber: invoice.number, lines: lines),
            token: token)
        }
        #expect(refused?.violations[field] == reason, "\(field) \(reason)")
      }
      let unknown = await bed.refusal {
        _ = try await bed.call(
          BillingContract.createCorrection,
          CreateCorrectionRequest(correctedNumber: "NCR-9999", lines: [self.change("telephony", "1.00")]), token: token)
      }
      #expect(unknown?.code == .notFound && unknown?.reason == "CORRECTION_NOT_FOUND")
      let reader = try await BillingTestbed.staffToken([BillingPermission.invoicesRead])
      let denied = await bed.refusal {
        _ = try await bed.call(
          BillingContract.createCorrection,
          CreateCorrectionRequest(correctedNumber: invoice.number, lines: [self.change("telephony", "1.00")]),
          token: reader)
      }
      #expect(denied?.code == .permissionDenied)
      let automatic = try await bed.call(
        BillingContract.createCorrection,
        CreateCorrectionRequest(correctedNumber: invoice.number, lines: [self.change("telephony", "1.00")]),
        token: token)
      let staffWriteOff = await bed.refusal {
        _ = try await bed.call(
          BillingContract.postCorrectionWriteOff,
          PostCorrectionWriteOffRequest(
            number: automatic.number, lineServiceCode: "telephony", serviceCode: "telephony", amount: money("-1.00"),
            idempotencyKey: "x"),
          token: token)
      }
      #expect(staffWriteOff?.reason == "WRITE_OFFS_AUTOMATIC")
      let entries = try await bed.call(
        BillingContract.listTransactions, ListTransactionsRequest(accountNumber: account.number, kinds: [.correction]),
        token: token)
      #expect(entries.entries.count == 1, "only the one accepted correction wrote anything off")
      let numbers = try await bed.sql { connection in
        try await connection.query("SELECT number FROM corrections", logger: self.logger).decode(String.self).collect()
      }
      #expect(numbers == [automatic.number])
    }
  }
}
