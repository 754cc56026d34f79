/// One worksheet: a bold header row from `columns`, then `rows`.
public struct XLSXSheet: Sendable, Hashable {
  /// The tab name; checked against Excel's rules when the workbook is written.
  public var name: String
  public var columns: [XLSXColumn]
  public var rows: [[XLSXCell]]

  public init(name: String, columns: [XLSXColumn], rows: [[XLSXCell]] = []) {
    self.name = name
    self.columns = columns
    self.rows = rows
  }

  public mutating func append(_ row: [XLSXCell]) {
    self.rows.append(row)
  }

  /// Excel refuses a file whose sheet name breaks these rules, so they are enforced here
  /// with a typed error rather than discovered by a customer.
  static func validate(name: String) throws(SpreadsheetError) {
    if name.isEmpty { throw .invalidSheetName(name, reason: "empty") }
    if name.utf16.count > 31 { throw .invalidSheetName(name, reason: "longer than 31 characters") }
    if let bad = name.first(where: { "[]:*?/\\".contains($0) }) {
      throw .invalidSheetName(name, reason: "contains '\(bad)'")
    }
    if name.hasPrefix("'") || name.hasSuffix("'") {
      throw .invalidSheetName(name, reason: "starts or ends with an apostrophe")
    }
    if name.lowercased() == "history" { throw .invalidSheetName(name, reason: "reserved by Excel") }
    if name.unicodeScalars.contains(where: { XMLText.isForbidden($0) }) {
      throw .invalidSheetName(name, reason: "contains a control character")
    }
  }
}
