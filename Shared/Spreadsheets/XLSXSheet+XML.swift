import WireCodec

/// A worksheet part: frozen header row, column widths, then the cells.
extension XLSXSheet {
  func xml() throws(SpreadsheetError) -> String {
    var xml = XLSXParts.declaration + #"<worksheet xmlns="\#(XLSXParts.mainNamespace)">"#
    if !self.columns.isEmpty {
      // Freeze the header so it stays visible while scrolling a long export.
      xml +=
        #"<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>"#
      xml += "<cols>"
      for (index, column) in self.columns.enumerated() {
        let width = Self.width(column.width)
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

  private static func row(_ cells: [XLSXCell], number: Int, style: XLSXParts.Style) throws(SpreadsheetError)
    -> String
  {
    var xml = #"<row r="\#(number)">"#
    for (index, cell) in cells.enumerated() {
      xml += try self.cell(cell, reference: "\(self.columnName(index))\(number)", style: style)
    }
    return xml + "</row>"
  }

  private static func cell(_ cell: XLSXCell, reference: String, style: XLSXParts.Style) throws(SpreadsheetError)
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
      let serial = try Self.serial(of: date)
      return #"<c r="\#(reference)" s="\#(XLSXParts.Style.date.rawValue)"><v>\#(serial)</v></c>"#
    case .dateTime(let date, let secondOfDay):
      guard (0..<86_400).contains(secondOfDay) else { throw .invalidDate("\(date) second \(secondOfDay)") }
      let serial = "\(try Self.serial(of: date))\(Self.dayFraction(secondOfDay))"
      return #"<c r="\#(reference)" s="\#(XLSXParts.Style.dateTime.rawValue)"><v>\#(serial)</v></c>"#
    }
  }

  /// The spreadsheet serial number of `date` as Excel counts: 1 is 1900-01-01, and Excel
  /// (copying Lotus 1-2-3) believes 1900-02-29 existed as serial 60. Counting from 1899-12-30
  /// matches it from March 1900 on; January and February 1900 sit one lower. Serials cover
  /// 1900-01-01 to 9999-12-31.
  static func serial(of date: CalendarDate) throws(SpreadsheetError) -> Int {
    let year = date.components.year
    guard (1900...9999).contains(year) else { throw .invalidDate(date.description) }
    let serial = Int(date.daysSinceEpoch) + 25_569
    return serial < 61 ? serial - 1 : serial
  }

  /// `.ddddddddddd`: the share of a day `secondOfDay` is, to 11 decimal places (under a
  /// microsecond), so that a reader rounding to the millisecond gets the exact second back.
  /// Integer arithmetic: the digits never pass through `Double`.
  static func dayFraction(_ secondOfDay: Int) -> String {
    guard secondOfDay > 0 else { return "" }
    let scaled = (Int64(secondOfDay) * 100_000_000_000 + 43_200) / 86_400
    let digits = String(scaled)
    return "." + String(repeating: "0", count: 11 - digits.count) + digits
  }

  /// A column width as `<col width>` takes it, the same on every machine: 0 to 255, at most
  /// two decimals, no locale, no exponent, no trailing zeros.
  static func width(_ value: Double) -> String {
    let hundredths = Int((min(max(value, 0), 255) * 100).rounded())
    let (whole, fraction) = (hundredths / 100, hundredths % 100)
    switch fraction {
    case 0: return "\(whole)"
    case let f where f % 10 == 0: return "\(whole).\(f / 10)"
    case let f where f < 10: return "\(whole).0\(f)"
    default: return "\(whole).\(fraction)"
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
