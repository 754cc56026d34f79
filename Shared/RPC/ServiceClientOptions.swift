public import Settings

/// How a service calls one of its dependencies: deadlines, retries, keepalive and reconnects.
/// Keys under `abonent.clients.<dependency>.` (environment `ABONENT_CLIENTS_<DEPENDENCY>_…`);
/// docs/configuration.md lists them. Where the dependency is (address, CA) is the calling
/// service's own setting, e.g. Identity's `billingAddress`.
public struct ServiceClientOptions: Sendable, Hashable {
  /// `deadline` (default 5s): the whole call, retries included, ends by then.
  public var deadline: Duration
  /// `maxAttempts` (default 3, 1–10): attempts of a call marked idempotent; other calls are
  /// made once.
  public var maxAttempts: Int
  /// `retryInitialBackoff` (default 100ms) and `retryMaxBackoff` (default 2s): the pause before
  /// retry n is up to initial × 2^(n−1), at most the maximum, drawn at random ("full jitter")
  /// so that callers which failed together do not retry together.
  public var retryInitialBackoff: Duration
  public var retryMaxBackoff: Duration
  /// `keepaliveTime` (default 30s) and `keepaliveTimeout` (default 10s): while calls are in
  /// flight, a connection silent for `keepaliveTime` is pinged, and closed when the ping is not
  /// answered within `keepaliveTimeout`, so a dead peer fails calls instead of hanging them.
  /// No pings without calls: servers refuse those (gRPC's default policy, also ours).
  public var keepaliveTime: Duration
  public var keepaliveTimeout: Duration
  /// `maxIdle` (default 30m): the connection is closed after carrying no call this long, and
  /// opened again by the next call.
  public var maxIdle: Duration
  /// `reconnectMaxBackoff` (default 5s): the longest pause between attempts to reconnect to a
  /// dependency that is down, so it is found again soon after it is back.
  public var reconnectMaxBackoff: Duration

  public init(
    deadline: Duration = .seconds(5), maxAttempts: Int = 3, retryInitialBackoff: Duration = .milliseconds(100),
    retryMaxBackoff: Duration = .seconds(2), keepaliveTime: Duration = .seconds(30),
    keepaliveTimeout: Duration = .seconds(10),
    maxIdle: Duration = .seconds(1800), reconnectMaxBackoff: Duration = .seconds(5)
  ) {
    self.deadline = deadline
    self.maxAttempts = maxAttempts
    self.retryInitialBackoff = retryInitialBackoff
    self.retryMaxBackoff = retryMaxBackoff
    self.keepaliveTime = keepaliveTime
    self.keepaliveTimeout = keepaliveTimeout
    self.maxIdle = maxIdle
    self.reconnectMaxBackoff = reconnectMaxBackoff
  }

  /// The options for calls to `dependency` (e.g. `billing`), defaults where unset.
  public init(_ reader: SettingsReader, dependency: String) throws(ConfigurationError) {
    let prefix = "abonent.clients.\(dependency)."
    let defaults = ServiceClientOptions()
    self.init(
      deadline: try reader.duration(prefix + "deadline", default: defaults.deadline),
      maxAttempts: try reader.int(prefix + "maxAttempts", default: defaults.maxAttempts, in: 1...10),
      retryInitialBackoff: try reader.duration(prefix + "retryInitialBackoff", default: defaults.retryInitialBackoff),
      retryMaxBackoff: try reader.duration(prefix + "retryMaxBackoff", default: defaults.retryMaxBackoff),
      keepaliveTime: try reader.duration(prefix + "keepaliveTime", default: defaults.keepaliveTime),
      keepaliveTimeout: try reader.duration(prefix + "keepaliveTimeout", default: defaults.keepaliveTimeout),
      maxIdle: try reader.duration(prefix + "maxIdle", default: defaults.maxIdle),
      reconnectMaxBackoff: try reader.duration(prefix + "reconnectMaxBackoff", default: defaults.reconnectMaxBackoff))
    guard self.deadline > .zero else {
      throw ConfigurationError(
        message: "\(prefix)deadline (\(SettingsReader.environmentName(of: prefix + "deadline"))): must be more than 0")
    }
    guard self.retryMaxBackoff >= self.retryInitialBackoff else {
      throw ConfigurationError(
        message:
          "\(prefix)retryMaxBackoff (\(SettingsReader.environmentName(of: prefix + "retryMaxBackoff"))): shorter than retryInitialBackoff"
      )
    }
  }

  /// The pause before retry `retry` (1 for the first): a random share of the capped
  /// exponential backoff.
  public func backoff(beforeRetry retry: Int) -> Duration {
    var ceiling = self.retryInitialBackoff
    for _ in 1..<max(1, retry) where ceiling < self.retryMaxBackoff { ceiling *= 2 }
    ceiling = min(ceiling, self.retryMaxBackoff)
    let nanoseconds = ceiling.components.seconds * 1_000_000_000 + ceiling.components.attoseconds / 1_000_000_000
    return .nanoseconds(Int64.random(in: 0...max(0, nanoseconds)))
  }
}
