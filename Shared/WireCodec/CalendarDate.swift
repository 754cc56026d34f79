/// A day in the proleptic Gregorian calendar, with no time zone: a billing period start,
/// a due date, a meter reading day.
///
/// Wire: kind `varint`, zig-zag of the days since 1970-01-01 (negative before it).
public struct CalendarDate: Sendable, Hashable, Comparable {
  public var daysSinceEpoch: Int32

  @inlinable
  public init(daysSinceEpoch: Int32) {
    self.daysSinceEpoch = daysSinceEpoch
  }

  /// The date, or `nil` if the day does not exist (e.g. 2026-02-29) or the year is outside 1…9999.
  public init?(year: Int, month: Int, day: Int) {
    guard (1...9999).contains(year), (1...12).contains(month),
      (1...CalendarDate.daysIn(month: month, year: year)).contains(day)
    else { return nil }
    // Howard Hinnant's days_from_civil.
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yearOfEra = y - era * 400
    let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
    let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
    self.init(daysSinceEpoch: Int32(era * 146_097 + dayOfEra - 719_468))
  }

  /// Year, month (1–12) and day (1–31).
  public var components: (year: Int, month: Int, day: Int) {
    // Howard Hinnant's civil_from_days.
    let z = Int(self.daysSinceEpoch) + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let dayOfEra = z - era * 146_097
    let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
    let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
    let mp = (5 * dayOfYear + 2) / 153
    let day = dayOfYear - (153 * mp + 2) / 5 + 1
    let month = mp < 10 ? mp + 3 : mp - 9
    return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
  }

  public static func daysIn(month: Int, year: Int) -> Int {
    switch month {
    case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
    case 4, 6, 9, 11: 30
    default: 31
    }
  }

  public static func < (lhs: CalendarDate, rhs: CalendarDate) -> Bool {
    lhs.daysSinceEpoch < rhs.daysSinceEpoch
  }
}

extension CalendarDate: CustomStringConvertible {
  /// ISO 8601, `YYYY-MM-DD`.
  public var description: String {
    let (year, month, day) = self.components
    return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
  }

  /// Parses `YYYY-MM-DD`, or `nil`.
  public init?(iso8601 text: String) {
    let chars = Array(text.utf8)
    guard chars.count == 10, chars[4] == UInt8(ascii: "-"), chars[7] == UInt8(ascii: "-"),
      let year = digits(chars, 0, 4), let month = digits(chars, 5, 2), let day = digits(chars, 8, 2)
    else { return nil }
    self.init(year: year, month: month, day: day)
  }
}

extension CalendarDate: WireScalar {
  public static var wireDefault: CalendarDate { CalendarDate(daysSinceEpoch: 0) }
  public static var wireKind: WireKind { .varint }
  public static var wireTypeName: String { "date" }
  @inlinable public var isWireDefault: Bool { self.daysSinceEpoch == 0 }

  @inlinable
  public func writeWirePayload(to writer: inout WireWriter) {
    writer.writeSignedVarint(Int64(self.daysSinceEpoch))
  }

  @inlinable
  public static func readWirePayload(from reader: inout WireReader) throws(WireDecodingError) -> CalendarDate {
    guard let days = Int32(exactly: try reader.readSignedVarint()) else { throw reader.fail(.valueOutOfRange) }
    return CalendarDate(daysSinceEpoch: days)
  }
}

extension CalendarDate {
  /// The 1st of this date's month.
  public var firstOfMonth: CalendarDate {
    CalendarDate(daysSinceEpoch: self.daysSinceEpoch - Int32(self.components.day - 1))
  }

  /// The last day of this date's month.
  public var lastOfMonth: CalendarDate {
    let (year, month, day) = self.components
    return CalendarDate(
      daysSinceEpoch: self.daysSinceEpoch + Int32(CalendarDate.daysIn(month: month, year: year) - day))
  }
}
