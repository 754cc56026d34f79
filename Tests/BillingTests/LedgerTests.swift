import BillingAPI
import GRPCCore
import Logging
import PostgresNIO
import RPC
import Storage
import TestSupport
import Testing
import WireCodec

@Suite(
  "Ledger: idempotency, concurrency, immutability",
  .enabled(if: TestDatabase.isAvailable, "needs the test PostgreSQL (scripts/test.sh starts it)"))
struct LedgerTests {
  let logger = Logger(label: "test")

  func payment(_ account: Account, key: String, amount: String, reference: String = "п/п 17") -> PostPaymentRequest {
    PostPaymentRequest(
      idempotencyKey: key, accountNumber: account.number, amount: money(amount), date: .day(2026, 3, 2),
      payer: "ООО «Ромашка»",
      bankReference: reference, purpose: "Оплата по договору Д-100")
  }

  @Test(
    "the same payment posted 10 times at once with one key makes one entry; other content under that key is refused")
  func idempotentPayment() async throws {
    try await BillingTestbed.with { bed in
      let account = try await bed.fundedAccount()
      let token = try await BillingTestbed.staffToken()
      let replies = try await withThrowingTaskGroup(of: PostingReply.self) { group in
        for _ in 0..<10 {
          group.addTask {
            try await bed.call(
              BillingContract.postPayment, self.payment(account, key: "pay-1", amount: "1500.00"), token: token)
          }
        }
        return try await group.reduce(into: [PostingReply]()) { $0.append($1) }
      }
      #expect(Set(replies.map(\.entry.id)).count == 1)
      #expect(replies.filter { !$0.replayed }.count == 1)
      #expect(replies.allSatisfy { $0.balanceAfter == money("1500") })
      let rows = try await bed.sql { connection in
        try await connection.query("SELECT count(*) FROM ledger_entries", logger: self.logger).decode(Int64.self)
          .collect()
      }
      #expect(rows == [1])
      let read = try await bed.call(BillingContract.getAccount, GetAccountRequest(number: account.number), token: token)
      #expect(read.balance == money("1500.00"))

      let different = await bed.refusal {
        _ = try await bed.call(
          BillingContract.postPayment, self.payment(account, key: "pay-1", amount: "1500.01"), token: token)
      }
      #expect(different?.code == .failedPrecondition)
      #expect(different?.reason == "IDEMPOTENCY_KEY_REUSED")
      // 1500.0 is the same amount as 1500.00: the same content, so the original answer.
      let same = try await bed.call(
        BillingContract.postPayment, self.payment(account, key: "pay-1", amount: "1500.0"), token: token)
      #expect(same.replayed && same.entry.id == replies[0].entry.id)
    }
  }

  @Test(
    "50 concurrent charges on one account: the balance is the exact sum, and every balance matches a recompute from the ledger"
  )
  func concurrentCharges() async throws {
    try await BillingTestbed.with { bed in
      let account = try await bed.fundedAccount()
      let other = try await bed.account(for: try await bed.customer("ООО Второй", contract: "Д-200"))
      let token = try await BillingTestbed.staffToken()
      _ = try await bed.call(
        BillingContract.topUp,
        TopUpRequest(idempotencyKey: "t-1", accountNumber: account.number, amount: money("100.00")), token: token)
      // Amounts 0.01, 1.02, 2.03, …: their exact sum is 1225.00 + 12.75 = 1237.75.
      try await withThrowingTaskGroup(of: Void.self) { group in
        for index in 0..<50 {
          group.addTask {
            let amount = ExactDecimal(units: Int64(index * 101 + 1), scale: 2)
            _ = try await bed.call(
              BillingContract.postCharge,
              PostChargeRequest(
                idempotencyKey: "charge-\(index)", accountNumber: account.number, amount: amount,
                serviceCode: index % 2 == 0 ? "sms" : "voice"),
              token: token, timeout: .seconds(120))
            _ = try await bed.call(
              BillingContract.postCharge,
              PostChargeRequest(
                idempotencyKey: "other-\(index)", accountNumber: other.number, amount: money("0.50"), serviceCode: "sms"
              ),
              token: token, timeout: .seconds(120))
          }
        }
        try await group.waitForAll()
      }
      let charged = (0..<50).reduce(Int64(0)) { $0 + Int64($1 * 101 + 1) }
      #expect(charged == 123_775)
      let read = try await bed.call(BillingContract.getAccount, GetAccountRequest(number: account.number), token: token)
      #expect(read.balance == money("-1137.75"))
      let otherRead = try await bed.call(
        BillingContract.getAccount, GetAccountRequest(number: other.number), token: token)
      #expect(otherRead.balance == money("-25.00"))

      let drift = try await bed.sql { connection in
        try await connection.query(
          """
          SELECT count(*) FROM accounts a
          WHERE a.balance_minor <> COALESCE((SELECT sum(e.amount_minor) FROM ledger_entries e WHERE e.account_id = a.id), 0)
          """, logger: self.logger
        ).decode(Int64.self).collect()
      }
      #expect(drift == [0])
      // The running balance stored with each entry also chains without gaps.
      let chain = try await bed.sql { connection in
        try await connection.query(
          """
          SELECT count(*) FROM (
            SELECT balance_after_minor, sum(amount_minor) OVER (PARTITION BY account_id ORDER BY id) AS running FROM ledger_entries) t
          WHERE balance_after_minor <> running
          """, logger: self.logger
        ).decode(Int64.self).collect()
      }
      #expect(chain == [0])
    }
  }

  @Test("UPDATE, DELETE and TRUNCATE of ledger rows fail for the service's own database role")
  func immutable() async throws {
    try await BillingTestbed.with { bed in
      let account = try await bed.fundedAccount()
      _ = try await bed.call(
        BillingContract.postPayment, self.payment(account, key: "p", amount: "10.00"),
        token: try await BillingTestbed.staffToken())
      for statement in [
        "UPDATE ledger_entries SET amount_minor = 100000", "DELETE FROM ledger_entries",
        "TRUNCATE ledger_entries CASCADE",
      ] {
        let state: String? = try await bed.sql { connection in
          do {
            try await connection.query(PostgresQuery(unsafeSQL: statement), logger: self.logger)
            return nil
          } catch let error as PSQLError {
            return error.serverInfo?[.sqlState]
          }
        }
        #expect(state == "BL001", "\(statement)")
      }
      let amounts = try await bed.sql { connection in
        try await connection.query("SELECT amount_minor FROM ledger_entries", logger: self.logger).decode(Int64.self)
          .collect()
      }
      #expect(amounts == [1000])
    }
  }

  @Test("amounts are never rounded: sub-kopeck amounts are refused, trailing zeros are fine")
  func exactAmounts() async throws {
    try await BillingTestbed.with { bed in
      let account = try await bed.fundedAccount()
      let token = try await BillingTestbed.staffToken()
      let precise = await bed.refusal {
        _ = try await bed.call(
          BillingContract.postPayment, self.payment(account, key: "r-1", amount: "10.005"), token: token)
      }
      #expect(precise?.violations["amount"] == "AMOUNT_PRECISION")
      let negative = await bed.refusal {
        _ = try await bed.call(
          BillingContract.postPayment, self.payment(account, key: "r-2", amount: "-5.00"), token: token)
      }
      #expect(negative?.violations["amount"] == "AMOUNT_NOT_POSITIVE")
      let fine = try await bed.call(
        BillingContract.postPayment, self.payment(account, key: "r-3", amount: "10.500"), token: token)
      #expect(fine.entry.amount == money("10.50"))
      #expect(fine.entry.amount.description == "10.50")
      let big = try await bed.call(
        BillingContract.postPayment, self.payment(account, key: "r-4", amount: "12345678901.99", reference: "2"),
        token: token)
      #expect(big.balanceAfter == money("12345678912.49"))
    }
  }

  @Test("a reversal cancels an entry once; reversals cannot be reversed")
  func reversal() async throws {
    try await BillingTestbed.with { bed in
      let account = try await bed.fundedAccount()
      let token = try await BillingTestbed.staffToken()
      let charge = try await bed.call(
        BillingContract.postCharge,
        PostChargeRequest(
          idempotencyKey: "c-1", accountNumber: account.number, amount: money("300.00"), serviceCode: "support"),
        token: token)
      #expect(charge.balanceAfter == money("-300.00"))
      let reversed = try await bed.call(
        BillingContract.reverseEntry,
        ReverseEntryRequest(idempotencyKey: "rev-1", entryID: charge.entry.id, comment: "ошибка"), token: token)
      #expect(reversed.entry.amount == money("300.00"))
      #expect(reversed.entry.reversesEntryID == charge.entry.id)
      #expect(reversed.balanceAfter == money("0.00"))
      let retry = try await bed.call(
        BillingContract.reverseEntry,
        ReverseEntryRequest(idempotencyKey: "rev-1", entryID: charge.entry.id, comment: "ошибка"), token: token)
      #expect(retry.replayed && retry.entry.id == reversed.entry.id)
      let twice = await bed.refusal {
        _ = try await bed.call(
          BillingContract.reverseEntry, ReverseEntryRequest(idempotencyKey: "rev-2", entryID: charge.entry.id),
          token: token)
      }
      #expect(twice?.reason == "ENTRY_ALREADY_REVERSED")
      let ofReversal = await bed.refusal {
        _ = try await bed.call(
          BillingContract.reverseEntry, ReverseEntryRequest(idempotencyKey: "rev-3", entryID: reversed.entry.id),
          token: token)
      }
      #expect(ofReversal?.reason == "REVERSAL_NOT_REVERSIBLE")
      let read = try await bed.call(BillingContract.getAccount, GetAccountRequest(number: account.number), token: token)
      #expect(read.balance == money("0"))
    }
  }

  @Test("transactions by service, kind, source and period, in either order, paged, with totals per service")
  func listing() async throws {
    try await BillingTestbed.with { bed in
      let account = try await bed.fundedAccount()
      let token = try await BillingTestbed.staffToken()
      _ = try await bed.call(
        BillingContract.postPayment, self.payment(account, key: "p-1", amount: "1000.00"), token: token)
      for (index, (service, day)) in [("sms", 1), ("voice", 5), ("sms", 10), ("voice", 20), ("sms", 25)].enumerated() {
        _ = try await bed.call(
          BillingContract.postCharge,
          PostChargeRequest(
            idempotencyKey: "c-\(index)", accountNumber: account.number, amount: money("10.00"), serviceCode: service,
            date: .day(2026, 3, day)), token: token)
      }
      _ = try await bed.call(
        BillingContract.postDiscount,
        PostChargeRequest(
          idempotencyKey: "d-1", accountNumber: account.number, amount: money("2.50"), serviceCode: "sms",
          date: .day(2026, 3, 26)), token: token)

      func list(_ request: ListTransactionsRequest) async throws -> ListTransactionsReply {
        var request = request
        request.accountNumber = account.number
        return try await bed.call(BillingContract.listTransactions, request, token: token)
      }
      let all = try await list(ListTransactionsRequest())
      #expect(all.entries.count == 7)
      #expect(all.entries.map(\.id) == all.entries.map(\.id).sorted(by: >))
      #expect(
        all.totals == [
          ServiceTotal(serviceCode: "", total: money("1000.00"), count: 1),
          ServiceTotal(serviceCode: "sms", total: money("-27.50"), count: 4),
          ServiceTotal(serviceCode: "voice", total: money("-20.00"), count: 2),
        ])
      let sms = try await list(ListTransactionsRequest(serviceCode: "sms", kinds: [.charge], order: .oldestFirst))
      #expect(sms.entries.map(\.date) == [.day(2026, 3, 1), .day(2026, 3, 10), .day(2026, 3, 25)])
      let period = try await list(ListTransactionsRequest(from: .day(2026, 3, 5), to: .day(2026, 3, 20)))
      #expect(period.entries.map(\.date) == [.day(2026, 3, 20), .day(2026, 3, 10), .day(2026, 3, 5)])
      #expect(period.totals.map(\.total) == [money("-10.00"), money("-20.00")])
      let bank = try await list(ListTransactionsRequest(source: "bank"))
      #expect(bank.entries.map(\.kind) == [.payment])

      var seen: [Int64] = []
      var pageToken = ""
      repeat {
        let page = try await list(
          ListTransactionsRequest(order: .oldestFirst, page: PageRequest(size: 3, token: pageToken)))
        seen += page.entries.map(\.id)
        pageToken = page.nextPageToken
      } while !pageToken.isEmpty
      #expect(seen == all.entries.map(\.id).reversed())
    }
  }
}
