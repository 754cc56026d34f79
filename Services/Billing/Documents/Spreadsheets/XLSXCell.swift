/// One spreadsheet cell value.
public enum XLSXCell: Sendable, Hashable {
  case text(String)
  case integer(Int64)
  /// An exact decimal such as `"1234567890.12"` or `"-0.5"`: written verbatim into the file,
  /// never through `Double`, so Excel reads exactly the ledger's digits.
  case decimal(String)
  /// A day, stored as a serial number with a `dd.mm.yyyy` format so it sorts and filters as a date.
  case date(DocumentDate)
  case empty
}

/// Shorthands for filling rows from optional values.
extension XLSXCell {
  public static func text(_ value: String?) -> XLSXCell { value.map { .text($0) } ?? .empty }
  public static func date(_ value: DocumentDate?) -> XLSXCell { value.map { .date($0) } ?? .empty }
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
