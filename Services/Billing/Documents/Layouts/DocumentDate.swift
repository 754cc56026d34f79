public import Spreadsheets
public import WireCodec

/// A calendar day with no time zone, as printed on a document and stored in a spreadsheet.
///
/// Billing's dates are days (issue date, due date, period bounds), not instants; keeping them
/// as year-month-day avoids a time zone ever shifting an invoice to the previous day.
public struct DocumentDate: Sendable, Hashable, Comparable {
  /// The day, in the codec's calendar type (days since 1970-01-01).
  public let date: CalendarDate

  /// The date, or `nil` if the day does not exist (2026-02-29) or the year is outside 1900…9999,
  /// the range spreadsheet serial dates cover.
  public init?(year: Int, month: Int, day: Int) {
    guard (1900...9999).contains(year), let date = CalendarDate(year: year, month: month, day: day) else { return nil }
    self.date = date
  }

  /// `date` on a document, or `nil` before 1900 (outside spreadsheet serial dates).
  public init?(_ date: CalendarDate) {
    let (year, month, day) = date.components
    self.init(year: year, month: month, day: day)
  }

  /// Year, month (1–12) and day (1–31).
  public var components: (year: Int, month: Int, day: Int) {
    self.date.components
  }

  /// `01.03.2026`, the Russian document convention.
  public var russianFormat: String {
    let (year, month, day) = self.components
    return "\(PDFText.digits(day, 2)).\(PDFText.digits(month, 2)).\(PDFText.digits(year, 4))"
  }

  public static func < (lhs: DocumentDate, rhs: DocumentDate) -> Bool {
    lhs.date < rhs.date
  }
}

/// Spreadsheet cells from document dates, so Billing's exports fill rows as before the writer
/// moved to the shared Spreadsheets module.
extension XLSXCell {
  public static func date(_ value: DocumentDate?) -> XLSXCell { value.map { .date($0.date) } ?? .empty }
}
