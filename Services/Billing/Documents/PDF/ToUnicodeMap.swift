/// The `ToUnicode` CMap that lets `pdftotext`, search and copy-paste turn glyph ids back into
/// text (ISO 32000-1, 9.10.3). Without it Identity-H text extracts as garbage.
enum ToUnicodeMap {
  static func cmap(_ characters: [UInt16: String]) -> String {
    var lines = [
      "/CIDInit /ProcSet findresource begin",
      "12 dict begin",
      "begincmap",
      "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
      "/CMapName /Adobe-Identity-UCS def",
      "/CMapType 2 def",
      "1 begincodespacerange",
      "<0000> <FFFF>",
      "endcodespacerange",
    ]
    let entries = characters.keys.sorted()
    // A bfchar block may hold at most 100 entries.
    for start in stride(from: 0, to: entries.count, by: 100) {
      let block = entries[start..<min(start + 100, entries.count)]
      lines.append("\(block.count) beginbfchar")
      for glyph in block {
        let text = characters[glyph] ?? ""
        lines.append("<\(PDFText.hex(glyph))> <\(text.utf16.map { PDFText.hex($0) }.joined())>")
      }
      lines.append("endbfchar")
    }
    lines += [
      "endcmap",
      "CMapName currentdict /CMap defineresource pop",
      "end",
      "end",
    ]
    return lines.joined(separator: "\n")
  }
}
