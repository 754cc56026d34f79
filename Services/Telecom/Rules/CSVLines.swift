/// The lines of a CSV file as operators' spreadsheets write them (SIM imports, price lists):
/// fields separated by commas or by semicolons (spreadsheets in Russian locales write `;`), `\n`
/// or `\r\n` line ends, spaces around cells trimmed, blank lines skipped, and a first line whose
/// first cell is the header's name skipped. Quoting is not supported: none of these files'
/// fields can hold a separator.
struct CSVLines {
  struct Line {
    /// From 1, counting skipped lines too, as an editor shows them.
    let number: Int
    let fields: [String]
  }

  /// The data lines of `text`, or nil when it has more than `maximum` lines besides a header.
  static func split(_ text: String, maximum: Int, header: String) -> [Line]? {
    let rows = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
    guard rows.count <= maximum + 1 else { return nil }
    var lines: [Line] = []
    lines.reserveCapacity(rows.count)
    for (index, raw) in rows.enumerated() {
      let row = raw.hasSuffix("\r") ? raw.dropLast() : raw[...]
      if row.allSatisfy({ $0 == " " || $0 == "\t" }) { continue }
      let fields = row.split(separator: row.contains(";") ? ";" : ",", omittingEmptySubsequences: false)
        .map { $0.trimmingSpaces }
      if index == 0, fields.first?.lowercased() == header { continue }
      lines.append(Line(number: index + 1, fields: fields))
    }
    return lines
  }
}

extension Substring {
  /// Without the spaces and tabs around it (cells from spreadsheets often have them).
  var trimmingSpaces: String {
    var text = self
    while let first = text.first, first == " " || first == "\t" { text = text.dropFirst() }
    while let last = text.last, last == " " || last == "\t" { text = text.dropLast() }
    return String(text)
  }
}
