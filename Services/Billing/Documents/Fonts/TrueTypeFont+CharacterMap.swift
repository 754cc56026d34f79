/// Reading the `cmap` table: which glyph draws which Unicode character.
extension TrueTypeFont {
  /// Prefers a full-repertoire subtable (format 12) and falls back to the BMP one (format 4).
  static func characterMap(cmap: FontBytes, glyphCount: Int) throws(BillingDocumentError) -> [UInt32: UInt16] {
    let count = Int(try cmap.uint16(at: 2))
    var format4: FontBytes?
    var format12: FontBytes?
    for index in 0..<count {
      let record = 4 + 8 * index
      let platform = try cmap.uint16(at: record)
      let encoding = try cmap.uint16(at: record + 2)
      let isUnicode = platform == 0 || (platform == 3 && (encoding == 1 || encoding == 10))
      guard isUnicode else { continue }
      let offset = Int(try cmap.uint32(at: record + 4))
      let subtable = try cmap.view(at: offset, length: cmap.count - offset)
      switch try subtable.uint16(at: 0) {
      case 4: format4 = format4 ?? subtable
      case 12: format12 = format12 ?? subtable
      default: continue
      }
    }
    let map: [UInt32: UInt16]
    if let format12 {
      map = try self.format12(format12, glyphCount: glyphCount)
    } else if let format4 {
      map = try self.format4(format4, glyphCount: glyphCount)
    } else {
      throw .fontMalformed(reason: "no Unicode cmap subtable of format 4 or 12")
    }
    return map
  }

  static func format12(_ table: FontBytes, glyphCount: Int) throws(BillingDocumentError) -> [UInt32: UInt16] {
    let groups = Int(try table.uint32(at: 12))
    var map: [UInt32: UInt16] = [:]
    for index in 0..<groups {
      let group = 16 + 12 * index
      let first = try table.uint32(at: group)
      let last = try table.uint32(at: group + 4)
      let firstGlyph = try table.uint32(at: group + 8)
      guard first <= last, last <= 0x10FFFF, last - first < 0x10000 else {
        throw .fontMalformed(reason: "cmap group \(index) out of range")
      }
      for code in first...last {
        let glyph = firstGlyph + (code - first)
        if glyph < glyphCount { map[code] = UInt16(glyph) }
      }
    }
    return map
  }

  static func format4(_ table: FontBytes, glyphCount: Int) throws(BillingDocumentError) -> [UInt32: UInt16] {
    let segments = Int(try table.uint16(at: 6)) / 2
    let ends = 14
    let starts = ends + 2 * segments + 2
    let deltas = starts + 2 * segments
    let rangeOffsets = deltas + 2 * segments
    var map: [UInt32: UInt16] = [:]
    for segment in 0..<segments {
      let end = try table.uint16(at: ends + 2 * segment)
      let start = try table.uint16(at: starts + 2 * segment)
      let delta = try table.uint16(at: deltas + 2 * segment)
      let rangeOffset = Int(try table.uint16(at: rangeOffsets + 2 * segment))
      guard start <= end, start != 0xFFFF else { continue }
      for code in start...end {
        var glyph: UInt16
        if rangeOffset == 0 {
          glyph = code &+ delta
        } else {
          // The offset is relative to the idRangeOffset entry itself (the spec's pointer trick).
          let at = rangeOffsets + 2 * segment + rangeOffset + 2 * Int(code - start)
          glyph = try table.uint16(at: at)
          if glyph != 0 { glyph = glyph &+ delta }
        }
        if glyph != 0, glyph < glyphCount { map[UInt32(code)] = glyph }
      }
    }
    return map
  }
}
