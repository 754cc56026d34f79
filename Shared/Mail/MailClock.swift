#if canImport(FoundationEssentials)
  public import FoundationEssentials
#else
  public import Foundation
#endif

/// Where ``MailDeliverer`` reads the time and waits: the system clock in production, a clock
/// the test moves in tests (so a one-hour backoff takes no time to test).
public protocol MailClock: Sendable {
  func now() -> Date
  func sleep(for duration: Duration) async throws
}

/// The wall clock and `Task.sleep`.
public struct SystemMailClock: MailClock {
  public init() {}
  public func now() -> Date { Date() }
  public func sleep(for duration: Duration) async throws { try await Task.sleep(for: duration) }
}

extension Date {
  static func + (date: Date, duration: Duration) -> Date {
    date.addingTimeInterval(duration.timeInterval)
  }
}

extension Duration {
  var timeInterval: TimeInterval {
    Double(self.components.seconds) + Double(self.components.attoseconds) / 1e18
  }
}
