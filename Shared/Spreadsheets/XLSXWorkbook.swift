/// A spreadsheet for exports (invoices, transactions, commission and usage reports), written as an
/// Office Open XML (`.xlsx`) file in memory.
public struct XLSXWorkbook: Sendable, Hashable {
  public var sheets: [XLSXSheet]

  public init(sheets: [XLSXSheet] = []) {
    self.sheets = sheets
  }

  public mutating func append(_ sheet: XLSXSheet) {
    self.sheets.append(sheet)
  }

  /// The `.xlsx` file. The same workbook always gives the same bytes (fixed ZIP timestamps).
  /// - Throws: `SpreadsheetError.emptyWorkbook`, `.invalidSheetName`, `.duplicateSheetName`,
  ///   `.invalidDecimal`, or `.archiveFailed`.
  public func render() throws(SpreadsheetError) -> [UInt8] {
    guard !self.sheets.isEmpty else { throw .emptyWorkbook }
    var seen: Set<String> = []
    for sheet in self.sheets {
      try XLSXSheet.validate(name: sheet.name)
      guard seen.insert(sheet.name.lowercased()).inserted else { throw .duplicateSheetName(sheet.name) }
    }
    var parts: [(path: String, xml: String)] = [
      ("[Content_Types].xml", XLSXParts.contentTypes(sheetCount: self.sheets.count)),
      ("_rels/.rels", XLSXParts.packageRelationships),
      ("xl/workbook.xml", XLSXParts.workbook(sheetNames: self.sheets.map(\.name))),
      ("xl/_rels/workbook.xml.rels", XLSXParts.workbookRelationships(sheetCount: self.sheets.count)),
      ("xl/styles.xml", XLSXParts.styles),
    ]
    for (index, sheet) in self.sheets.enumerated() {
      parts.append(("xl/worksheets/sheet\(index + 1).xml", try sheet.xml()))
    }
    return try ZIPPackage.build(parts.map { ($0.path, Array($0.xml.utf8)) })
  }
}
