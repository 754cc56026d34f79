import GRPCCore
import Logging
import PostgresNIO
import RPC
import Storage
import TestSupport
import Testing
import WireCodec

/// Calls while the database is down: they are answered UNAVAILABLE / DEPENDENCY_UNAVAILABLE
/// promptly — never after the whole lease timeout, never past the call's own deadline — and
/// go through again once the database is back. Against a real PostgreSQL of the test's own,
/// stopped and started again.
@Suite(
  "Database outage",
  .enabled(if: PrivatePostgres.canStart, "needs the PostgreSQL server binaries and the postgres user"))
struct OutageTests {
  static let logger = Logger(label: "outage-test", factory: { _ in SwiftLogNoOpLogHandler() })

  static func settings(_ server: PrivatePostgres) -> DatabaseSettings {
    var settings = DatabaseSettings(
      host: "127.0.0.1", port: server.port, user: "postgres", password: nil, database: "postgres")
    // Long, so that a wait for it cannot pass for failing fast on a loaded machine.
    settings.acquireTimeout = .seconds(30)
    settings.probeInterval = .milliseconds(100)
    return settings
  }

  /// The first call, which opens the pool's connection: on a loaded machine (the whole suite
  /// starting at once) that may take seconds, so it is tried for up to a minute.
  static func warmUp(_ database: Database) async throws {
    let end = ContinuousClock.now + .seconds(60)
    while true {
      do {
        return try await Self.selectOne(database)
      } catch let error as PlatformError where ContinuousClock.now < end {
        database.logger.info("warm-up failed; trying again", metadata: ["error": "\(error.reason)"])
        try await Task.sleep(for: .milliseconds(200))
      }
    }
  }

  static func selectOne(_ database: Database) async throws {
    try await database.withConnection { connection in
      _ = try await connection.query("SELECT 1", logger: database.logger)
    }
  }

  /// How long `body` took, and the error it failed with (nil if it succeeded).
  static func timed(_ body: () async throws -> Void) async -> (Duration, (any Error)?) {
    let start = ContinuousClock.now
    do {
      try await body()
      return (start.duration(to: .now), nil)
    } catch {
      return (start.duration(to: .now), error)
    }
  }

  static func isDependencyUnavailable(_ error: (any Error)?) -> Bool {
    guard let error = error as? PlatformError else { return false }
    return error.code == .unavailable && error.reason == "DEPENDENCY_UNAVAILABLE"
  }

  @Test("while PostgreSQL is down every call fails well within the lease timeout, and succeeds again once it is back")
  func failFastThenRecover() async throws {
    let server = try await PrivatePostgres.start()
    do {
      try await TestDatabase.running(Self.settings(server)) { database in
        try await Self.warmUp(database)
        try await server.stop()
        // The first call finds the pool's connection gone (or waits a moment for a new one),
        // which makes the pool probe the server: it notices the outage long before the 30 s
        // acquire timeout (about a second; the bound leaves room for a loaded machine).
        let (first, firstError) = await Self.timed { try await Self.selectOne(database) }
        #expect(Self.isDependencyUnavailable(firstError), "\(String(describing: firstError))")
        #expect(first < .seconds(10), "the first call took \(first)")
        // The probe the first call asked for marks the database unreachable (it may finish
        // just after that call, when the call ended on the pool's own connect error).
        let marked = ContinuousClock.now + .seconds(10)
        while database.isAcceptingLeases && ContinuousClock.now < marked {
          try await Task.sleep(for: .milliseconds(20))
        }
        #expect(!database.isAcceptingLeases, "the outage was not noticed within 10 s")
        // From then on calls are refused at once, without asking the pool: the refusal counter
        // counts exactly those.
        let refusedBefore = database.statistics.refused
        for _ in 1...5 {
          let (took, error) = await Self.timed { try await Self.selectOne(database) }
          #expect(Self.isDependencyUnavailable(error), "\(String(describing: error))")
          #expect(took < .seconds(5), "a call during the outage took \(took)")
        }
        #expect(!database.isAcceptingLeases)
        #expect(database.statistics.refused - refusedBefore == 5)

        try await server.start()
        // Back once a probe connects and the pool has a connection again (its own back-off
        // after a short outage is well under a second or two).
        let deadline = ContinuousClock.now + .seconds(20)
        var recovered = false
        while !recovered && ContinuousClock.now < deadline {
          recovered = (try? await Self.selectOne(database)) != nil
          if !recovered { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(recovered, "no call succeeded within 20 s of PostgreSQL's restart")
        #expect(database.isAcceptingLeases)
      }
    } catch {
      await server.remove()
      throw error
    }
    await server.remove()
  }

  @Test("a lease never waits past the call's deadline, whatever the acquire timeout")
  func leaseEndsBeforeTheDeadline() async throws {
    let server = try await PrivatePostgres.start()
    do {
      var settings = Self.settings(server)
      settings.maxConnections = 1
      settings.acquireTimeout = .seconds(30)
      try await TestDatabase.running(settings) { database in
        try await Self.warmUp(database)
        // The only connection is held by a slow query; the database itself is fine.
        try await withThrowingTaskGroup(of: Void.self) { group in
          group.addTask {
            try await database.withConnection { connection in
              _ = try await connection.query("SELECT pg_sleep(10)", logger: database.logger)
            }
          }
          while database.statistics.leased == 0 { try await Task.sleep(for: .milliseconds(10)) }
          let scope = CallScope(requestID: "deadline-test", limits: .default, drain: nil, deadline: .now + .seconds(3))
          let (took, error) = await CallScope.$current.withValue(scope) {
            await Self.timed { try await Self.selectOne(database) }
          }
          #expect(Self.isDependencyUnavailable(error), "\(String(describing: error))")
          // It waited until just before the deadline (3 s less at most 100 ms), not for the 30 s
          // acquire timeout nor the 10 s query; the upper bound leaves room for a loaded machine.
          #expect(took >= .milliseconds(2_700) && took < .seconds(10), "the lease gave up after \(took)")
          // A busy pool is not an outage: calls are still let through.
          #expect(database.isAcceptingLeases)
          try await group.waitForAll()
        }
      }
    } catch {
      await server.remove()
      throw error
    }
    await server.remove()
  }
}
