public import Settings

/// How a service runs its background jobs. Keys under `abonent.jobs.` (environment
/// `ABONENT_JOBS_…`); docs/configuration.md lists them.
public struct JobRunnerSettings: Sendable {
  /// `pollInterval` (default 1s): how often an idle runner looks for due jobs.
  public var pollInterval: Duration
  /// `lease` (default 5m): how long a claimed job is reserved for its worker. A job whose
  /// worker died is run again by another once its lease has expired.
  public var lease: Duration
  /// `concurrency` (default 4, 1–64): jobs one replica runs at once.
  public var concurrency: Int
  /// `retryBase` (default 10s) and `retryMax` (default 1h): a failed job waits
  /// retryBase × 2^(attempt−1), at most retryMax, plus up to 10% jitter.
  public var retryBase: Duration
  public var retryMax: Duration

  public init(
    pollInterval: Duration = .seconds(1), lease: Duration = .seconds(300), concurrency: Int = 4,
    retryBase: Duration = .seconds(10), retryMax: Duration = .seconds(3600)
  ) {
    self.pollInterval = pollInterval
    self.lease = lease
    self.concurrency = concurrency
    self.retryBase = retryBase
    self.retryMax = retryMax
  }

  public init(_ reader: SettingsReader) throws(ConfigurationError) {
    self.init(
      pollInterval: try reader.duration("abonent.jobs.pollInterval", default: .seconds(1)),
      lease: try reader.duration("abonent.jobs.lease", default: .seconds(300)),
      concurrency: try reader.int("abonent.jobs.concurrency", default: 4, in: 1...64),
      retryBase: try reader.duration("abonent.jobs.retryBase", default: .seconds(10)),
      retryMax: try reader.duration("abonent.jobs.retryMax", default: .seconds(3600))
    )
  }

  /// The pause before attempt `attempt + 1`, without jitter.
  func backoff(afterAttempt attempt: Int) -> Duration {
    var delay = self.retryBase
    for _ in 1..<max(1, attempt) where delay < self.retryMax { delay *= 2 }
    return min(delay, self.retryMax)
  }
}
