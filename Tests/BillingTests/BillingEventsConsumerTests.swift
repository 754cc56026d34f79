import BillingAPI
import Logging
import PostgresNIO
import RPC
import Runtime
import Storage
import Synchronization
import TestSupport
import Testing

/// What Telecom and ISP will do first: follow Billing's feed for blocked accounts. The consumer
/// subscribes to the contract's descriptor and receives the decoded message, nothing else.
@Suite(
  "Billing's events, consumed",
  .enabled(if: TestDatabase.isAvailable, "needs the test PostgreSQL (scripts/test.sh starts it)"))
struct BillingEventsConsumerTests {
  @Test("a consumer of BillingEvents.accountBlocked receives the decoded AccountBlockEvent, and no other type")
  func accountBlockedArrivesDecoded() async throws {
    try await BillingTestbed.with { bed in
      let account = try await bed.fundedAccount()
      let staff = try await BillingTestbed.staffToken()
      _ = try await bed.call(
        BillingContract.blockAccount, SetAccountBlockedRequest(number: account.number, reason: "Неоплата счёта"),
        token: staff)
      _ = try await bed.call(
        BillingContract.unblockAccount, SetAccountBlockedRequest(number: account.number, reason: "оплачено"),
        token: staff)
      _ = try await bed.call(
        BillingContract.blockAccount, SetAccountBlockedRequest(number: account.number, reason: "снова долг"),
        token: staff)

      try await TestDatabase.withDatabase { consumerDB in
        try await Migrator(PlatformMigrations.all).migrate(consumerDB)
        let received = Mutex<[(AccountBlockEvent, String)]>([])
        let token = try await TestTokens.make(
          audience: "abonent-billing", permissions: [BillingPermission.eventsRead], userID: "svc-telecom",
          organizationID: nil,
          kind: .service)
        let consumer = EventFeedConsumer(
          cursorName: "billing", feed: EventFeedContract(service: "billing"),
          source: ClientSettings(host: "127.0.0.1", port: bed.port, token: token), database: consumerDB,
          subscriptions: [
            .on(BillingEvents.accountBlocked) { blocked, event, _ in
              received.withLock { $0.append((blocked, event.type)) }
            }
          ],
          retryDelay: .milliseconds(50)...(.milliseconds(200)), logger: Logger(label: "telecom-consumer")
        )
        try await withThrowingTaskGroup(of: Void.self) { group in
          group.addTask { await consumer.follow() }
          let deadline = ContinuousClock.now + .seconds(30)
          while received.withLock({ $0.count }) < 2 && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
          }
          group.cancelAll()
        }
        let events = received.withLock { $0 }
        #expect(events.map(\.1) == [BillingEvents.accountBlocked.name, BillingEvents.accountBlocked.name])
        #expect(events.map(\.0.reason) == ["Неоплата счёта", "снова долг"])
        #expect(events.allSatisfy { $0.0.accountID == account.id && $0.0.number == account.number })
        // The unblocked event lies between them on the feed; the cursor went past all three.
        #expect(try await consumer.position() >= 3)
      }
    }
  }
}
