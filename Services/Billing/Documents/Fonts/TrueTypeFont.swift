import Foundation

/// A TrueType font parsed just enough to measure text and embed a subset of it in a PDF.
///
/// Load it once (at service start) and share it: it is an immutable value, and a missing or
/// unusable font then fails at boot rather than on the first invoice.
public struct TrueTypeFont: Sendable {
  /// The original file; subsets are cut from it.
  let bytes: [UInt8]
  /// Absolute byte range of every table, by tag (`"glyf"`, `"head"`…).
  let tables: [String: Range<Int>]
  /// The name PDF viewers show for the font (name ID 6), without a subset prefix.
  let postScriptName: String
  let unitsPerEm: Int
  let ascender: Int
  let descender: Int
  let capHeight: Int
  let boundingBox: (xMin: Int, yMin: Int, xMax: Int, yMax: Int)
  let numberOfHMetrics: Int
  /// Advance width of every glyph, in font units (glyphs past `numberOfHMetrics` repeat the last).
  let advanceWidths: [UInt16]
  /// Byte range of every glyph's outline inside `bytes`; empty for glyphs with no outline.
  let glyphRanges: [Range<Int>]
  /// Unicode scalar value → glyph id, from the best Unicode `cmap` subtable.
  let glyphIndex: [UInt32: UInt16]

  /// Reads and parses a font file.
  /// - Throws: `BillingDocumentError.fontUnreadable` if the file cannot be read,
  ///   `.fontMalformed` if it is not a usable TrueType font.
  public init(contentsOfFile path: String) throws(BillingDocumentError) {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw .fontUnreadable(path: path)
    }
    try self.init(bytes: [UInt8](data))
  }

  /// Parses a font already in memory.
  /// - Throws: `BillingDocumentError.fontMalformed` if it is not a usable TrueType font.
  public init(bytes: [UInt8]) throws(BillingDocumentError) {
    let file = FontBytes(bytes: bytes)
    let tables = try Self.tableDirectory(of: file)
    func table(_ tag: String) throws(BillingDocumentError) -> FontBytes {
      guard let range = tables[tag] else { throw .fontMalformed(reason: "no '\(tag)' table") }
      return FontBytes(bytes: bytes, range: range)
    }
    let head = try table("head")
    let hhea = try table("hhea")
    let maxp = try table("maxp")
    let glyphCount = Int(try maxp.uint16(at: 4))
    let metricsCount = Int(try hhea.uint16(at: 34))
    guard glyphCount > 0, (1...glyphCount).contains(metricsCount) else {
      throw .fontMalformed(reason: "\(glyphCount) glyphs with \(metricsCount) horizontal metrics")
    }
    self.bytes = bytes
    self.tables = tables
    self.unitsPerEm = Int(try head.uint16(at: 18))
    guard (16...16384).contains(self.unitsPerEm) else {
      throw .fontMalformed(reason: "unitsPerEm \(self.unitsPerEm)")
    }
    self.boundingBox = (
      Int(try head.int16(at: 36)), Int(try head.int16(at: 38)),
      Int(try head.int16(at: 40)), Int(try head.int16(at: 42))
    )
    self.ascender = Int(try hhea.int16(at: 4))
    self.descender = Int(try hhea.int16(at: 6))
    self.capHeight = try Self.capHeight(os2: tables["OS/2"].map { FontBytes(bytes: bytes, range: $0) }) ?? self.ascender
    self.numberOfHMetrics = metricsCount
    self.advanceWidths = try Self.advanceWidths(
      hmtx: try table("hmtx"), metricsCount: metricsCount, glyphCount: glyphCount)
    self.glyphRanges = try Self.glyphRanges(
      loca: try table("loca"), glyf: try table("glyf"), longOffsets: try head.int16(at: 50) == 1, glyphCount: glyphCount
    )
    self.glyphIndex = try Self.characterMap(cmap: try table("cmap"), glyphCount: glyphCount)
    self.postScriptName =
      Self.postScriptName(name: tables["name"].map { FontBytes(bytes: bytes, range: $0) }) ?? "Embedded"
  }

  var glyphCount: Int { self.advanceWidths.count }

  /// The glyph for a character, or `nil` if the font has none (callers then fall back).
  func glyph(for scalar: Unicode.Scalar) -> UInt16? {
    guard let glyph = self.glyphIndex[scalar.value], glyph != 0 else { return nil }
    return glyph
  }

  /// Advance of a glyph in thousandths of the font size — PDF's glyph space.
  func advance(of glyph: UInt16) -> Double {
    let units = Int(glyph) < self.advanceWidths.count ? Int(self.advanceWidths[Int(glyph)]) : 0
    return Double(units) * 1000 / Double(self.unitsPerEm)
  }

  /// A font-unit metric in PDF glyph space.
  func scaled(_ units: Int) -> Int {
    Int((Double(units) * 1000 / Double(self.unitsPerEm)).rounded())
  }
}
