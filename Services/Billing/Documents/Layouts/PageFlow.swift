/// Where text goes next on an A4 document, and when a new page starts.
///
/// Layouts describe content top to bottom (paragraphs, label/value pairs, tables); the flow
/// wraps text, breaks pages and, at the end, stamps every page with "page N of M".
struct PageFlow {
  enum Alignment {
    case left, right
  }

  var writer: PDFWriter
  let regular: PDFFontID
  let bold: PDFFontID
  let margin = 42.0  // ≈ 15 mm
  let footerHeight = 24.0
  private(set) var page: Int
  /// Top of the free space on the current page, from the top edge.
  var y: Double
  /// Called after every page break, e.g. to repeat a table header.
  var onNewPage: ((inout PageFlow) -> Void)?

  init(fonts: DocumentFonts, title: String, creationDate: DocumentDate) {
    var writer = PDFWriter(title: title, creationDate: creationDate)
    self.regular = writer.addFont(fonts.regular)
    self.bold = writer.addFont(fonts.bold)
    self.page = writer.addPage()
    self.writer = writer
    self.y = 42
  }

  var pageSize: PDFPageSize { .a4 }
  var left: Double { self.margin }
  var right: Double { self.pageSize.width - self.margin }
  var contentWidth: Double { self.right - self.left }
  var bottom: Double { self.pageSize.height - self.margin - self.footerHeight }
  var isAtPageTop: Bool { self.y <= self.margin }

  static func leading(_ size: Double) -> Double { size * 1.3 }

  func font(bold: Bool) -> PDFFontID { bold ? self.bold : self.regular }

  mutating func newPage() {
    self.page = self.writer.addPage(size: self.pageSize)
    self.y = self.margin
    if let onNewPage {
      self.onNewPage = nil  // a header must not recurse into another break
      onNewPage(&self)
      self.onNewPage = onNewPage
    }
  }

  /// Starts a new page unless `height` more points fit on this one.
  mutating func reserve(_ height: Double) {
    if self.y + height > self.bottom, !self.isAtPageTop { self.newPage() }
  }

  mutating func space(_ points: Double) {
    self.y += points
  }

  /// Wrapped text; lines flow onto the next page one by one.
  mutating func paragraph(
    _ text: String, size: Double, bold: Bool = false, alignment: Alignment = .left,
    indent: Double = 0, spaceAfter: Double = 2
  ) {
    let font = self.font(bold: bold)
    for line in self.writer.wrap(text, font: font, size: size, width: self.contentWidth - indent) {
      self.reserve(Self.leading(size))
      self.drawLine(line, font: font, size: size, left: self.left + indent, right: self.right, alignment: alignment)
      self.y += Self.leading(size)
    }
    self.y += spaceAfter
  }

  /// "Label: value" rows with the values in one column, the values wrapping inside it.
  mutating func labeledValues(_ pairs: [(label: String, value: String)], size: Double, labelWidth: Double) {
    for (label, value) in pairs {
      let lines = self.writer.wrap(value, font: self.regular, size: size, width: self.contentWidth - labelWidth)
      self.reserve(Self.leading(size) * Double(min(lines.count, 3)))
      self.drawLine(
        label, font: self.bold, size: size, left: self.left, right: self.left + labelWidth, alignment: .left)
      for line in lines {
        self.reserve(Self.leading(size))
        self.drawLine(
          line, font: self.regular, size: size, left: self.left + labelWidth, right: self.right, alignment: .left)
        self.y += Self.leading(size)
      }
    }
  }

  mutating func rule(width: Double = 0.8) {
    self.writer.drawLine(
      from: PDFPoint(x: self.left, y: self.y), to: PDFPoint(x: self.right, y: self.y), width: width, page: self.page)
  }

  /// One line of text whose top is at `y`, placed between `left` and `right`.
  mutating func drawLine(
    _ text: String, font: PDFFontID, size: Double, left: Double, right: Double, alignment: Alignment
  ) {
    let x: Double =
      switch alignment {
      case .left: left
      case .right: right - self.writer.width(of: text, font: font, size: size)
      }
    self.writer.drawText(text, at: PDFPoint(x: x, y: self.y + size), font: font, size: size, page: self.page)
  }

  /// Stamps every page's footer and returns the finished writer.
  func finished(footer: (_ page: Int, _ count: Int) -> String) -> PDFWriter {
    var writer = self.writer
    let size = 7.5
    for page in 0..<writer.pageCount {
      let text = footer(page + 1, writer.pageCount)
      let y = self.pageSize.height - self.margin - size / 2
      writer.drawLine(
        from: PDFPoint(x: self.left, y: y - size - 4), to: PDFPoint(x: self.right, y: y - size - 4), width: 0.3,
        page: page)
      let x = self.right - writer.width(of: text, font: self.regular, size: size)
      writer.drawText(text, at: PDFPoint(x: x, y: y), font: self.regular, size: size, page: page)
    }
    return writer
  }
}
