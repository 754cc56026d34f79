import BillingDocuments
import Foundation
import Spreadsheets
import Testing
import WireCodec

@Suite("XLSX workbook")
struct XLSXWorkbookTests {
  /// Reads every sheet with openpyxl and prints `{sheet: {"cells": [[typed value]], "bold": [...], "widths": {...}}}`
  /// plus the sheet order; each value is tagged with the type openpyxl gave it.
  static let reader = #"""
    import datetime, json, sys, openpyxl
    book = openpyxl.load_workbook(sys.argv[1])
    def tagged(value):
        if value is None: return None
        if isinstance(value, datetime.datetime):
            return "date:" + (value.date() if value.time() == datetime.time(0) else value).isoformat()
        if isinstance(value, bool): return "bool:" + str(value)
        if isinstance(value, int): return "int:" + str(value)
        if isinstance(value, float): return "number:" + repr(value)
        return "text:" + value
    out = {"order": book.sheetnames, "sheets": {}}
    for sheet in book.worksheets:
        out["sheets"][sheet.title] = {
            "cells": [[tagged(c.value) for c in row] for row in sheet.iter_rows()],
            "bold": [bool(c.font.b) for c in sheet[1]],
            "widths": {key: dim.width for key, dim in sheet.column_dimensions.items()},
            "frozen": sheet.freeze_panes,
        }
    print(json.dumps(out))  # ASCII escapes: no dependence on the locale's stdout encoding
    """#

  struct Book: Decodable {
    struct Sheet: Decodable {
      let cells: [[String?]]
      let bold: [Bool]
      let widths: [String: Double]
      let frozen: String?
    }
    let order: [String]
    let sheets: [String: Sheet]
  }

  static func read(_ workbook: XLSXWorkbook) throws -> Book {
    let json = try ExternalTool.withTemporaryFile(try workbook.render(), suffix: ".xlsx") { path in
      try ExternalTool.run("python3", ["-c", Self.reader, path])
    }
    return try JSONDecoder().decode(Book.self, from: Data(json.utf8))
  }

  static func date(_ year: Int, _ month: Int, _ day: Int) throws -> DocumentDate {
    try SampleDocuments.date(year, month, day)
  }

  /// The three exports Billing produces, with the values that break naive writers.
  static func exports() throws -> XLSXWorkbook {
    XLSXWorkbook(sheets: [
      XLSXSheet(
        name: "Счета",
        columns: [
          XLSXColumn("Номер", width: 14), XLSXColumn("Клиент", width: 32), XLSXColumn("Дата", width: 12),
          XLSXColumn("Сумма", width: 16),
        ],
        rows: [
          [.text("NCR-0134"), .text("ООО «Ромашка»"), .date(try date(2026, 3, 1)), .decimal("1234567890.12")],
          [.text("NCR-0135"), .text("ИП Ёлкин П. С."), .date(try date(2024, 2, 29)), .decimal("-0.01")],
          [.text("NCR-0001"), .text("Архив"), .date(try date(1900, 1, 1)), .decimal("0")],
        ]),
      XLSXSheet(
        name: "Транзакции",
        columns: [XLSXColumn("ID", width: 10), XLSXColumn("Описание", width: 40), XLSXColumn("Сумма", width: 14)],
        rows: [
          [.integer(9_007_199_254_740_993), .text("Оплата по счёту № NCR-0134"), .decimal("98.6424")],
          [.integer(-42), .text("  пробелы по краям  "), .decimal("0.10")],
        ]),
      XLSXSheet(
        name: "Комиссии 2026-03",
        columns: [XLSXColumn("Агент"), XLSXColumn("Комиссия")],
        rows: [[.text("Агент «Север»"), .decimal("15.5")], [.empty, .decimal("100")]]),
    ])
  }

  @Test("openpyxl reads back sheet names, bold headers, widths, Cyrillic text, exact decimals, integers and dates")
  func exportsReadBackWithOpenpyxl() throws {
    let book = try Self.read(try Self.exports())
    #expect(book.order == ["Счета", "Транзакции", "Комиссии 2026-03"])
    let invoices = try #require(book.sheets["Счета"])
    #expect(invoices.cells[0] == ["text:Номер", "text:Клиент", "text:Дата", "text:Сумма"])
    #expect(invoices.bold == [true, true, true, true])
    #expect(invoices.widths["B"] == 32)
    #expect(invoices.frozen == "A2")
    #expect(invoices.cells[1][0] == "text:NCR-0134")
    #expect(invoices.cells[1][1] == "text:ООО «Ромашка»")
    #expect(invoices.cells[1][2] == "date:2026-03-01")
    #expect(invoices.cells[2][2] == "date:2024-02-29")
    #expect(invoices.cells[3][2] == "date:1900-01-01", "before Excel's phantom 1900-02-29")
    try Self.expectDecimal(invoices.cells[1][3], "1234567890.12")
    try Self.expectDecimal(invoices.cells[2][3], "-0.01")

    let transactions = try #require(book.sheets["Транзакции"])
    #expect(transactions.cells[1][0] == "int:9007199254740993", "an integer beyond Double's 2^53 stays exact")
    #expect(transactions.cells[2][0] == "int:-42")
    #expect(transactions.cells[2][1] == "text:  пробелы по краям  ")
    try Self.expectDecimal(transactions.cells[1][2], "98.6424")
    try Self.expectDecimal(transactions.cells[2][2], "0.10")

    let commissions = try #require(book.sheets["Комиссии 2026-03"])
    #expect(commissions.cells[2][0] == nil)
    try Self.expectDecimal(commissions.cells[2][1], "100")
  }

  /// openpyxl hands numbers over as Python floats; `repr` gives the shortest decimal that
  /// round-trips, so comparing it as a `Decimal` checks that the file holds exactly our digits.
  static func expectDecimal(_ tagged: String?, _ expected: String, sourceLocation: SourceLocation = #_sourceLocation)
    throws
  {
    let value = try #require(tagged, sourceLocation: sourceLocation)
    let number =
      value.hasPrefix("number:")
      ? String(value.dropFirst(7)) : value.hasPrefix("int:") ? String(value.dropFirst(4)) : value
    #expect(
      Decimal(string: number) == Decimal(string: expected), "\(value) ≠ \(expected)", sourceLocation: sourceLocation)
  }

  @Test("markup is escaped and characters XML 1.0 forbids are dropped")
  func textIsEscapedForXML() throws {
    let workbook = XLSXWorkbook(sheets: [
      XLSXSheet(
        name: "A&B", columns: [XLSXColumn("<h>")],
        rows: [[.text("a\u{0B}b\u{0} <&> \"q\" 'x'\u{FFFF}")], [.text("r\r\nn\tt")]])
    ])
    let book = try Self.read(workbook)
    let sheet = try #require(book.sheets["A&B"])
    #expect(sheet.cells[0] == ["text:<h>"])
    #expect(sheet.cells[1] == ["text:ab <&> \"q\" 'x'"])
    #expect(sheet.cells[2] == ["text:r\r\nn\tt"])
  }

  @Test(
    "sheet names Excel would reject are a typed error",
    arguments: [
      "", "Счета/2026", "a[1]", "Итого:", "что?", "звёзды*", "back\\slash", "'quoted'", "History",
      String(repeating: "Щ", count: 32),
    ])
  func invalidSheetNamesAreRejected(name: String) {
    let workbook = XLSXWorkbook(sheets: [XLSXSheet(name: name, columns: [XLSXColumn("A")])])
    #expect {
      try workbook.render()
    } throws: { error in
      guard case .invalidSheetName(let rejected, _) = error as? SpreadsheetError else { return false }
      return rejected == name
    }
  }

  @Test("a 31-character Cyrillic name is accepted")
  func longestSheetNameIsAccepted() throws {
    let name = String(repeating: "Щ", count: 31)
    let book = try Self.read(XLSXWorkbook(sheets: [XLSXSheet(name: name, columns: [XLSXColumn("A")])]))
    #expect(book.order == [name])
  }

  @Test("two sheets whose names differ only in case are a typed error")
  func duplicateSheetNamesAreRejected() {
    let workbook = XLSXWorkbook(sheets: [
      XLSXSheet(name: "Счета", columns: []), XLSXSheet(name: "СЧЕТА", columns: []),
    ])
    #expect(throws: SpreadsheetError.duplicateSheetName("СЧЕТА")) { try workbook.render() }
  }

  @Test("a workbook without sheets is a typed error")
  func emptyWorkbookIsRejected() {
    #expect(throws: SpreadsheetError.emptyWorkbook) { try XLSXWorkbook().render() }
  }

  @Test(
    "decimal text that is not a plain number is a typed error",
    arguments: [
      "1,5", "1e5", "", "-", ".5", "1.", "1 000", "+1", "NaN", "١٢",
    ])
  func invalidDecimalsAreRejected(text: String) {
    let workbook = XLSXWorkbook(sheets: [XLSXSheet(name: "S", columns: [], rows: [[.decimal(text)]])])
    #expect(throws: SpreadsheetError.invalidDecimal(text)) { try workbook.render() }
  }

  @Test("date-times read back to the second: midnight, noon, 01:02:03 and the day's last second")
  func dateTimesReadBackToTheSecond() throws {
    let day = try #require(CalendarDate(year: 2026, month: 3, day: 1))
    let seconds = [0, 43_200, 3_723, 86_399]
    let workbook = XLSXWorkbook(sheets: [
      XLSXSheet(name: "S", columns: [XLSXColumn("T")], rows: seconds.map { [.dateTime(day, secondOfDay: $0)] })
    ])
    let cells = try #require(try Self.read(workbook).sheets["S"]).cells.dropFirst().map { $0[0] }
    #expect(
      cells == ["date:2026-03-01", "date:2026-03-01T12:00:00", "date:2026-03-01T01:02:03", "date:2026-03-01T23:59:59"])
  }

  @Test("a date outside spreadsheet serials or a time outside the day is a typed error")
  func invalidDatesAreRejected() throws {
    let early = try #require(CalendarDate(year: 1899, month: 12, day: 31))
    let day = try #require(CalendarDate(year: 2026, month: 3, day: 1))
    for cell in [XLSXCell.date(early), .dateTime(day, secondOfDay: 86_400), .dateTime(day, secondOfDay: -1)] {
      let workbook = XLSXWorkbook(sheets: [XLSXSheet(name: "S", columns: [], rows: [[cell]])])
      #expect {
        try workbook.render()
      } throws: { error in
        guard case .invalidDate = error as? SpreadsheetError else { return false }
        return true
      }
    }
  }

  @Test("the same workbook gives the same bytes")
  func renderingIsDeterministic() throws {
    let workbook = try Self.exports()
    #expect(try workbook.render() == workbook.render())
  }
}
