/// When a failed mail is tried again: exponential backoff with jitter, capped, and a limit on
/// attempts after which the mail is given up as failed.
public struct MailRetryPolicy: Sendable {
  public var initial: Duration
  public var maximum: Duration
  public var maxAttempts: Int

  public init(initial: Duration, maximum: Duration, maxAttempts: Int) {
    self.initial = initial
    self.maximum = maximum
    self.maxAttempts = maxAttempts
  }

  public init(_ settings: MailSettings) {
    self.init(initial: settings.retryInitial, maximum: settings.retryMax, maxAttempts: settings.maxAttempts)
  }

  /// The wait after failed attempt number `attempt` (1-based): `initial · 2^(attempt−1)`, at most
  /// `maximum`, scaled by `jitter` in 0.5…1 so replicas that failed together do not retry together.
  public func delay(afterAttempt attempt: Int, jitter: Double = Double.random(in: 0.5...1)) -> Duration {
    let exponent = min(max(attempt - 1, 0), 40)
    let uncapped = self.initial.timeInterval * Double(Int(1) << exponent)
    let capped = min(uncapped, self.maximum.timeInterval)
    return .milliseconds(Int64((capped * min(max(jitter, 0.5), 1) * 1000).rounded()))
  }

  /// Whether a mail that failed its `attempt`-th attempt is given up.
  public func isExhausted(afterAttempt attempt: Int) -> Bool {
    attempt >= self.maxAttempts
  }
}
