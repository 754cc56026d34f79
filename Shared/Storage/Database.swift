public import Logging
import NIOSSL
public import PostgresNIO
public import ServiceLifecycle

/// A service's database: a postgres-nio connection pool that runs in the service group,
/// with the transaction helper and error mapping every store uses.
public final class Database: Service, Sendable {
  public let client: PostgresClient
  public let logger: Logger
  public let name: String
  /// Pool usage, shown as gauges on /metrics.
  public let statistics: PoolStatistics
  let acquireTimeout: Duration
  let availability: DatabaseAvailability
  /// What the service answers when one of its unique constraints is violated.
  let uniqueViolations: UniqueViolations
  /// Who is told when a pooled connection closes under a running call (``unlessConnectionLost(_:_:)``).
  let closeWatch = ConnectionCloseWatch()

  public init(_ settings: DatabaseSettings, logger: Logger, uniqueViolations: UniqueViolations = UniqueViolations()) {
    self.uniqueViolations = uniqueViolations
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
    self.availability = DatabaseAvailability(
      host: settings.host, port: settings.port, connectTimeout: settings.connectTimeout,
      probeInterval: settings.probeInterval)
  }

  static func tls(_ mode: DatabaseSettings.TLSMode) -> PostgresClient.Configuration.TLS {
    switch mode {
    case .disable: .disable
    case .prefer: .prefer(.makeClientConfiguration())
    case .require: .require(.makeClientConfiguration())
    }
  }

  /// Runs the pool, and the watcher that notices an outage (``DatabaseAvailability``), until
  /// the service group shuts down or the task is cancelled.
  public func run() async throws {
    await cancelWhenGracefulShutdown {
      await withDiscardingTaskGroup { group in
        group.addTask { await self.client.run() }
        group.addTask { await self.availability.watch(logger: self.logger) }
      }
    }
  }

  /// Whether calls are let through to the pool: false while the database is known to be
  /// unreachable (they fail at once with UNAVAILABLE then).
  public var isAcceptingLeases: Bool { self.availability.isReachable }

  /// Runs `body` on a pooled connection; connection failures become UNAVAILABLE.
  public func withConnection<Result: Sendable>(
    _ body: @escaping @Sendable (PostgresConnection) async throws -> Result
  ) async throws -> Result {
    do {
      return try await self.leasing(body)
    } catch {
      throw StoreError.mapping(error, uniqueViolations: self.uniqueViolations)
    }
  }

  /// Whether the database answers a trivial query within `timeout`.
  public func isReachable(timeout: Duration = .seconds(2)) async -> Bool {
    let answered: Bool
    do {
      answered = try await withThrowingTaskGroup(of: Bool.self) { group in
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
      answered = false
    }
    // Readiness polls this every few seconds: a quiet service notices an outage this way too.
    if answered { self.availability.connectionSucceeded() } else { self.availability.suspect() }
    return answered
  }
}
