import Foundation

/// A stretch of text drawn with one font: its glyphs and the characters each one stands for.
struct GlyphRun: Sendable {
  let font: PDFFontID
  var glyphs: [UInt16] = []
  var characters: [String] = []
  /// Sum of advances in glyph space (thousandths of the font size).
  var advance: Double = 0
}

/// Turning characters into glyphs, one to one (no ligatures or kerning: invoices need
/// neither, and it keeps text extraction exact).
extension PDFWriter {
  func shape(_ text: String, font requested: PDFFontID) -> [GlyphRun] {
    var runs: [GlyphRun] = []
    // Composed form, so that "й" typed as и + combining breve finds DejaVu's single glyph.
    for scalar in text.precomposedStringWithCanonicalMapping.unicodeScalars {
      let (font, glyph, character) = self.resolve(scalar, requested: requested)
      if runs.last?.font != font { runs.append(GlyphRun(font: font)) }
      runs[runs.count - 1].glyphs.append(glyph)
      runs[runs.count - 1].characters.append(character)
      runs[runs.count - 1].advance += self.fonts[font.index].font.advance(of: glyph)
    }
    return runs
  }

  /// The font and glyph for one character: the requested font, else the first font that has
  /// it, else a question mark — never an invisible `.notdef` that would silently drop text.
  private func resolve(_ scalar: Unicode.Scalar, requested: PDFFontID) -> (PDFFontID, UInt16, String) {
    let drawn: Unicode.Scalar = scalar.properties.generalCategory == .control ? " " : scalar
    if let glyph = self.fonts[requested.index].font.glyph(for: drawn) {
      return (requested, glyph, String(drawn))
    }
    for (index, usage) in self.fonts.enumerated() {
      if let glyph = usage.font.glyph(for: drawn) { return (PDFFontID(index: index), glyph, String(drawn)) }
    }
    return (requested, self.fonts[requested.index].font.glyph(for: "?") ?? 0, "?")
  }

  /// Breaks text into lines no wider than `width`: at spaces where possible, inside a word only
  /// when the word alone is too wide (long account numbers, URLs). Keeps explicit line breaks.
  public func wrap(_ text: String, font: PDFFontID, size: Double, width: Double) -> [String] {
    var lines: [String] = []
    for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
      var line = ""
      for word in paragraph.split(separator: " ") {
        let candidate = line.isEmpty ? String(word) : line + " " + word
        if self.width(of: candidate, font: font, size: size) <= width {
          line = candidate
          continue
        }
        if !line.isEmpty { lines.append(line) }
        line = ""
        for character in word {
          let longer = line + String(character)
          if !line.isEmpty, self.width(of: longer, font: font, size: size) > width {
            lines.append(line)
            line = String(character)
          } else {
            line = longer
          }
        }
      }
      lines.append(line)
    }
    return lines
  }
}
