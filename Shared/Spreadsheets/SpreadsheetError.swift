/// Everything that can go wrong while writing a workbook: each case names what to fix (a sheet
/// name, a cell value) without echoing the rest of the content.
public enum SpreadsheetError: Error, Sendable, Hashable, CustomStringConvertible {
  /// A worksheet name Excel would reject: empty, longer than 31 characters, or with `[]:*?/\`.
  case invalidSheetName(String, reason: String)
  /// Two worksheets with the same name (Excel compares names case-insensitively).
  case duplicateSheetName(String)
  /// A decimal cell whose text is not a plain decimal such as `-1234.50`.
  case invalidDecimal(String)
  /// A date before 1900 or after 9999 (outside spreadsheet serials), or a time of day outside
  /// 0–86,399 seconds.
  case invalidDate(String)
  /// A workbook with no worksheets, which Excel refuses to open.
  case emptyWorkbook
  /// The ZIP container of an XLSX file could not be written.
  case archiveFailed(reason: String)

  public var description: String {
    switch self {
    case .invalidSheetName(let name, let reason): "invalid worksheet name \"\(name)\": \(reason)"
    case .duplicateSheetName(let name): "duplicate worksheet name \"\(name)\""
    case .invalidDecimal(let text): "not a plain decimal number: \"\(text)\""
    case .invalidDate(let text): "not a date a spreadsheet can hold: \(text)"
    case .emptyWorkbook: "a workbook needs at least one worksheet"
    case .archiveFailed(let reason): "XLSX package could not be written: \(reason)"
    }
  }
}
