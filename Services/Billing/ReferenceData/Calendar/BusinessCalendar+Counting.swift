public import WireCodec

/// Deadlines in business days: "5 business days to pay", reminders on days 3 and 5, blocking on
/// day 6 (seed 000).
///
/// Every walk terminates: shipped data and overrides are finite, and beyond them every
/// Monday–Friday outside the statutory holidays is a business day.
extension BusinessCalendar {
  /// `date` itself if it is a business day, otherwise the first business day after it.
  public func nextBusinessDay(onOrAfter date: CalendarDate) -> CalendarDate {
    var day = date
    while !self.isBusinessDay(day) { day = day.adding(days: 1) }
    return day
  }

  /// The first business day strictly after `date`.
  public func nextBusinessDay(after date: CalendarDate) -> CalendarDate {
    self.nextBusinessDay(onOrAfter: date.adding(days: 1))
  }

  /// The `n`-th business day strictly after `date`: with an invoice issued on `date`,
  /// `businessDay(5, after: date)` is the last day to pay. For `n < 1` the answer is `date`.
  public func businessDay(_ n: Int, after date: CalendarDate) -> CalendarDate {
    var day = date
    for _ in 0..<max(n, 0) { day = self.nextBusinessDay(after: day) }
    return day
  }

  /// The number of business days `d` with `start < d <= end` — the inverse of
  /// `businessDay(_:after:)`: `businessDaysBetween(d, businessDay(n, after: d)) == n`.
  /// Negative when `end` is before `start`.
  public func businessDaysBetween(_ start: CalendarDate, _ end: CalendarDate) -> Int {
    guard start <= end else { return -self.businessDaysBetween(end, start) }
    var count = 0
    var day = start.adding(days: 1)
    while day <= end {
      if self.isBusinessDay(day) { count += 1 }
      day = day.adding(days: 1)
    }
    return count
  }
}
