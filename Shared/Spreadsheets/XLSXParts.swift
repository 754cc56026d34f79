/// The fixed package parts of a workbook: content types, relationships, workbook, styles.
enum XLSXParts {
  static let declaration = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
  static let mainNamespace = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
  static let relationshipNamespace = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
  static let contentTypePrefix = "application/vnd.openxmlformats-officedocument.spreadsheetml"

  /// Cell style indexes into `cellXfs` below.
  enum Style: Int {
    case normal = 0
    case header = 1
    case date = 2
    case dateTime = 3
  }

  static func contentTypes(sheetCount: Int) -> String {
    let sheets = (1...sheetCount).map {
      #"<Override PartName="/xl/worksheets/sheet\#($0).xml" ContentType="\#(contentTypePrefix).worksheet+xml"/>"#
    }
    return declaration
      + #"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">"#
      + #"<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>"#
      + #"<Default Extension="xml" ContentType="application/xml"/>"#
      + #"<Override PartName="/xl/workbook.xml" ContentType="\#(contentTypePrefix).sheet.main+xml"/>"#
      + #"<Override PartName="/xl/styles.xml" ContentType="\#(contentTypePrefix).styles+xml"/>"#
      + sheets.joined() + "</Types>"
  }

  static let packageRelationships =
    declaration
    + #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
    + #"<Relationship Id="rId1" Type="\#(relationshipNamespace)/officeDocument" Target="xl/workbook.xml"/>"#
    + "</Relationships>"

  static func workbook(sheetNames: [String]) -> String {
    let sheets = sheetNames.enumerated().map { index, name in
      #"<sheet name="\#(XMLText.escape(name))" sheetId="\#(index + 1)" r:id="rId\#(index + 1)"/>"#
    }
    return declaration + #"<workbook xmlns="\#(mainNamespace)" xmlns:r="\#(relationshipNamespace)">"#
      + "<sheets>\(sheets.joined())</sheets></workbook>"
  }

  static func workbookRelationships(sheetCount: Int) -> String {
    let sheets = (1...sheetCount).map {
      #"<Relationship Id="rId\#($0)" Type="\#(relationshipNamespace)/worksheet" Target="worksheets/sheet\#($0).xml"/>"#
    }
    return declaration
      + #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
      + sheets.joined()
      + #"<Relationship Id="rId\#(sheetCount + 1)" Type="\#(relationshipNamespace)/styles" Target="styles.xml"/>"#
      + "</Relationships>"
  }

  /// Four cell formats: normal, bold header, date (custom format 164, `dd.mm.yyyy`, the Russian
  /// convention; a date format is what makes Excel and openpyxl read a serial as a date) and
  /// date with time (custom format 165, `dd.mm.yyyy hh:mm:ss`).
  static let styles =
    declaration + #"<styleSheet xmlns="\#(mainNamespace)">"#
    + #"<numFmts count="2"><numFmt numFmtId="164" formatCode="dd.mm.yyyy"/>"#
    + #"<numFmt numFmtId="165" formatCode="dd.mm.yyyy hh:mm:ss"/></numFmts>"#
    + #"<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>"#
    + #"<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>"#
    + #"<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>"#
    + #"<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"#
    + #"<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>"#
    + #"<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>"#
    + #"<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>"#
    + #"<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>"#
    + #"<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>"#
    + #"<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>"#
    + "</styleSheet>"
}
