/// Everything that can go wrong while rendering a billing document.
///
/// One error type for the module so the Billing service maps a rendering failure to one
/// status code; the cases tell an operator what to fix (a font path, a sheet name) without
/// echoing document content.
public enum BillingDocumentError: Error, Sendable, Hashable, CustomStringConvertible {
  /// The font file does not exist or cannot be read.
  case fontUnreadable(path: String)
  /// The bytes are not a TrueType font this writer can embed (CFF outlines, truncated tables…).
  case fontMalformed(reason: String)
  /// zlib refused the data; only happens when memory runs out.
  case compressionFailed
  /// A worksheet name Excel would reject: empty, longer than 31 characters, or with `[]:*?/\`.
  case invalidSheetName(String, reason: String)
  /// Two worksheets with the same name (Excel compares names case-insensitively).
  case duplicateSheetName(String)
  /// A decimal cell whose text is not a plain decimal such as `-1234.50`.
  case invalidDecimal(String)
  /// A workbook with no worksheets, which Excel refuses to open.
  case emptyWorkbook
  /// The ZIP container of an XLSX file could not be written.
  case archiveFailed(reason: String)

  public var description: String {
    switch self {
    case .fontUnreadable(let path): "font file cannot be read: \(path)"
    case .fontMalformed(let reason): "font cannot be embedded: \(reason)"
    case .compressionFailed: "stream compression failed"
    case .invalidSheetName(let name, let reason): "invalid worksheet name \"\(name)\": \(reason)"
    case .duplicateSheetName(let name): "duplicate worksheet name \"\(name)\""
    case .invalidDecimal(let text): "not a plain decimal number: \"\(text)\""
    case .emptyWorkbook: "a workbook needs at least one worksheet"
    case .archiveFailed(let reason): "XLSX package could not be written: \(reason)"
    }
  }
}
