import GRPCCore
import Logging
import PostgresNIO
import RPC
import Runtime
import Storage
import Synchronization
import TestSupport
import Testing

@Suite(
  "Event outbox and feed",
  .enabled(if: TestDatabase.isAvailable, "needs the test PostgreSQL (scripts/test.sh starts it)"))
struct EventFeedTests {
  /// A service with a database and nothing else: it serves `abonent.producer.Events`.
  static let producer = ServiceDefinition(
    name: "producer", defaultPort: 0, contracts: [], migrations: [], makeServices: { _ in [] })
  static let effects = Migration(
    100, "effects", "CREATE TABLE effects (seq bigserial PRIMARY KEY, position bigint NOT NULL, key text NOT NULL)")

  /// Commits one transaction appending events for `keys`, or rolls it back.
  func append(_ keys: [String], to database: Database, commit: Bool = true) async throws {
    struct Rollback: Error {}
    do {
      try await database.transaction { connection in
        try await EventOutbox.append(
          keys.map { OutboxEvent(type: "test.happened", key: $0, payload: Array($0.utf8)) }, on: connection,
          logger: database.logger)
        if !commit { throw Rollback() }
      }
    } catch is Rollback {}
  }

  func applied(_ database: Database) async throws -> [(Int64, String)] {
    try await database.withConnection { connection in
      let rows = try await connection.query("SELECT position, key FROM effects ORDER BY seq", logger: database.logger)
      return try await rows.decode((Int64, String).self).collect()
    }
  }

  func consumer(_ port: Int, _ database: Database) async throws -> EventFeedConsumer {
    let token = try await TestTokens.make(audience: "abonent-producer", permissions: ["producer.events.read"])
    return EventFeedConsumer(
      cursorName: "producer", feed: Self.producer.eventFeed,
      source: ClientSettings(host: "127.0.0.1", port: port, token: token),
      database: database, retryDelay: .milliseconds(50)...(.milliseconds(200)), logger: Logger(label: "consumer")
    ) { event, transaction in
      try await transaction.query(
        "INSERT INTO effects (position, key) VALUES (\(Int64(event.position)), \(event.key))", logger: database.logger)
    }
  }

  /// Runs `consumer` until `effects` holds `count` rows (or 20 s pass), then stops it.
  func consume(with consumer: EventFeedConsumer, until count: Int, in database: Database) async throws {
    try await withThrowingTaskGroup(of: Void.self) { group in
      group.addTask { await consumer.follow() }
      let deadline = ContinuousClock.now + .seconds(20)
      while try await self.applied(database).count < count && ContinuousClock.now < deadline {
        try await Task.sleep(for: .milliseconds(20))
      }
      group.cancelAll()
    }
  }

  @Test("committed events arrive in order exactly once across a consumer restart; rolled-back events never")
  func exactlyOnceAcrossRestart() async throws {
    try await TestDatabase.with { producerSettings in
      try await TestDatabase.withDatabase { consumerDB in
        try await Migrator(PlatformMigrations.all + [Self.effects]).migrate(consumerDB)
        var settings = TestDatabase.serverSettings(producerSettings)
        settings["abonent.events.pollInterval"] = "20ms"
        try await TestServer.with(Self.producer, settings: settings) { port in
          try await TestDatabase.running(producerSettings) { producerDB in
            try await self.append(["a1", "a2"], to: producerDB)
            try await self.append(["never-1"], to: producerDB, commit: false)
            try await self.append(["a3"], to: producerDB)

            let first = try await self.consumer(port, consumerDB)
            try await self.consume(with: first, until: 3, in: consumerDB)
            #expect(try await first.position() == 3)

            // While the consumer is down: more commits and another rollback.
            try await self.append(["b1"], to: producerDB)
            try await self.append(["never-2", "never-3"], to: producerDB, commit: false)
            try await self.append(["b2", "b3"], to: producerDB)

            // A new consumer instance, as after a process restart: it resumes from the stored cursor.
            let second = try await self.consumer(port, consumerDB)
            try await self.consume(with: second, until: 6, in: consumerDB)
            // Then it keeps following, now beside a second replica on the same cursor: events
            // committed meanwhile arrive, and only one replica applies each.
            let replica = try await self.consumer(port, consumerDB)
            try await withThrowingTaskGroup(of: Void.self) { group in
              group.addTask { await second.follow() }
              group.addTask { await replica.follow() }
              for key in ["c1", "c2", "c3"] { try await self.append([key], to: producerDB) }
              let deadline = ContinuousClock.now + .seconds(20)
              while try await self.applied(consumerDB).count < 9 && ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(20))
              }
              // Give a duplicate time to show up if there were one.
              try await Task.sleep(for: .milliseconds(200))
              group.cancelAll()
            }

            let effects = try await self.applied(consumerDB)
            #expect(effects.map(\.1) == ["a1", "a2", "a3", "b1", "b2", "b3", "c1", "c2", "c3"])
            #expect(effects.map(\.0) == [1, 2, 3, 4, 5, 6, 7, 8, 9])
          }
        }
      }
    }
  }

  /// Tokens in turn, the last one from then on; counts how often it was asked.
  actor TokensInTurn: ServiceTokenSource {
    var tokens: [String]
    private(set) var asked = 0
    init(_ tokens: [String]) { self.tokens = tokens }
    func token() async throws -> String {
      self.asked += 1
      return self.tokens.count > 1 ? self.tokens.removeFirst() : self.tokens[0]
    }
  }

  @Test("a consumer with a token source asks it for every connection: a refused token is replaced by a fresh one")
  func tokenPerConnection() async throws {
    try await TestDatabase.with { producerSettings in
      try await TestDatabase.withDatabase { consumerDB in
        try await Migrator(PlatformMigrations.all + [Self.effects]).migrate(consumerDB)
        var settings = TestDatabase.serverSettings(producerSettings)
        settings["abonent.events.pollInterval"] = "20ms"
        try await TestServer.with(Self.producer, settings: settings) { port in
          try await TestDatabase.running(producerSettings) { producerDB in
            try await self.append(["t1", "t2"], to: producerDB)
            // The first token lacks the permission (as an expired one would be refused); the
            // source then hands out a good one.
            let tokens = TokensInTurn([
              try await TestTokens.make(audience: "abonent-producer", permissions: ["producer.other"]),
              try await TestTokens.make(audience: "abonent-producer", permissions: ["producer.events.read"]),
            ])
            let consumer = EventFeedConsumer(
              cursorName: "producer", feed: Self.producer.eventFeed,
              source: ClientSettings(host: "127.0.0.1", port: port), database: consumerDB,
              retryDelay: .milliseconds(50)...(.milliseconds(200)), tokens: tokens, logger: Logger(label: "consumer")
            ) { event, transaction in
              try await transaction.query(
                "INSERT INTO effects (position, key) VALUES (\(Int64(event.position)), \(event.key))",
                logger: consumerDB.logger)
            }
            try await self.consume(with: consumer, until: 2, in: consumerDB)
            #expect(try await self.applied(consumerDB).map(\.1) == ["t1", "t2"])
            #expect(await tokens.asked >= 2)
          }
        }
      }
    }
  }

  @Test(
    "a subscription from a position past the end is refused with FEED_POSITION_AHEAD; without the permission, PERMISSION_DENIED"
  )
  func refusals() async throws {
    try await TestDatabase.with { producerSettings in
      try await TestServer.with(Self.producer, settings: TestDatabase.serverSettings(producerSettings)) { port in
        let feed = Self.producer.eventFeed
        let reader = try await TestTokens.make(audience: "abonent-producer", permissions: ["producer.events.read"])
        let error = await #expect(throws: RPCError.self) {
          try await withWireClient(ClientSettings(host: "127.0.0.1", port: port, token: reader)) { client in
            try await client.subscribe(feed.subscribe, SubscribeEventsRequest(after: 5, types: [])) { _ in }
          }
        }
        #expect(error?.code == .outOfRange)
        #expect(error?.reason == "FEED_POSITION_AHEAD")

        let stranger = try await TestTokens.make(audience: "abonent-producer", permissions: ["producer.other"])
        let denied = await #expect(throws: RPCError.self) {
          try await withWireClient(ClientSettings(host: "127.0.0.1", port: port, token: stranger)) { client in
            try await client.subscribe(feed.subscribe, SubscribeEventsRequest(after: 0, types: [])) { _ in }
          }
        }
        #expect(denied?.code == .permissionDenied)
      }
    }
  }

  @Test("positions stay gapless and unique under eight concurrent appenders")
  func concurrentAppends() async throws {
    try await TestDatabase.withDatabase { database in
      try await Migrator(PlatformMigrations.all).migrate(database)
      try await withThrowingTaskGroup(of: Void.self) { group in
        for writer in 0..<8 {
          group.addTask {
            for round in 0..<10 { try await self.append(["w\(writer)-\(round)"], to: database) }
          }
        }
        try await group.waitForAll()
      }
      let events = try await database.withConnection { connection in
        try await EventOutbox.read(after: 0, types: [], limit: 1000, on: connection, logger: database.logger)
      }
      #expect(events.map(\.position) == Array(1...80))
      #expect(Set(events.map(\.key)).count == 80)
    }
  }
}
