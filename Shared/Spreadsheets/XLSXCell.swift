public import WireCodec

/// One spreadsheet cell value.
public enum XLSXCell: Sendable, Hashable {
  case text(String)
  case integer(Int64)
  /// An exact decimal such as `"1234567890.12"` or `"-0.5"`: written verbatim into the file,
  /// never through `Double`, so Excel reads exactly the ledger's digits.
  case decimal(String)
  /// A day, stored as a serial number with a `dd.mm.yyyy` format so it sorts and filters as a
  /// date; 1900-01-01 to 9999-12-31, the days spreadsheet serials cover.
  case date(CalendarDate)
  /// A wall-clock time on `date`, to the second (`secondOfDay` 0–86,399), shown
  /// `dd.mm.yyyy hh:mm:ss`: the start and end of a session in the report's time zone.
  case dateTime(CalendarDate, secondOfDay: Int)
  case empty
}

/// Shorthands for filling rows from optional values.
extension XLSXCell {
  public static func text(_ value: String?) -> XLSXCell { value.map { .text($0) } ?? .empty }
  public static func date(_ value: CalendarDate?) -> XLSXCell { value.map { .date($0) } ?? .empty }
}

/// A column: its header text (printed bold in row 1) and its width in Excel character units.
public struct XLSXColumn: Sendable, Hashable {
  public var title: String
  public var width: Double

  public init(_ title: String, width: Double = 14) {
    self.title = title
    self.width = width
  }
}
