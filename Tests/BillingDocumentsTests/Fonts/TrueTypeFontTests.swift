import Foundation
import Testing

@testable import BillingDocuments

@Suite("TrueType parsing and subsetting")
struct TrueTypeFontTests {
  static let regularPath = DocumentFonts.defaultRegularPath

  @Test("the cmap maps Cyrillic, «№» and «₽» to glyphs")
  func characterMapCoversCyrillic() throws {
    let font = try TrueTypeFont(contentsOfFile: Self.regularPath)
    for character in "АаЯяЁё№₽«»" {
      let scalar = try #require(character.unicodeScalars.first)
      #expect(font.glyph(for: scalar) != nil, "no glyph for \(character)")
    }
    #expect(font.unitsPerEm == 2048)
  }

  @Test("truncated or foreign bytes are a typed error, never a crash", arguments: [0, 3, 12, 100, 1000, 20_000])
  func truncatedFontIsTypedError(length: Int) throws {
    let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: Self.regularPath)).prefix(length))
    #expect {
      try TrueTypeFont(bytes: bytes)
    } throws: { error in
      guard case .fontMalformed = error as? BillingDocumentError else { return false }
      return true
    }
  }

  @Test("a table directory pointing outside the file is a typed error")
  func tableOutsideFileIsTypedError() throws {
    var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: Self.regularPath)))
    bytes.setUInt32(0x7FFF_FFF0, at: 12 + 8)  // first table's offset
    #expect {
      try TrueTypeFont(bytes: bytes)
    } throws: { error in
      guard case .fontMalformed = error as? BillingDocumentError else { return false }
      return true
    }
  }

  @Test("a composite glyph keeps its components in the subset")
  func subsetKeepsCompositeComponents() throws {
    let font = try TrueTypeFont(contentsOfFile: Self.regularPath)
    let composite = try #require(
      (0..<UInt16(font.glyphCount)).first { (try? font.components(of: $0).isEmpty == false) ?? false })
    let components = try font.components(of: composite)
    let kept = try font.closure(of: [composite])
    #expect(kept.isSuperset(of: components))
  }

  @Test("a subset keeps glyph ids, kept outlines and metrics intact, empties the rest")
  func subsetKeepsGlyphIDs() throws {
    let font = try TrueTypeFont(contentsOfFile: Self.regularPath)
    let used = Set("Счёт № NCR-0134".unicodeScalars.compactMap { font.glyph(for: $0) })
    let subset = try font.subset(keeping: used)
    #expect(subset.count < font.bytes.count / 10)
    #expect(FontFileBuilder.checksum(subset) == 0xB1B0_AFBA, "head.checkSumAdjustment")
    // The subset has no cmap (a PDF addresses glyphs directly), so read its tables one by one.
    let file = FontBytes(bytes: subset)
    let tables = try TrueTypeFont.tableDirectory(of: file)
    #expect(Set(tables.keys) == Set(TrueTypeFont.embeddedTables))
    let head = FontBytes(bytes: subset, range: try #require(tables["head"]))
    let ranges = try TrueTypeFont.glyphRanges(
      loca: FontBytes(bytes: subset, range: try #require(tables["loca"])),
      glyf: FontBytes(bytes: subset, range: try #require(tables["glyf"])),
      longOffsets: try head.int16(at: 50) == 1, glyphCount: font.glyphCount)
    let widths = try TrueTypeFont.advanceWidths(
      hmtx: FontBytes(bytes: subset, range: try #require(tables["hmtx"])),
      metricsCount: font.numberOfHMetrics, glyphCount: font.glyphCount)
    let kept = try font.closure(of: used.union([0]))
    for glyph in 0..<font.glyphCount {
      if kept.contains(UInt16(glyph)) {
        #expect(subset[ranges[glyph]] == font.bytes[font.glyphRanges[glyph]], "outline of glyph \(glyph)")
        #expect(widths[glyph] == font.advanceWidths[glyph], "advance of glyph \(glyph)")
      } else {
        #expect(ranges[glyph].isEmpty, "glyph \(glyph) should be empty")
      }
    }
  }

  /// A deterministic stand-in for a fuzzer: corrupt bytes in the directory and the small tables
  /// the parser walks (head, hhea, maxp, cmap, loca) and demand a font or a typed error — a trap
  /// would kill the test process. Seeded, so a failure reproduces.
  @Test("corrupted font bytes parse and subset without trapping")
  func corruptedFontNeverTraps() throws {
    let original = [UInt8](try Data(contentsOf: URL(fileURLWithPath: Self.regularPath)))
    let tables = try TrueTypeFont.tableDirectory(of: FontBytes(bytes: original))
    let regions = [0..<(12 + 16 * tables.count)] + ["head", "hhea", "maxp", "cmap", "loca"].compactMap { tables[$0] }
    var seed: UInt64 = 0x9E37_79B9_7F4A_7C15
    func next(_ bound: Int) -> Int {
      seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int((seed >> 33) % UInt64(bound))
    }
    var parsed = 0
    for _ in 0..<150 {
      var bytes = original
      for _ in 0..<(1 + next(4)) {
        let region = regions[next(regions.count)]
        bytes[region.lowerBound + next(region.count)] = UInt8(next(256))
      }
      do {
        let font = try TrueTypeFont(bytes: bytes)
        _ = try font.subset(keeping: Set("Счёт № 1".unicodeScalars.compactMap { font.glyph(for: $0) }))
        parsed += 1
      } catch {
        // A typed error is the other acceptable outcome; the signature makes it BillingDocumentError.
      }
    }
    #expect(parsed > 0, "some corruptions (e.g. in unused metrics) leave a usable font")
  }
}
