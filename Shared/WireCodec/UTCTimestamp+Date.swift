#if canImport(FoundationEssentials)
  public import FoundationEssentials
#else
  public import Foundation
#endif

extension UTCTimestamp {
  /// The current time, truncated to the microsecond.
  public static var now: UTCTimestamp {
    UTCTimestamp(date: Date())
  }

  public init(date: Date) {
    self.init(microsecondsSinceEpoch: Int64((date.timeIntervalSince1970 * 1_000_000).rounded(.down)))
  }

  public var date: Date {
    Date(timeIntervalSince1970: Double(self.microsecondsSinceEpoch) / 1_000_000)
  }
}
