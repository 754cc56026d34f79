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
  "Who may see and do what; blocking and its events",
  .enabled(if: TestDatabase.isAvailable, "needs the test PostgreSQL (scripts/test.sh starts it)"))
struct AccessTests {
  static let organizationA = "0a000000-0000-4000-8000-00000000000a"
  static let organizationB = "0b000000-0000-4000-8000-00000000000b"

  @Test("a customer user sees only their organization's customers and accounts")
  func customerIsolation() async throws {
    try await BillingTestbed.with { bed in
      let customerA = try await bed.customer("ООО Альфа", contract: "A-1", organization: Self.organizationA)
      let customerB = try await bed.customer("ООО Бета", contract: "B-1", organization: Self.organizationB)
      let accountA = try await bed.account(for: customerA)
      let accountB = try await bed.account(for: customerB)
      let userA = try await BillingTestbed.customerToken(organization: Self.organizationA)

      let own = try await bed.call(BillingContract.getAccount, GetAccountRequest(number: accountA.number), token: userA)
      #expect(own.id == accountA.id)
      // Another organization's records are not found, exactly like records that do not exist,
      // by Get and by the lists that name them; searches just filter.
      for request in [
        GetAccountRequest(number: accountB.number), GetAccountRequest(accountID: accountB.id),
        GetAccountRequest(number: "no-such"),
      ] {
        let refused = await bed.refusal { _ = try await bed.call(BillingContract.getAccount, request, token: userA) }
        #expect(refused?.code == .notFound && refused?.reason == "ACCOUNT_NOT_FOUND")
      }
      for id in [customerB.id, "0c000000-0000-4000-8000-00000000000c"] {
        let otherCustomer = await bed.refusal {
          _ = try await bed.call(BillingContract.getCustomer, GetCustomerRequest(customerID: id), token: userA)
        }
        #expect(otherCustomer?.code == .notFound && otherCustomer?.reason == "CUSTOMER_NOT_FOUND")
        let accounts = await bed.refusal {
          _ = try await bed.call(BillingContract.listAccounts, ListAccountsRequest(customerID: id), token: userA)
        }
        #expect(accounts?.code == .notFound && accounts?.reason == "CUSTOMER_NOT_FOUND")
      }
      let transactions = await bed.refusal {
        _ = try await bed.call(
          BillingContract.listTransactions, ListTransactionsRequest(accountNumber: accountB.number), token: userA)
      }
      #expect(transactions?.code == .notFound && transactions?.reason == "ACCOUNT_NOT_FOUND")
      let search = try await bed.call(BillingContract.searchCustomers, SearchCustomersRequest(name: "%"), token: userA)
      #expect(search.customers.map(\.id) == [customerA.id])
      let bySearch = try await bed.call(
        BillingContract.searchCustomers, SearchCustomersRequest(accountNumber: accountB.number), token: userA)
      #expect(bySearch.customers.isEmpty)
      // Even with a staff permission in the token, a customer cannot top up another organization's
      // account, and the refusal does not claim a missing permission.
      let userWithTopUp = try await BillingTestbed.customerToken(
        organization: Self.organizationA, permissions: [BillingPermission.topupsCreate])
      let topUp = await bed.refusal {
        _ = try await bed.call(
          BillingContract.topUp, TopUpRequest(idempotencyKey: "x", accountNumber: accountB.number, amount: money("1")),
          token: userWithTopUp)
      }
      #expect(topUp?.code == .notFound && topUp?.reason == "ACCOUNT_NOT_FOUND")
      // Without the permission, the refusal names it.
      let noPermission = await bed.refusal {
        _ = try await bed.call(
          BillingContract.topUp, TopUpRequest(idempotencyKey: "y", accountNumber: accountA.number, amount: money("1")),
          token: userA)
      }
      #expect(
        noPermission?.code == .permissionDenied
          && noPermission?.message.contains(BillingPermission.topupsCreate.name) == true)
      // Creating a customer for another organization is outside the caller's organization.
      let managerA = try await BillingTestbed.customerToken(
        organization: Self.organizationA, permissions: [BillingPermission.customersManage])
      let foreign = await bed.refusal {
        _ = try await bed.customer("ООО Чужое", contract: "X-1", organization: Self.organizationB, token: managerA)
      }
      #expect(foreign?.code == .permissionDenied && foreign?.reason == "OUTSIDE_ORGANIZATION")
    }
  }

  @Test("staff without billing.topups.create cannot top up; with it they can")
  func topUpPermission() async throws {
    try await BillingTestbed.with { bed in
      let account = try await bed.fundedAccount()
      let clerk = try await BillingTestbed.staffToken([BillingPermission.accountsRead, BillingPermission.paymentsPost])
      let refused = await bed.refusal {
        _ = try await bed.call(
          BillingContract.topUp, TopUpRequest(idempotencyKey: "t", accountNumber: account.number, amount: money("50")),
          token: clerk)
      }
      #expect(refused?.code == .permissionDenied)
      #expect(refused?.reason == "PERMISSION_DENIED")
      let manager = try await BillingTestbed.staffToken([BillingPermission.topupsCreate])
      let done = try await bed.call(
        BillingContract.topUp, TopUpRequest(idempotencyKey: "t", accountNumber: account.number, amount: money("50")),
        token: manager)
      #expect(done.entry.kind == .topUp && done.entry.source == "staff" && done.balanceAfter == money("50.00"))
    }
  }

  @Test("block and unblock need billing.accounts.block, record the reason and publish events in the same transaction")
  func blocking() async throws {
    try await BillingTestbed.with { bed in
      let account = try await bed.fundedAccount()
      let staff = try await BillingTestbed.staffToken()
      let noPermission = try await BillingTestbed.staffToken([BillingPermission.accountsRead])
      let refused = await bed.refusal {
        _ = try await bed.call(
          BillingContract.blockAccount, SetAccountBlockedRequest(number: account.number, reason: "долг"),
          token: noPermission)
      }
      #expect(refused?.code == .permissionDenied)
      let noReason = await bed.refusal {
        _ = try await bed.call(
          BillingContract.blockAccount, SetAccountBlockedRequest(number: account.number), token: staff)
      }
      #expect(noReason?.violations["reason"] == "REQUIRED")

      let blocked = try await bed.call(
        BillingContract.blockAccount, SetAccountBlockedRequest(number: account.number, reason: "Неоплата счёта"),
        token: staff)
      #expect(blocked.status == .blocked && blocked.blockedReason == "Неоплата счёта" && blocked.blockedSince != nil)
      let again = await bed.refusal {
        _ = try await bed.call(
          BillingContract.blockAccount, SetAccountBlockedRequest(number: account.number, reason: "x"), token: staff)
      }
      #expect(again?.reason == "ACCOUNT_ALREADY_BLOCKED")
      let unblocked = try await bed.call(
        BillingContract.unblockAccount, SetAccountBlockedRequest(number: account.number, reason: "оплачено"),
        token: staff)
      #expect(unblocked.status == .active && unblocked.blockedSince == nil)

      let events = try await bed.sql { connection in
        try await connection.query(
          "SELECT type, key, payload FROM outbox_events ORDER BY position", logger: Logger(label: "test")
        )
        .decode((String, String, ByteBuffer).self).collect()
      }
      #expect(events.map(\.0) == [BillingEvents.accountBlocked.name, BillingEvents.accountUnblocked.name])
      #expect(events.allSatisfy { $0.1 == account.number })
      let first = try AccountBlockEvent(wireEncoded: Array(buffer: events[0].2))
      #expect(first.reason == "Неоплата счёта" && first.accountID == account.id)
    }
  }
}
