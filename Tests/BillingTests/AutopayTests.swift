import BillingAPI
import BillingService
import GRPCCore
import Logging
import PostgresNIO
import RPC
import Storage
import Synchronization
import TestSupport
import Testing
import WireCodec

/// A payment gateway that answers as the test tells it, and remembers what it was asked.
final class ScriptedGateway: PaymentGateway {
  private let state = Mutex<(answers: [CardChargeOutcome], charges: [CardCharge])>(([], []))

  func answer(_ outcomes: CardChargeOutcome...) {
    self.state.withLock { $0.answers.append(contentsOf: outcomes) }
  }

  var charges: [CardCharge] { self.state.withLock { $0.charges } }

  func charge(_ charge: CardCharge) async throws -> CardChargeOutcome {
    try self.state.withLock { state in
      state.charges.append(charge)
      guard !state.answers.isEmpty else { throw BillingTestError("the gateway was not told what to answer") }
      return state.answers.removeFirst()
    }
  }
}

@Suite(
  "Autopayment through a payment gateway",
  .enabled(
    if: TestDatabase.isAvailable && SMTPSink.isAvailable,
    "needs the test PostgreSQL and aiosmtpd (scripts/test.sh provides both)"))
struct AutopayTests {
  let logger = Logger(label: "test")

  @Test(
    "falling below the threshold charges the card and credits a payment; insufficient funds switches autopay off and e-mails the customer"
  )
  func successThenInsufficientFunds() async throws {
    let gateway = ScriptedGateway()
    try await BillingTestbed.with(clockAt: .at(2026, 3, 10, 12), gateway: gateway) { bed in
      let token = try await BillingTestbed.staffToken()
      let account = try await bed.account(
        for: try await bed.customer("ООО «Автоплатёж»", contract: "Д-1", email: "autopay@example.ru"))
      try await bed.pay(account, "1000.00", key: "p-1")
      let set = try await bed.call(
        BillingContract.setAutopay,
        SetAutopayRequest(
          accountNumber: account.number, enabled: true, threshold: money("300"), amount: money("500"),
          cardToken: "tok_visa_4242"),
        token: token)
      #expect(set.enabled && set.cardTokenHint == "…4242")

      // 1000 → 200: below 300, so the card is charged 500.
      gateway.answer(.approved(reference: "GW-1"))
      try await bed.charge(account, "800.00", key: "c-1")
      let topped = try await bed.eventually("the approved autopayment to be credited") {
        let balance = try await bed.balance(account)
        return balance == money("700.00") ? balance : nil
      }
      #expect(topped == money("700.00"))
      #expect(gateway.charges.count == 1)
      #expect(gateway.charges.first?.amount == money("500.00"))
      #expect(gateway.charges.first?.currency == "RUB")
      #expect(gateway.charges.first?.cardToken == "tok_visa_4242")
      let payments = try await bed.call(
        BillingContract.listTransactions,
        ListTransactionsRequest(accountNumber: account.number, kinds: [.payment], source: "autopay"), token: token)
      #expect(payments.entries.count == 1)
      #expect(payments.entries.first?.bankReference == "GW-1")
      #expect(payments.entries.first?.idempotencyKey == gateway.charges.first?.idempotencyKey)

      // 700 → 200 again: this time the card has no money.
      gateway.answer(.insufficientFunds)
      try await bed.charge(account, "500.00", key: "c-2")
      let off = try await bed.eventually("autopay to be switched off") {
        let autopay = try await bed.call(
          BillingContract.getAutopay, GetAutopayRequest(accountNumber: account.number), token: token)
        return autopay.enabled ? nil : autopay
      }
      #expect(off.disabledReason == "insufficient_funds")
      #expect(off.attempts.map(\.outcome) == [.insufficientFunds, .approved])
      #expect(try await bed.balance(account) == money("200.00"))
      let mails = try await bed.mails(to: "autopay@example.ru")
      #expect(mails.count == 1)
      #expect(mails.first?.subject == "Автоплатёж отключён: недостаточно средств на карте")
      #expect(mails.first?.body.contains("…4242") == true)

      // Off means off: a further charge queues no card charge.
      try await bed.charge(account, "150.00", key: "c-3")
      let jobs = try await bed.sql { connection in
        try await connection.query("SELECT count(*) FROM jobs WHERE kind = 'billing.autopay'", logger: self.logger)
          .decode(Int64.self).collect()
      }
      #expect(jobs == [2])
      #expect(gateway.charges.count == 2)
    }
  }

  @Test("a declined card is recorded and autopay stays on, without retrying on every later charge")
  func declined() async throws {
    let gateway = ScriptedGateway()
    try await BillingTestbed.with(clockAt: .at(2026, 3, 10, 12), gateway: gateway) { bed in
      let token = try await BillingTestbed.staffToken()
      let account = try await bed.account(for: try await bed.customer("ООО «Отказ»", contract: "Д-2"))
      try await bed.pay(account, "400.00", key: "p-1")
      _ = try await bed.call(
        BillingContract.setAutopay,
        SetAutopayRequest(
          accountNumber: account.number, enabled: true, threshold: money("300"), amount: money("500"),
          cardToken: "tok_mc_5555"),
        token: token)
      gateway.answer(.declined(reason: "do not honor"))
      try await bed.charge(account, "200.00", key: "c-1")
      let declined = try await bed.eventually("the declined attempt") {
        let autopay = try await bed.call(
          BillingContract.getAutopay, GetAutopayRequest(accountNumber: account.number), token: token)
        return autopay.attempts.isEmpty ? nil : autopay
      }
      #expect(declined.enabled)
      #expect(declined.attempts.first?.outcome == .declined)
      #expect(declined.attempts.first?.detail == "do not honor")
      #expect(try await bed.balance(account) == money("200.00"))
      // Still below the threshold: a later charge does not cross it again, so no new attempt.
      try await bed.charge(account, "50.00", key: "c-2")
      let jobs = try await bed.sql { connection in
        try await connection.query("SELECT count(*) FROM jobs WHERE kind = 'billing.autopay'", logger: self.logger)
          .decode(Int64.self).collect()
      }
      #expect(jobs == [1])
    }
  }

  @Test("without a gateway autopay is refused; customers set it only on their own accounts")
  func access() async throws {
    try await BillingTestbed.with { bed in
      let account = try await bed.fundedAccount()
      let refused = await bed.refusal {
        _ = try await bed.call(
          BillingContract.setAutopay,
          SetAutopayRequest(
            accountNumber: account.number, enabled: true, threshold: money("1"), amount: money("1"), cardToken: "tok"),
          token: try await BillingTestbed.staffToken())
      }
      #expect(refused?.reason == "AUTOPAY_UNAVAILABLE")
    }
    try await BillingTestbed.with(clockAt: .at(2026, 3, 10, 12), gateway: ScriptedGateway()) { bed in
      let mine = "6f1c3f9e-0000-4000-8000-000000000001"
      let theirs = "6f1c3f9e-0000-4000-8000-000000000002"
      let account = try await bed.account(
        for: try await bed.customer("ООО «Чужой»", contract: "Д-3", organization: theirs))
      let customer = try await BillingTestbed.customerToken(
        organization: mine, permissions: [BillingPermission.autopayManage, BillingPermission.accountsRead])
      let denied = await bed.refusal {
        _ = try await bed.call(
          BillingContract.setAutopay,
          SetAutopayRequest(
            accountNumber: account.number, enabled: true, threshold: money("1"), amount: money("1"), cardToken: "tok"),
          token: customer)
      }
      #expect(denied?.code == .notFound && denied?.reason == "ACCOUNT_NOT_FOUND")  // another organization's account
      let owner = try await BillingTestbed.customerToken(
        organization: theirs, permissions: [BillingPermission.autopayManage, BillingPermission.accountsRead])
      let own = try await bed.call(
        BillingContract.setAutopay,
        SetAutopayRequest(
          accountNumber: account.number, enabled: false, threshold: money("1"), amount: money("1"),
          cardToken: "tok_0001"),
        token: owner)
      #expect(!own.enabled)
    }
  }
}
