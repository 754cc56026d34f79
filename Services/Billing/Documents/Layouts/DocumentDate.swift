/// A calendar day with no time zone, as printed on a document and stored in a spreadsheet.
///
/// Billing's dates are days (issue date, due date, period bounds), not instants; keeping them
/// as year-month-day avoids a time zone ever shifting an invoice to the previous day.
public struct DocumentDate: Sendable, Hashable, Comparable {
  /// Days since 1970-01-01.
  let daysSinceEpoch: Int

  /// The date, or `nil` if the day does not exist (2026-02-29) or the year is outside 1900…9999,
  /// the range spreadsheet serial dates cover.
  public init?(year: Int, month: Int, day: Int) {
    guard (1900...9999).contains(year), (1...12).contains(month),
      (1...Self.daysIn(month: month, year: year)).contains(day)
    else { return nil }
    // Howard Hinnant's days_from_civil.
    let y = month <= 2 ? year - 1 : year
    let era = y / 400
    let yearOfEra = y - era * 400
    let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
    let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
    self.daysSinceEpoch = era * 146_097 + dayOfEra - 719_468
  }

  /// Year, month (1–12) and day (1–31).
  public var components: (year: Int, month: Int, day: Int) {
    // Howard Hinnant's civil_from_days.
    let z = self.daysSinceEpoch + 719_468
    let era = z / 146_097
    let dayOfEra = z - era * 146_097
    let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
    let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
    let mp = (5 * dayOfYear + 2) / 153
    let day = dayOfYear - (153 * mp + 2) / 5 + 1
    let month = mp < 10 ? mp + 3 : mp - 9
    return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
  }

  /// `01.03.2026`, the Russian document convention.
  public var russianFormat: String {
    let (year, month, day) = self.components
    return "\(PDFText.digits(day, 2)).\(PDFText.digits(month, 2)).\(PDFText.digits(year, 4))"
  }

  /// The spreadsheet serial number as Excel counts: 1 is 1900-01-01, and Excel (copying Lotus
  /// 1-2-3) believes 1900-02-29 existed as serial 60. Counting from 1899-12-30 matches it from
  /// March 1900 on; January and February 1900 sit one lower.
  var spreadsheetSerial: Int {
    let serial = self.daysSinceEpoch + 25_569
    return serial < 61 ? serial - 1 : serial
  }

  public static func < (lhs: DocumentDate, rhs: DocumentDate) -> Bool {
    lhs.daysSinceEpoch < rhs.daysSinceEpoch
  }

  static func daysIn(month: Int, year: Int) -> Int {
    switch month {
    case 2: year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
    case 4, 6, 9, 11: 30
    default: 31
    }
  }
}
