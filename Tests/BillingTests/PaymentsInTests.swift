import BillingAPI
import GRPCCore
import Logging
import PostgresNIO
import RPC
import Storage
import TestSupport
import Testing
import WireCodec

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

@Suite(
  "Payments in: purpose matching, suspense, statement import",
  .enabled(if: TestDatabase.isAvailable, "needs the test PostgreSQL (scripts/test.sh starts it)"))
struct PaymentsInTests {
  static func fixture(_ name: String) throws -> [UInt8] {
    let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    return Array(try Data(contentsOf: folder.appendingPathComponent(name)))
  }

  /// Customer "Д-100" with one account, customer "Д-200" with an account and invoice СЧ-1.
  func accounts(_ bed: BillingTestbed) async throws -> (byContract: Account, byInvoice: Account) {
    let token = try await BillingTestbed.staffToken(BillingTestbed.allPermissions + [BillingPermission.invoicesManage])
    let byContract = try await bed.fundedAccount(contract: "Д-100")
    let other = try await bed.customer("ИП Сидоров Пётр", contract: "Д-200", kind: .individual, taxID: "500100732259")
    let byInvoice = try await bed.account(for: other)
    let invoice = try await bed.call(
      BillingContract.issueInvoice,
      IssueInvoiceRequest(accountNumber: byInvoice.number, amount: money("2300.50"), date: .day(2026, 3, 1)),
      token: token)
    #expect(invoice.number == "СЧ-1")
    return (byContract, byInvoice)
  }

  @Test(
    "a purpose naming a contract or an invoice credits that account; no match goes to suspense, then staff assign it")
  func matchingAndSuspense() async throws {
    try await BillingTestbed.with { bed in
      let (byContract, byInvoice) = try await self.accounts(bed)
      let staff = try await BillingTestbed.staffToken(
        BillingTestbed.allPermissions + [BillingPermission.suspenseRead, BillingPermission.suspenseAssign])
      func post(_ reference: String, _ amount: String, _ purpose: String) async throws -> BankLineResult {
        try await bed.call(
          BillingContract.postBankPayment,
          PostBankPaymentRequest(
            line: BankPaymentLine(
              bankReference: reference, date: .day(2026, 3, 2), amount: money(amount), payer: "Плательщик",
              payerTaxID: "7707083893",
              purpose: purpose)), token: staff)
      }
      let contract = try await post("1", "1000.00", "Оплата по договору №Д-100, без НДС")
      #expect(contract.outcome == .credited && contract.accountNumber == byContract.number)
      let invoice = try await post("2", "2300.50", "Оплата счета СЧ-1 от 01.03.2026")
      #expect(invoice.outcome == .credited && invoice.accountNumber == byInvoice.number)
      let unknown = try await post("3", "700.00", "Оплата по договору Д-999")
      #expect(unknown.outcome == .suspense && unknown.suspenseID > 0)
      let repeated = try await post("3", "700.00", "Оплата по договору Д-999")
      #expect(repeated.outcome == .duplicate && repeated.suspenseID == unknown.suspenseID)

      let open = try await bed.call(BillingContract.listSuspense, ListSuspenseRequest(), token: staff)
      #expect(open.items.map(\.id) == [unknown.suspenseID])
      #expect(open.items.first?.history.map(\.action) == ["received"])

      let clerk = try await BillingTestbed.staffToken([BillingPermission.suspenseRead])
      let refused = await bed.refusal {
        _ = try await bed.call(
          BillingContract.assignSuspense,
          AssignSuspenseRequest(suspenseID: unknown.suspenseID, accountNumber: byContract.number), token: clerk)
      }
      #expect(refused?.code == .permissionDenied)

      let assigned = try await bed.call(
        BillingContract.assignSuspense,
        AssignSuspenseRequest(
          suspenseID: unknown.suspenseID, accountNumber: byContract.number, comment: "звонок клиента"),
        token: staff)
      #expect(assigned.entry.amount == money("700.00") && assigned.entry.kind == .payment)
      let elsewhere = await bed.refusal {
        _ = try await bed.call(
          BillingContract.assignSuspense,
          AssignSuspenseRequest(suspenseID: unknown.suspenseID, accountNumber: byInvoice.number), token: staff)
      }
      #expect(elsewhere?.reason == "SUSPENSE_ALREADY_ASSIGNED")

      #expect(try await bed.call(BillingContract.listSuspense, ListSuspenseRequest(), token: staff).items.isEmpty)
      let history = try await bed.call(
        BillingContract.listSuspense, ListSuspenseRequest(includeAssigned: true), token: staff)
      #expect(history.items.first?.assigned == true && history.items.first?.accountNumber == byContract.number)
      #expect(history.items.first?.history.map(\.action) == ["received", "assigned"])
      #expect(history.items.first?.history.last?.comment == "звонок клиента")
      #expect(try await bed.balance(byContract) == money("1700.00"))
      #expect(try await bed.balance(byInvoice) == money("2300.50"))
    }
  }

  @Test("a 1C client-bank file in Windows-1251 imported twice credits once")
  func oneCImportTwice() async throws {
    try await BillingTestbed.with { bed in
      let (byContract, byInvoice) = try await self.accounts(bed)
      let staff = try await BillingTestbed.staffToken()
      let file = try Self.fixture("statement-1c-windows1251.txt")
      #expect(
        String(validating: file, as: UTF8.self) == nil, "the fixture is Windows-1251, as banks produce it, not UTF-8")
      let request = ImportStatementRequest(format: .oneC, content: Data(file))
      let first = try await bed.call(BillingContract.importStatement, request, token: staff)
      #expect(first.lines.map(\.bankReference) == ["512", "77", "9001"])
      #expect(first.lines.map(\.outcome) == [.credited, .credited, .suspense])
      #expect((first.credited, first.suspense, first.duplicates, first.rejected) == (2, 1, 0, 0))
      #expect(first.lines[0].accountNumber == byContract.number && first.lines[1].accountNumber == byInvoice.number)

      let second = try await bed.call(BillingContract.importStatement, request, token: staff)
      #expect(second.lines.map(\.outcome) == [.duplicate, .duplicate, .duplicate])
      #expect((second.credited, second.suspense, second.duplicates) == (0, 0, 3))
      #expect(try await bed.balance(byContract) == money("1500.00"))
      #expect(try await bed.balance(byInvoice) == money("2300.50"))

      let entries = try await bed.call(
        BillingContract.listTransactions, ListTransactionsRequest(accountNumber: byContract.number), token: staff)
      #expect(entries.entries.count == 1)
      #expect(entries.entries.first?.payer == "ООО \"Ромашка\"")
      #expect(entries.entries.first?.purpose == "Оплата услуг связи по договору Д-100 за март 2026 г. Без НДС")
      let events = try await bed.sql { connection in
        try await connection.query("SELECT type FROM outbox_events ORDER BY position", logger: Logger(label: "test"))
          .decode(String.self).collect()
      }
      #expect(events == [BillingEvents.paymentCredited.name, BillingEvents.paymentCredited.name])
    }
  }

  @Test("a CSV statement with quoted fields and decimal commas; a broken file is refused whole")
  func csvImport() async throws {
    try await BillingTestbed.with { bed in
      let (byContract, _) = try await self.accounts(bed)
      let staff = try await BillingTestbed.staffToken()
      let reply = try await bed.call(
        BillingContract.importStatement,
        ImportStatementRequest(format: .csv, content: Data(try Self.fixture("statement.csv"))), token: staff)
      #expect(reply.lines.map(\.outcome) == [.credited, .suspense])
      #expect(reply.lines.map(\.amount) == [money("250.00"), money("99.90")])
      #expect(try await bed.balance(byContract) == money("250.00"))
      let again = try await bed.call(
        BillingContract.importStatement,
        ImportStatementRequest(format: .csv, content: Data(try Self.fixture("statement.csv"))), token: staff)
      #expect(again.duplicates == 2)
      let broken = await bed.refusal {
        _ = try await bed.call(
          BillingContract.importStatement, ImportStatementRequest(format: .csv, content: Data("a;b\n1;2\n".utf8)),
          token: staff)
      }
      #expect(broken?.reason == "STATEMENT_UNREADABLE")
    }
  }
}
