/// A worksheet part: frozen header row, column widths, then the cells.
extension XLSXSheet {
  func xml() throws(BillingDocumentError) -> String {
    var xml = XLSXParts.declaration + #"<worksheet xmlns="\#(XLSXParts.mainNamespace)">"#
    if !self.columns.isEmpty {
      // Freeze the header so it stays visible while scrolling a long export.
      xml +=
        #"<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>"#
      xml += "<cols>"
      for (index, column) in self.columns.enumerated() {
        let width = PDFNumber.format(min(max(column.width, 0), 255))
        xml += #"<col min="\#(index + 1)" max="\#(index + 1)" width="\#(width)" customWidth="1"/>"#
      }
      xml += "</cols>"
    }
    xml += "<sheetData>"
    var rowNumber = 1
    if !self.columns.isEmpty {
      xml += try Self.row(self.columns.map { .text($0.title) }, number: rowNumber, style: .header)
      rowNumber += 1
    }
    for row in self.rows {
      xml += try Self.row(row, number: rowNumber, style: .normal)
      rowNumber += 1
    }
    return xml + "</sheetData></worksheet>"
  }

  private static func row(_ cells: [XLSXCell], number: Int, style: XLSXParts.Style) throws(BillingDocumentError)
    -> String
  {
    var xml = #"<row r="\#(number)">"#
    for (index, cell) in cells.enumerated() {
      xml += try self.cell(cell, reference: "\(self.columnName(index))\(number)", style: style)
    }
    return xml + "</row>"
  }

  private static func cell(_ cell: XLSXCell, reference: String, style: XLSXParts.Style) throws(BillingDocumentError)
    -> String
  {
    let styleAttribute = style == .normal ? "" : #" s="\#(style.rawValue)""#
    switch cell {
    case .empty:
      return ""
    case .text(let text):
      // Inline strings keep each sheet self-contained; exports are written once and not edited.
      return
        #"<c r="\#(reference)"\#(styleAttribute) t="inlineStr"><is><t xml:space="preserve">\#(XMLText.escape(text))</t></is></c>"#
    case .integer(let value):
      return #"<c r="\#(reference)"\#(styleAttribute)><v>\#(value)</v></c>"#
    case .decimal(let text):
      guard Self.isPlainDecimal(text) else { throw .invalidDecimal(text) }
      return #"<c r="\#(reference)"\#(styleAttribute)><v>\#(text)</v></c>"#
    case .date(let date):
      return #"<c r="\#(reference)" s="\#(XLSXParts.Style.date.rawValue)"><v>\#(date.spreadsheetSerial)</v></c>"#
    }
  }

  /// `-?digits(.digits)?` — what goes into `<v>` verbatim; no exponent, grouping or comma.
  static func isPlainDecimal(_ text: String) -> Bool {
    var digits = Substring(text)
    if digits.first == "-" { digits = digits.dropFirst() }
    let parts = digits.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
    return parts.allSatisfy { !$0.isEmpty && $0.allSatisfy { ("0"..."9").contains($0) } }
  }

  /// 0 → A, 25 → Z, 26 → AA (bijective base 26).
  static func columnName(_ index: Int) -> String {
    var name = ""
    var remaining = index + 1
    while remaining > 0 {
      let letter = (remaining - 1) % 26
      name = String(UnicodeScalar(UInt8(65 + letter))) + name
      remaining = (remaining - 1) / 26
    }
    return name
  }
}
