import Foundation
import Logging
import PostgresNIO
import ServiceLifecycle
import Storage
import Synchronization
import TestSupport
import Testing

@testable import Mail

/// A clock the test moves by hand; its sleep is a short real pause so a running loop still spins.
final class ManualClock: MailClock {
  let time = Mutex(Date())
  func now() -> Date { self.time.withLock { $0 } }
  func advance(by duration: Duration) {
    self.time.withLock { $0 = $0.addingTimeInterval(Double(duration.components.seconds)) }
  }
  func sleep(for duration: Duration) async throws { try await Task.sleep(for: .milliseconds(20)) }
}

/// One outbox row as the tests inspect it.
struct OutboxRow {
  var attempts: Int
  var lastError: String?
  var nextAttemptAt: Date
  var sentAt: Date?
  var failedAt: Date?
}

@Suite(
  "Mail outbox and deliverer",
  .enabled(if: TestDatabase.isAvailable, "needs the test PostgreSQL (scripts/test.sh starts it)"),
  .enabled(if: SMTPSink.python != nil, "set ABONENT_TEST_PYTHON to a Python with aiosmtpd (scripts/test.sh does)"))
struct MailDelivererTests {
  static let sender = MailAddress("noreply@abonent.test", name: "Abonent")
  static let logger = Logger(label: "mail-test")

  func settings(_ sink: SMTPSink) -> MailSettings {
    var settings = MailSettings(host: "127.0.0.1", port: sink.port, from: Self.sender)
    settings.timeout = .seconds(5)
    settings.retryInitial = .seconds(60)
    settings.retryMax = .seconds(600)
    settings.maxAttempts = 5
    return settings
  }

  func migrate(_ database: Database) async throws {
    try await Migrator(MailOutbox.migrations).migrate(database)
  }

  func rows(_ database: Database) async throws -> [OutboxRow] {
    try await database.withConnection { connection in
      let rows = try await connection.query(
        "SELECT attempts, last_error, next_attempt_at, sent_at, failed_at FROM mail_outbox ORDER BY id",
        logger: Self.logger)
      return try await rows.decode((Int, String?, Date, Date?, Date?).self).map {
        OutboxRow(attempts: $0, lastError: $1, nextAttemptAt: $2, sentAt: $3, failedAt: $4)
      }.collect()
    }
  }

  @Test("a mail queued while the SMTP server is down is delivered after it comes up, exactly once")
  func deliveredAfterRelayComesBack() async throws {
    try await TestDatabase.withDatabase { database in
      try await self.migrate(database)
      let sink = try SMTPSink()  // not started: the relay is down
      var settings = self.settings(sink)
      settings.pollInterval = .milliseconds(50)
      settings.retryInitial = .milliseconds(400)
      settings.retryMax = .seconds(1)
      settings.maxAttempts = 1000  // the sink's start may take seconds on a loaded machine; never give up here
      let deliverer = try MailDeliverer(database: database, settings: settings, logger: Self.logger)
      let subject = "Ваш счёт заблокирован 🔒"
      let body = "Пополните баланс, чтобы возобновить услуги.\nС уважением, Абонент."
      try await deliverer.outbox.enqueue(
        Mail(to: [MailAddress("anna@customer.test", name: "Анна")], subject: subject, body: body))

      let group = ServiceGroup(configuration: ServiceGroupConfiguration(services: [deliverer], logger: Self.logger))
      try await withThrowingTaskGroup(of: Void.self) { tasks in
        tasks.addTask { try await group.run() }

        // The deliverer tries, fails, and records why.
        let failed = try await self.eventually(database) {
          $0.first.map { $0.attempts >= 1 && $0.lastError != nil } ?? false
        }
        #expect(failed.sentAt == nil && failed.failedAt == nil)
        #expect(failed.lastError?.contains("cannot connect") == true)
        #expect(try sink.received().isEmpty)

        try await sink.start()
        let sent = try await self.eventually(database) { $0.first?.sentAt != nil }
        #expect(sent.attempts >= 2)
        #expect(sent.lastError == nil)
        // Let a few more poll rounds pass: nothing may be sent a second time.
        try await Task.sleep(for: .milliseconds(500))
        await group.triggerGracefulShutdown()
        try await tasks.waitForAll()  // run() returned on graceful shutdown
      }
      let mails = try sink.received()
      try #require(mails.count == 1)
      #expect(mails[0].subject == subject)
      #expect(mails[0].text == body)
      #expect(mails[0].rcptTos == ["anna@customer.test"])
    }
  }

  @Test("a mail enqueued in a rolled-back transaction is never sent; a committed one is")
  func rolledBack() async throws {
    try await TestDatabase.withDatabase { database in
      try await self.migrate(database)
      let sink = try SMTPSink()
      try await sink.start()
      struct Abort: Error {}
      await #expect(throws: Abort.self) {
        try await database.transaction { connection in
          try await MailOutbox.enqueue(
            Mail(to: [MailAddress("a@customer.test")], subject: "rolled back", body: "no"), on: connection)
          throw Abort()
        }
      }
      try await database.transaction { connection in
        try await MailOutbox.enqueue(
          Mail(to: [MailAddress("a@customer.test")], subject: "committed", body: "yes"), on: connection)
      }
      let clock = ManualClock()
      let deliverer = try MailDeliverer(
        database: database, settings: self.settings(sink), logger: Self.logger, clock: clock)
      #expect(try await deliverer.deliverDue() == MailDeliveryRound(sent: 1))
      clock.advance(by: .seconds(86400))
      #expect(try await deliverer.deliverDue() == MailDeliveryRound())
      #expect(try sink.received().map(\.subject) == ["committed"])
      #expect(try await self.rows(database).count == 1)
    }
  }

  @Test("a permanent 5xx rejection marks the mail failed once, with no retries")
  func permanentRejection() async throws {
    try await TestDatabase.withDatabase { database in
      try await self.migrate(database)
      let sink = try SMTPSink(options: ["--reject-domain", "rejected.test"])
      try await sink.start()
      let outbox = MailOutbox(database: database)
      try await outbox.enqueue(Mail(to: [MailAddress("ghost@rejected.test")], subject: "bounce", body: "x"))
      try await outbox.enqueue(Mail(to: [MailAddress("real@customer.test")], subject: "fine", body: "y"))
      // The clock starts after the enqueue, whose next_attempt_at is the database's now().
      let clock = ManualClock()
      let deliverer = try MailDeliverer(
        database: database, settings: self.settings(sink), logger: Self.logger, clock: clock)

      #expect(try await deliverer.deliverDue() == MailDeliveryRound(sent: 1, failed: 1))
      for _ in 0..<5 {
        clock.advance(by: .seconds(7200))
        #expect(try await deliverer.deliverDue() == MailDeliveryRound())
      }
      let rows = try await self.rows(database)
      #expect(rows[0].failedAt != nil && rows[0].sentAt == nil && rows[0].attempts == 1)
      #expect(rows[0].lastError?.contains("550") == true)
      #expect(rows[1].sentAt != nil)
      #expect(sink.rejections() == ["ghost@rejected.test"])
      #expect(try sink.received().map(\.subject) == ["fine"])
    }
  }

  @Test("retries back off exponentially and stop after maxAttempts")
  func backoffAndGiveUp() async throws {
    try await TestDatabase.withDatabase { database in
      try await self.migrate(database)
      let sink = try SMTPSink()  // never started
      var settings = self.settings(sink)
      settings.maxAttempts = 3
      try await MailOutbox(database: database).enqueue(
        Mail(to: [MailAddress("a@customer.test")], subject: "s", body: "b"))
      let clock = ManualClock()
      let deliverer = try MailDeliverer(database: database, settings: settings, logger: Self.logger, clock: clock)

      #expect(try await deliverer.deliverDue() == MailDeliveryRound(retrying: 1))
      var row = try #require(try await self.rows(database).first)
      var wait = row.nextAttemptAt.timeIntervalSince(clock.now())
      #expect(wait >= 29.9 && wait <= 60.1)  // 60 s jittered to 50–100 %
      #expect(try await deliverer.deliverDue() == MailDeliveryRound())  // not due yet

      clock.advance(by: .seconds(61))
      #expect(try await deliverer.deliverDue() == MailDeliveryRound(retrying: 1))
      row = try #require(try await self.rows(database).first)
      wait = row.nextAttemptAt.timeIntervalSince(clock.now())
      #expect(wait >= 59.9 && wait <= 120.1)  // doubled

      clock.advance(by: .seconds(121))
      #expect(try await deliverer.deliverDue() == MailDeliveryRound(failed: 1))
      row = try #require(try await self.rows(database).first)
      #expect(row.attempts == 3 && row.failedAt != nil && row.sentAt == nil)
      clock.advance(by: .seconds(86400))
      #expect(try await deliverer.deliverDue() == MailDeliveryRound())
    }
  }

  @Test("enqueue with a dedupe key is idempotent")
  func dedupe() async throws {
    try await TestDatabase.withDatabase { database in
      try await self.migrate(database)
      let outbox = MailOutbox(database: database)
      let mail = Mail(to: [MailAddress("a@customer.test")], subject: "once", body: "b", dedupeKey: "invoice-42-paid")
      #expect(try await outbox.enqueue(mail))
      #expect(try await outbox.enqueue(mail) == false)
      #expect(try await outbox.enqueue(Mail(to: mail.to, subject: "no key", body: "b")))
      #expect(try await outbox.enqueue(Mail(to: mail.to, subject: "no key", body: "b")))
      #expect(try await self.rows(database).count == 3)
      await #expect(throws: MailError.invalidAddress("not-an-address")) {
        try await outbox.enqueue(Mail(to: [MailAddress("not-an-address")], subject: "x", body: "x"))
      }
    }
  }

  @Test("two replicas delivering at once send every mail exactly once")
  func replicas() async throws {
    try await TestDatabase.withDatabase { database in
      try await self.migrate(database)
      let sink = try SMTPSink()
      try await sink.start()
      var settings = self.settings(sink)
      settings.batchSize = 3
      let outbox = MailOutbox(database: database)
      for index in 0..<12 {
        try await outbox.enqueue(
          Mail(to: [MailAddress("user\(index)@customer.test")], subject: "mail \(index)", body: "b"))
      }
      let first = try MailDeliverer(database: database, settings: settings, logger: Self.logger)
      let second = try MailDeliverer(database: database, settings: settings, logger: Self.logger)
      let sent = try await withThrowingTaskGroup(of: Int.self) { group in
        for deliverer in [first, second] {
          group.addTask {
            var total = 0
            for _ in 0..<6 { total += try await deliverer.deliverDue().sent }
            return total
          }
        }
        return try await group.reduce(0, +)
      }
      #expect(sent == 12)
      let subjects = try sink.received().map(\.subject)
      #expect(subjects.count == 12)
      #expect(Set(subjects) == Set((0..<12).map { "mail \($0)" }))
      #expect(try await self.rows(database).allSatisfy { $0.sentAt != nil && $0.attempts == 1 })
    }
  }

  /// Polls the outbox until `condition` holds for its rows (at most ~15 s); returns the first row.
  func eventually(_ database: Database, _ condition: ([OutboxRow]) -> Bool) async throws -> OutboxRow {
    for _ in 0..<300 {
      let rows = try await self.rows(database)
      if condition(rows) { return try #require(rows.first) }
      try await Task.sleep(for: .milliseconds(50))
    }
    Issue.record("the outbox never reached the expected state")
    return try #require(try await self.rows(database).first)
  }
}
