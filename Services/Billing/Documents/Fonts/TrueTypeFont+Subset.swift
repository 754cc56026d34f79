/// Cutting a font down to the glyphs a document uses.
///
/// Glyph ids are kept (unused glyphs become empty), so the PDF can address glyphs with
/// `CIDToGIDMap /Identity` and the widths and `ToUnicode` maps need no renumbering. The empty
/// `glyf`/`loca`/`hmtx` entries are runs of zeros that Flate squeezes to almost nothing.
extension TrueTypeFont {
  /// Tables a PDF TrueType font program needs (ISO 32000-1, 9.9); the rest (cmap, name, post,
  /// kerning, OpenType layout) is of no use inside a PDF, where the document picks glyphs itself.
  static let embeddedTables = ["cvt ", "fpgm", "glyf", "head", "hhea", "hmtx", "loca", "maxp", "prep"]

  /// A complete TrueType file holding only `glyphs`, `.notdef` and the components they reference.
  func subset(keeping glyphs: Set<UInt16>) throws(BillingDocumentError) -> [UInt8] {
    let kept = try self.closure(of: glyphs.union([0]))
    var glyf: [UInt8] = []
    var offsets: [Int] = []
    for glyph in 0..<self.glyphCount {
      offsets.append(glyf.count)
      if kept.contains(UInt16(glyph)) {
        glyf.append(contentsOf: self.bytes[self.glyphRanges[glyph]])
        glyf.padToFourBytes()
      }
    }
    offsets.append(glyf.count)
    // Short offsets store half the offset in 16 bits; every offset is even because of the padding.
    let shortLoca = glyf.count / 2 <= Int(UInt16.max)
    var loca: [UInt8] = []
    for offset in offsets {
      if shortLoca { loca.appendUInt16(UInt16(offset / 2)) } else { loca.appendUInt32(UInt32(offset)) }
    }
    var replaced: [String: [UInt8]] = ["glyf": glyf, "loca": loca, "hmtx": try self.subsetMetrics(kept)]
    var head = [UInt8](self.bytes[try self.table("head").range])
    guard head.count >= 54 else { throw .fontMalformed(reason: "head table too short") }
    head.setUInt32(0, at: 8)  // checkSumAdjustment, recomputed over the whole file below
    head.setUInt16(shortLoca ? 0 : 1, at: 50)
    replaced["head"] = head
    var tables: [(tag: String, data: [UInt8])] = []
    for tag in Self.embeddedTables {
      if let data = replaced[tag] {
        tables.append((tag, data))
      } else if let range = self.tables[tag] {
        tables.append((tag, [UInt8](self.bytes[range])))
      }
    }
    return FontFileBuilder.build(tables: tables)
  }

  func table(_ tag: String) throws(BillingDocumentError) -> FontBytes {
    guard let range = self.tables[tag] else { throw .fontMalformed(reason: "no '\(tag)' table") }
    return FontBytes(bytes: self.bytes, range: range)
  }

  /// `glyphs` plus every glyph a composite among them is built from, recursively.
  func closure(of glyphs: Set<UInt16>) throws(BillingDocumentError) -> Set<UInt16> {
    var kept: Set<UInt16> = []
    var pending = Array(glyphs)
    while let glyph = pending.popLast() {
      guard Int(glyph) < self.glyphCount, kept.insert(glyph).inserted else { continue }
      pending.append(contentsOf: try self.components(of: glyph))
    }
    return kept
  }

  /// The glyph ids a composite glyph references; empty for simple glyphs.
  func components(of glyph: UInt16) throws(BillingDocumentError) -> [UInt16] {
    let outline = FontBytes(bytes: self.bytes, range: self.glyphRanges[Int(glyph)])
    guard outline.count > 0, try outline.int16(at: 0) < 0 else { return [] }
    let argumentsAreWords: UInt16 = 0x0001
    let hasScale: UInt16 = 0x0008
    let moreComponents: UInt16 = 0x0020
    let hasXYScale: UInt16 = 0x0040
    let hasTwoByTwo: UInt16 = 0x0080
    var components: [UInt16] = []
    var offset = 10
    var flags: UInt16
    repeat {
      flags = try outline.uint16(at: offset)
      components.append(try outline.uint16(at: offset + 2))
      offset += 4 + (flags & argumentsAreWords != 0 ? 4 : 2)
      if flags & hasScale != 0 {
        offset += 2
      } else if flags & hasXYScale != 0 {
        offset += 4
      } else if flags & hasTwoByTwo != 0 {
        offset += 8
      }
    } while flags & moreComponents != 0
    return components
  }

  /// `hmtx` with the metrics of unused glyphs zeroed, so that it compresses away.
  func subsetMetrics(_ kept: Set<UInt16>) throws(BillingDocumentError) -> [UInt8] {
    let hmtx = try self.table("hmtx")
    var metrics = [UInt8](repeating: 0, count: hmtx.count)
    let longMetricsEnd = 4 * self.numberOfHMetrics
    for glyph in kept {
      let (offset, length) =
        Int(glyph) < self.numberOfHMetrics
        ? (4 * Int(glyph), 4)
        : (longMetricsEnd + 2 * (Int(glyph) - self.numberOfHMetrics), 2)
      guard offset + length <= metrics.count else { continue }
      metrics.replaceSubrange(offset..<(offset + length), with: try hmtx.slice(at: offset, length: length))
    }
    return metrics
  }
}
