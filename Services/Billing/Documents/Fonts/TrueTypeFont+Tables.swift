/// Parsing of the table directory and the metric tables (`hmtx`, `loca`, `OS/2`, `name`).
extension TrueTypeFont {
  static func tableDirectory(of file: FontBytes) throws(BillingDocumentError) -> [String: Range<Int>] {
    let version = try file.uint32(at: 0)
    guard version == 0x0001_0000 || version == 0x7472_7565 else {  // 1.0 or 'true'
      throw .fontMalformed(reason: "not a TrueType outline font (sfnt version \(String(version, radix: 16)))")
    }
    let count = Int(try file.uint16(at: 4))
    var tables: [String: Range<Int>] = [:]
    for index in 0..<count {
      let record = 12 + 16 * index
      let tag = String(decoding: try file.slice(at: record, length: 4), as: Unicode.ASCII.self)
      let offset = Int(try file.uint32(at: record + 8))
      let length = Int(try file.uint32(at: record + 12))
      tables[tag] = try file.absoluteRange(at: offset, length: length)
    }
    return tables
  }

  static func advanceWidths(hmtx: FontBytes, metricsCount: Int, glyphCount: Int) throws(BillingDocumentError)
    -> [UInt16]
  {
    var widths: [UInt16] = []
    widths.reserveCapacity(glyphCount)
    for glyph in 0..<metricsCount {
      widths.append(try hmtx.uint16(at: 4 * glyph))
    }
    let last = widths[metricsCount - 1]
    widths.append(contentsOf: repeatElement(last, count: glyphCount - metricsCount))
    return widths
  }

  static func glyphRanges(
    loca: FontBytes, glyf: FontBytes, longOffsets: Bool, glyphCount: Int
  ) throws(BillingDocumentError) -> [Range<Int>] {
    var offsets: [Int] = []
    offsets.reserveCapacity(glyphCount + 1)
    for index in 0...glyphCount {
      offsets.append(longOffsets ? Int(try loca.uint32(at: 4 * index)) : 2 * Int(try loca.uint16(at: 2 * index)))
    }
    var ranges: [Range<Int>] = []
    ranges.reserveCapacity(glyphCount)
    for glyph in 0..<glyphCount {
      let (start, end) = (offsets[glyph], offsets[glyph + 1])
      guard start <= end else { throw .fontMalformed(reason: "loca is not ascending at glyph \(glyph)") }
      ranges.append(try glyf.absoluteRange(at: start, length: end - start))
    }
    return ranges
  }

  /// `sCapHeight` exists from OS/2 version 2 on; older fonts fall back to the ascender.
  static func capHeight(os2: FontBytes?) throws(BillingDocumentError) -> Int? {
    guard let os2, os2.count >= 90, try os2.uint16(at: 0) >= 2 else { return nil }
    return Int(try os2.int16(at: 88))
  }

  /// Name ID 6 from a Windows (UTF-16BE) or Macintosh (ASCII) record; `nil` if absent or
  /// unreadable, because the name is cosmetic and must not stop a document.
  static func postScriptName(name: FontBytes?) -> String? {
    guard let name else { return nil }
    do {
      let count = Int(try name.uint16(at: 2))
      let storage = Int(try name.uint16(at: 4))
      for index in 0..<count {
        let record = 6 + 12 * index
        guard try name.uint16(at: record + 6) == 6 else { continue }
        let platform = try name.uint16(at: record)
        let length = Int(try name.uint16(at: record + 8))
        let offset = storage + Int(try name.uint16(at: record + 10))
        let raw = try name.slice(at: offset, length: length)
        let text =
          platform == 3
          ? String(
            decoding: stride(from: raw.startIndex, to: raw.endIndex - 1, by: 2).map {
              UInt16(raw[$0]) << 8 | UInt16(raw[$0 + 1])
            }, as: UTF16.self)
          : String(decoding: raw, as: Unicode.ASCII.self)
        // PDF names must stay printable ASCII without delimiters.
        let cleaned = String(String.UnicodeScalarView(text.unicodeScalars.filter(Self.isNameCharacter)))
        if !cleaned.isEmpty { return cleaned }
      }
    } catch {
      return nil
    }
    return nil
  }

  private static func isNameCharacter(_ scalar: Unicode.Scalar) -> Bool {
    ("A"..."Z").contains(scalar) || ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "-"
  }
}
