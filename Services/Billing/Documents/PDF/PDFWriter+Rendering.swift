/// Serialising the document: catalog, page tree, fonts (subset, widths, `ToUnicode`), pages.
extension PDFWriter {
  /// The finished PDF file.
  /// - Throws: `BillingDocumentError.fontMalformed` if a used glyph cannot be subset,
  ///   `.compressionFailed` if zlib fails.
  public func render() throws(BillingDocumentError) -> [UInt8] {
    var file = PDFObjectWriter()
    let (catalog, pageTree, info, resources) = (1, 2, 3, 4)
    let usedFonts = self.fonts.indices.filter { self.fonts[$0].isUsed }
    let firstPage = 5 + 5 * usedFonts.count
    var fontReferences: [String] = []
    for (position, index) in usedFonts.enumerated() {
      let base = 5 + 5 * position
      try self.writeFont(self.fonts[index], firstObject: base, into: &file)
      fontReferences.append("/F\(index + 1) \(base) 0 R")
    }
    let pageObjects = self.pages.indices.map { firstPage + 2 * $0 }
    for (page, object) in zip(self.pages, pageObjects) {
      let box = "[0 0 \(PDFNumber.format(page.size.width)) \(PDFNumber.format(page.size.height))]"
      file.object(
        object,
        "<< /Type /Page /Parent \(pageTree) 0 R /MediaBox \(box) /Resources \(resources) 0 R /Contents \(object + 1) 0 R >>"
      )
      try file.stream(object + 1, Array(page.operators.joined(separator: "\n").utf8))
    }
    file.object(catalog, "<< /Type /Catalog /Pages \(pageTree) 0 R >>")
    let kids = pageObjects.map { "\($0) 0 R" }.joined(separator: " ")
    file.object(pageTree, "<< /Type /Pages /Kids [\(kids)] /Count \(self.pages.count) >>")
    file.object(info, self.infoDictionary())
    file.object(resources, "<< /Font << \(fontReferences.joined(separator: " ")) >> >>")
    file.finish(count: firstPage + 2 * self.pages.count - 1, root: catalog, info: info)
    return file.bytes
  }

  private func infoDictionary() -> String {
    var entries = ["/Producer (Abonent Billing)"]
    if let title { entries.append("/Title \(PDFText.utf16Hex(title))") }
    if let creationDate {
      let (year, month, day) = creationDate.components
      entries.append(
        "/CreationDate (D:\(PDFText.digits(year, 4))\(PDFText.digits(month, 2))\(PDFText.digits(day, 2))000000Z)")
    }
    return "<< \(entries.joined(separator: " ")) >>"
  }

  /// Five objects: Type0 font, CIDFontType2, descriptor, FontFile2, ToUnicode.
  private func writeFont(_ usage: PDFFontUsage, firstObject base: Int, into file: inout PDFObjectWriter)
    throws(BillingDocumentError)
  {
    let font = usage.font
    let name = "/\(usage.subsetTag)+\(font.postScriptName)"
    let glyphs = usage.characters.keys.sorted()
    file.object(
      base,
      "<< /Type /Font /Subtype /Type0 /BaseFont \(name) /Encoding /Identity-H "
        + "/DescendantFonts [\(base + 1) 0 R] /ToUnicode \(base + 4) 0 R >>")
    file.object(
      base + 1,
      "<< /Type /Font /Subtype /CIDFontType2 /BaseFont \(name) "
        + "/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
        + "/FontDescriptor \(base + 2) 0 R /CIDToGIDMap /Identity /DW 1000 /W \(self.widthsArray(font, glyphs)) >>")
    let box = font.boundingBox
    let bbox = [box.xMin, box.yMin, box.xMax, box.yMax].map { String(font.scaled($0)) }.joined(separator: " ")
    // Flags 32: non-symbolic (Latin and Cyrillic text in a standard encoding's sense).
    file.object(
      base + 2,
      "<< /Type /FontDescriptor /FontName \(name) /Flags 32 /FontBBox [\(bbox)] /ItalicAngle 0 "
        + "/Ascent \(font.scaled(font.ascender)) /Descent \(font.scaled(font.descender)) "
        + "/CapHeight \(font.scaled(font.capHeight)) /StemV 80 /FontFile2 \(base + 3) 0 R >>")
    let program = try font.subset(keeping: Set(glyphs))
    try file.stream(base + 3, program, extra: " /Length1 \(program.count)")
    try file.stream(base + 4, Array(ToUnicodeMap.cmap(usage.characters).utf8))
  }

  /// `/W` groups consecutive glyph ids: `[first [w1 w2 …] first [w …] …]`.
  private func widthsArray(_ font: TrueTypeFont, _ glyphs: [UInt16]) -> String {
    var groups: [String] = []
    var index = 0
    while index < glyphs.count {
      var end = index
      while end + 1 < glyphs.count, glyphs[end + 1] == glyphs[end] + 1 { end += 1 }
      let widths = glyphs[index...end].map { PDFNumber.format(font.advance(of: $0)) }
      groups.append("\(glyphs[index]) [\(widths.joined(separator: " "))]")
      index = end + 1
    }
    return "[\(groups.joined(separator: " "))]"
  }
}
