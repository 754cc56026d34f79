import WireCodec

extension CalendarDate {
  /// ISO 8601 weekday: 1 is Monday, 7 is Sunday. Day 0 (1970-01-01) was a Thursday.
  var isoWeekday: Int {
    let fromMonday = (Int(self.daysSinceEpoch) + 3) % 7
    return (fromMonday < 0 ? fromMonday + 7 : fromMonday) + 1
  }

  /// Saturday or Sunday: days off in both countries' five-day week unless a decree says otherwise.
  var isWeekend: Bool { self.isoWeekday >= 6 }

  func adding(days: Int32) -> CalendarDate {
    CalendarDate(daysSinceEpoch: self.daysSinceEpoch + days)
  }
}
