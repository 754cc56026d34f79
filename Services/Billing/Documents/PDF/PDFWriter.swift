/// Builds a PDF page by page: text in embedded TrueType fonts, lines and rectangles.
///
/// Pages stay editable until `render()`, so a layout can go back and stamp "page 1 of 3"
/// once it knows the count. Output is deterministic: the same calls give the same bytes.
public struct PDFWriter: Sendable {
  var fonts: [PDFFontUsage] = []
  var pages: [PDFPage] = []
  /// Document title shown by viewers (Info dictionary); `nil` leaves it out.
  public var title: String?
  /// Creation date written into the Info dictionary; a fixed value keeps output reproducible.
  public var creationDate: DocumentDate?

  public init(title: String? = nil, creationDate: DocumentDate? = nil) {
    self.title = title
    self.creationDate = creationDate
  }

  /// Registers a font. Characters missing from a font are drawn with the first other
  /// registered font that has them, so register the main font first.
  public mutating func addFont(_ font: TrueTypeFont) -> PDFFontID {
    self.fonts.append(PDFFontUsage(font: font))
    return PDFFontID(index: self.fonts.count - 1)
  }

  /// Appends a page and returns its index.
  @discardableResult
  public mutating func addPage(size: PDFPageSize = .a4) -> Int {
    self.pages.append(PDFPage(size: size))
    return self.pages.count - 1
  }

  public var pageCount: Int { self.pages.count }

  /// Draws one line of text with its baseline starting at `origin`. Line breaks and other
  /// control characters are drawn as spaces; use `wrap` to break text into lines first.
  public mutating func drawText(_ text: String, at origin: PDFPoint, font: PDFFontID, size: Double, page: Int) {
    guard self.pages.indices.contains(page) else { return }
    let height = self.pages[page].size.height
    var x = origin.x
    for run in self.shape(text, font: font) {
      self.fonts[run.font.index].record(run)
      let glyphs = run.glyphs.map { PDFText.hex($0) }.joined()
      self.pages[page].operators.append(
        "BT /F\(run.font.index + 1) \(PDFNumber.format(size)) Tf 1 0 0 1 \(PDFNumber.format(x)) "
          + "\(PDFNumber.format(height - origin.y)) Tm <\(glyphs)> Tj ET")
      x += run.advance * size / 1000
    }
  }

  /// A straight line, e.g. a table rule.
  public mutating func drawLine(from start: PDFPoint, to end: PDFPoint, width: Double = 0.5, page: Int) {
    guard self.pages.indices.contains(page) else { return }
    let height = self.pages[page].size.height
    self.pages[page].operators.append(
      "\(PDFNumber.format(width)) w \(PDFNumber.format(start.x)) \(PDFNumber.format(height - start.y)) m "
        + "\(PDFNumber.format(end.x)) \(PDFNumber.format(height - end.y)) l S")
  }

  /// Width of `text` in points when drawn with `font` at `size`, including fallback glyphs.
  public func width(of text: String, font: PDFFontID, size: Double) -> Double {
    self.shape(text, font: font).reduce(0) { $0 + $1.advance } * size / 1000
  }
}
