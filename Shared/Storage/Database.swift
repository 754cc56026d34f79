public import Logging
public import PostgresNIO
public import ServiceLifecycle
import NIOSSL
import RPC
import Synchronization

/// A service's database: a postgres-nio connection pool that runs in the service group,
/// with the transaction helper and error mapping every store uses.
public final class Database: Service, Sendable {
  public let client: PostgresClient
  public let logger: Logger
  public let name: String
  /// Pool usage, shown as gauges on /metrics.
  public let statistics: PoolStatistics
  let acquireTimeout: Duration

  public init(_ settings: DatabaseSettings, logger: Logger) {
    var configuration = PostgresClient.Configuration(
      host: settings.host,
      port: settings.port,
      username: settings.user,
      password: settings.password,
      database: settings.database,
      tls: Self.tls(settings.tls)
    )
    configuration.options.maximumConnections = settings.maxConnections
    configuration.options.connectTimeout = settings.connectTimeout
    self.client = PostgresClient(configuration: configuration, backgroundLogger: logger)
    self.logger = logger
    self.name = settings.database
    self.acquireTimeout = settings.acquireTimeout
    self.statistics = PoolStatistics(maximum: settings.maxConnections)
  }

  static func tls(_ mode: DatabaseSettings.TLSMode) -> PostgresClient.Configuration.TLS {
    switch mode {
    case .disable: .disable
    case .prefer: .prefer(.makeClientConfiguration())
    case .require: .require(.makeClientConfiguration())
    }
  }

  /// Runs the pool until the service group shuts down.
  public func run() async throws {
    await cancelWhenGracefulShutdown {
      await self.client.run()
    }
  }

  /// Runs `body` on a pooled connection; connection failures become UNAVAILABLE.
  public func withConnection<Result: Sendable>(
    _ body: @escaping @Sendable (PostgresConnection) async throws -> Result
  ) async throws -> Result {
    do {
      return try await self.leasing(body)
    } catch {
      throw StoreError.mapping(error)
    }
  }

  /// Leases a connection, giving up with UNAVAILABLE after `acquireTimeout`: while the
  /// database is down the pool keeps retrying, and a caller must not wait for it forever.
  func leasing<Result: Sendable>(_ body: @Sendable @escaping (PostgresConnection) async throws -> Result) async throws -> Result {
    let acquired = LeaseFlag()
    let timeout = self.acquireTimeout
    let statistics = self.statistics
    statistics.add(.waiting, 1)
    // Whoever settles the flag first (the lease, or giving up) stops counting the wait.
    defer { if acquired.settle() { statistics.add(.waiting, -1) } }
    return try await withThrowingTaskGroup(of: Result?.self) { group in
      group.addTask {
        try await self.client.withConnection { connection in
          if acquired.settle() { statistics.add(.waiting, -1) }
          statistics.add(.leased, 1)
          defer { statistics.add(.leased, -1) }
          return try await body(connection)
        }
      }
      group.addTask {
        try await Task.sleep(for: timeout)
        guard !acquired.isSet else { return nil }
        statistics.add(.timedOut, 1)
        throw PlatformError.unavailable("The database")
      }
      while let next = try await group.next() {
        if let result = next {
          group.cancelAll()
          return result
        }
      }
      throw CancellationError()
    }
  }

  /// Whether the database answers a trivial query within `timeout`.
  public func isReachable(timeout: Duration = .seconds(2)) async -> Bool {
    do {
      return try await withThrowingTaskGroup(of: Bool.self) { group in
        group.addTask {
          try await self.client.query("SELECT 1", logger: self.logger)
          return true
        }
        group.addTask {
          try await Task.sleep(for: timeout)
          return false
        }
        let first = try await group.next() ?? false
        group.cancelAll()
        return first
      }
    } catch {
      return false
    }
  }
}

/// Set once a connection is leased, so the lease timeout does not cut a running query.
final class LeaseFlag: Sendable {
  let value = Atomic<Bool>(false)
  /// Sets the flag; true for the one caller that set it first.
  func settle() -> Bool { self.value.compareExchange(expected: false, desired: true, ordering: .relaxed).exchanged }
  var isSet: Bool { self.value.load(ordering: .relaxed) }
}
