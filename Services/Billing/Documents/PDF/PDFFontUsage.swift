/// A registered font and what the document drew with it: the glyphs to keep in the subset and
/// the text each glyph stands for, which becomes the `ToUnicode` map.
struct PDFFontUsage: Sendable {
  let font: TrueTypeFont
  /// Glyph id → the characters it was drawn for (the first wins if several share a glyph).
  var characters: [UInt16: String] = [:]

  init(font: TrueTypeFont) {
    self.font = font
  }

  mutating func record(_ run: GlyphRun) {
    for (glyph, character) in zip(run.glyphs, run.characters) where self.characters[glyph] == nil {
      self.characters[glyph] = character
    }
  }

  var isUsed: Bool { !self.characters.isEmpty }

  /// Six capital letters naming this subset (ISO 32000-1, 9.6.4), derived from the glyph set so
  /// the same document always gets the same tag.
  var subsetTag: String {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325  // FNV-1a
    for glyph in self.characters.keys.sorted() {
      hash = (hash ^ UInt64(glyph)) &* 0x100_0000_01b3
    }
    var tag = ""
    for _ in 0..<6 {
      tag.unicodeScalars.append(Unicode.Scalar(UInt8(65 + hash % 26)))
      hash /= 26
    }
    return tag
  }
}
