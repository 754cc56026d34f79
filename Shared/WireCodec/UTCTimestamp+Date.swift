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

extension UTCTimestamp {
  /// The calendar day of this instant on a wall clock `utcOffsetSeconds` ahead of UTC (days
  /// counted down, also before 1970).
  public func calendarDay(utcOffsetSeconds: Int) -> CalendarDate {
    let day: Int64 = 86_400_000_000
    let (local, overflow) = self.microsecondsSinceEpoch.addingReportingOverflow(Int64(utcOffsetSeconds) * 1_000_000)
    let micros = overflow ? (utcOffsetSeconds > 0 ? Int64.max : Int64.min) : local
    let days = micros >= 0 ? micros / day : (micros + 1) / day - 1
    return CalendarDate(daysSinceEpoch: Int32(clamping: days))
  }
}
