import GRPCCore
import Logging
import PostgresNIO
import RPC
import Storage
import Synchronization
import TestSupport
import Testing
import WireCodec

@Suite(
  "Transactions and error mapping",
  .enabled(if: TestDatabase.isAvailable, "needs the test PostgreSQL (scripts/test.sh starts it)"))
struct TransactionTests {
  static let schema = [
    Migration(
      1, "accounts",
      "CREATE TABLE accounts (id bigint PRIMARY KEY, email text NOT NULL UNIQUE, balance numeric NOT NULL DEFAULT 0)")
  ]

  static let quietLogger: Logger = {
    var logger = Logger(label: "unreachable-db")
    logger.logLevel = .critical
    return logger
  }()

  func count(_ database: Database) async throws -> Int {
    try await database.withConnection { connection in
      let rows = try await connection.query("SELECT count(*)::bigint FROM accounts", logger: database.logger)
      return try await rows.decode(Int.self).collect().first ?? -1
    }
  }

  @Test("a throwing body rolls back everything it wrote")
  func rollback() async throws {
    struct Boom: Error {}
    try await TestDatabase.withDatabase { database in
      try await Migrator(Self.schema).migrate(database)
      await #expect(throws: Boom.self) {
        try await database.transaction { connection in
          try await connection.query(
            "INSERT INTO accounts (id, email) VALUES (1, 'a@example.com')", logger: database.logger)
          throw Boom()
        }
      }
      #expect(try await self.count(database) == 0)
    }
  }

  @Test("a unique violation becomes ALREADY_EXISTS without SQL text")
  func uniqueViolation() async throws {
    try await TestDatabase.withDatabase { database in
      try await Migrator(Self.schema).migrate(database)
      try await database.transaction { connection in
        try await connection.query(
          "INSERT INTO accounts (id, email) VALUES (1, 'a@example.com')", logger: database.logger)
      }
      let error = await #expect(throws: PlatformError.self) {
        try await database.transaction { connection in
          try await connection.query(
            "INSERT INTO accounts (id, email) VALUES (2, 'a@example.com')", logger: database.logger)
        }
      }
      #expect(error?.code == .alreadyExists)
      #expect(error?.reason == "ALREADY_EXISTS")
      #expect(error?.message.contains("INSERT") == false)
      #expect(try await self.count(database) == 1)
    }
  }

  @Test("a text parameter with a NUL becomes INVALID_ARGUMENT / TEXT_INVALID, reading or writing, and writes nothing")
  func textWithNUL() async throws {
    try await TestDatabase.withDatabase { database in
      try await Migrator(Self.schema).migrate(database)
      let text = "a\u{0}b"
      let written = await #expect(throws: PlatformError.self) {
        try await database.transaction { connection in
          try await connection.query("INSERT INTO accounts (id, email) VALUES (1, \(text))", logger: database.logger)
        }
      }
      #expect(written?.code == .invalidArgument && written?.reason == "TEXT_INVALID")
      #expect(written?.message.contains("INSERT") == false)
      let read = await #expect(throws: PlatformError.self) {
        try await database.withConnection { connection in
          try await connection.query("SELECT id FROM accounts WHERE email = \(text)", logger: database.logger)
        }
      }
      #expect(read?.code == .invalidArgument && read?.reason == "TEXT_INVALID")
      #expect(try await self.count(database) == 0)
    }
  }

  @Test("serialization failures are retried until the transaction commits")
  func serializationRetry() async throws {
    try await TestDatabase.withDatabase { database in
      try await Migrator(Self.schema).migrate(database)
      try await database.transaction { connection in
        try await connection.query(
          "INSERT INTO accounts (id, email) VALUES (1, 'a@example.com')", logger: database.logger)
      }
      let attempts = AttemptCounter()
      // 8 concurrent serializable read-modify-writes of one row: most collide and are retried.
      try await withThrowingTaskGroup(of: Void.self) { group in
        for _ in 0..<8 {
          group.addTask {
            try await database.transaction(isolation: .serializable, attempts: 50) { connection in
              attempts.count.add(1, ordering: .relaxed)
              let rows = try await connection.query(
                "SELECT balance::text FROM accounts WHERE id = 1", logger: database.logger)
              let balance = try await rows.decode(String.self).collect().first ?? "0"
              try await connection.query(
                "UPDATE accounts SET balance = \(balance)::numeric + 1 WHERE id = 1", logger: database.logger)
            }
          }
        }
        try await group.waitForAll()
      }
      let balance = try await database.withConnection { connection in
        let rows = try await connection.query(
          "SELECT balance::text FROM accounts WHERE id = 1", logger: database.logger)
        return try await rows.decode(String.self).collect().first
      }
      #expect(balance == "8")
      #expect(attempts.count.load(ordering: .relaxed) >= 8)
    }
  }

  @Test("an unreachable database is UNAVAILABLE")
  func unreachable() async throws {
    let database = Database(
      DatabaseSettings(host: "127.0.0.1", port: 1, user: "postgres", password: nil, database: "none"),
      logger: Self.quietLogger)
    await withTaskGroup(of: Void.self) { group in
      group.addTask { await database.client.run() }
      let error = await #expect(throws: PlatformError.self) {
        try await database.transaction { connection in
          try await connection.query("SELECT 1", logger: database.logger)
        }
      }
      #expect(error?.code == .unavailable)
      #expect(await !database.isReachable(timeout: .milliseconds(500)))
      group.cancelAll()
    }
  }
}

final class AttemptCounter: Sendable {
  let count = Atomic<Int>(0)
}

@Suite(
  "Timestamps in PostgreSQL",
  .enabled(if: TestDatabase.isAvailable, "needs the test PostgreSQL (scripts/test.sh starts it)"))
struct TimestampCodingTests {
  @Test(
    "instants round-trip to the microsecond; ones beyond PostgreSQL's range become ±infinity instead of trapping",
    arguments: [
      (Int64(1_795_255_200_123_456), "2026-11-21 10:00:00.123456+00"),
      (Int64(-1), "1969-12-31 23:59:59.999999+00"),
      // PostgreSQL's first instant, and the one before it (refused by PostgreSQL if sent as is).
      (Int64(-210_866_803_200_000_000), "4714-11-24 00:00:00+00 BC"),
      (Int64(-210_866_803_200_000_001), "-infinity"),
      (Int64(-257_057_493_911_537_879), "-infinity"),
      (Int64.min, "-infinity"),
      (Int64.max, "infinity"),
    ])
  func roundTrip(micros: Int64, text: String) async throws {
    try await TestDatabase.withDatabase { database in
      let (asText, back) = try await database.withConnection { connection in
        try await connection.query("SET TIME ZONE 'UTC'", logger: database.logger)
        let rows = try await connection.query(
          "SELECT \(UTCTimestamp(microsecondsSinceEpoch: micros))::text, \(UTCTimestamp(microsecondsSinceEpoch: micros))",
          logger: database.logger)
        return try await rows.decode((String, UTCTimestamp).self).collect()[0]
      }
      #expect(asText == text)
      if text.hasSuffix("infinity") {
        #expect(back.microsecondsSinceEpoch == (micros < 0 ? Int64.min : Int64.max))
      } else if micros > Int64.min + 946_684_800_000_000 && micros < Int64.max - 946_684_800_000_000 {
        #expect(back.microsecondsSinceEpoch == micros)
      } else {
        #expect(back.microsecondsSinceEpoch == (micros < 0 ? Int64.min : Int64.max))
      }
    }
  }
}

@Suite(
  "Dates in PostgreSQL",
  .enabled(if: TestDatabase.isAvailable, "needs the test PostgreSQL (scripts/test.sh starts it)"))
struct DateCodingTests {
  @Test(
    "days round-trip; any 32-bit day count beyond PostgreSQL's range becomes ±infinity instead of trapping",
    arguments: [
      (Int32(20_797), "2026-12-10"),
      (Int32(-1), "1969-12-31"),
      // PostgreSQL's first day, and the one before it (refused by PostgreSQL if sent as is).
      (Int32(-2_451_545 + 10_957), "4714-11-24 BC"),
      (Int32(-2_451_545 + 10_957 - 1), "-infinity"),
      (Int32.min, "-infinity"),
      (Int32.min + 5, "-infinity"),
      (Int32.max, "infinity"),
      (Int32.max - 10_000, "infinity"),
    ])
  func roundTrip(days: Int32, text: String) async throws {
    try await TestDatabase.withDatabase { database in
      let (asText, back) = try await database.withConnection { connection in
        let rows = try await connection.query(
          "SELECT \(CalendarDate(daysSinceEpoch: days))::text, \(CalendarDate(daysSinceEpoch: days))",
          logger: database.logger)
        return try await rows.decode((String, CalendarDate).self).collect()[0]
      }
      #expect(asText == text)
      let expected = text.hasSuffix("infinity") ? (days < 0 ? Int32.min : Int32.max) : days
      #expect(back.daysSinceEpoch == expected)
    }
  }
}
