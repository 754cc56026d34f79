/// A grid table whose rows wrap text and split across pages, with the header repeated on
/// every page the table reaches.
struct TableColumn {
  let title: String
  /// Share of the content width; shares of all columns add up to 1.
  let share: Double
  let alignment: PageFlow.Alignment
}

struct TableRow {
  let cells: [String]
  var bold = false
}

extension PageFlow {
  static let tableTextSize = 8.5
  static let cellPadding = 3.5

  mutating func table(columns: [TableColumn], rows: [TableRow]) {
    let edges = self.columnEdges(columns)
    let header = TableRow(cells: columns.map(\.title), bold: true)
    self.reserve(3 * Self.leading(Self.tableTextSize) + 4 * Self.cellPadding)
    self.tableRow(header, columns: columns, edges: edges)
    let previous = self.onNewPage
    self.onNewPage = { flow in
      previous?(&flow)
      flow.tableRow(header, columns: columns, edges: edges)
    }
    for row in rows {
      self.tableRow(row, columns: columns, edges: edges)
    }
    self.onNewPage = previous
  }

  private func columnEdges(_ columns: [TableColumn]) -> [Double] {
    var edges = [self.left]
    for column in columns {
      edges.append((edges.last ?? self.left) + column.share * self.contentWidth)
    }
    edges[edges.count - 1] = self.right  // no rounding gap at the right border
    return edges
  }

  /// Draws a row; if it does not fit, as many lines as fit go here and the rest continue on the
  /// next page, so even a description longer than a page is printed whole.
  private mutating func tableRow(_ row: TableRow, columns: [TableColumn], edges: [Double]) {
    let size = Self.tableTextSize
    let leading = Self.leading(size)
    let font = self.font(bold: row.bold)
    var remaining: [[String]] = columns.indices.map { index in
      let text = index < row.cells.count ? row.cells[index] : ""
      let width = edges[index + 1] - edges[index] - 2 * Self.cellPadding
      return self.writer.wrap(text, font: font, size: size, width: width)
    }
    while true {
      let needed = remaining.map(\.count).max() ?? 1
      let fitting = Int(((self.bottom - self.y - 2 * Self.cellPadding) / leading).rounded(.down))
      if fitting < min(needed, 2), !self.isAtPageTop {
        self.newPage()
        continue
      }
      let count = max(1, min(needed, fitting))
      let top = self.y
      self.y += Self.cellPadding
      for line in 0..<count {
        for (index, column) in columns.enumerated() where line < remaining[index].count {
          self.drawLine(
            remaining[index][line], font: font, size: size, left: edges[index] + Self.cellPadding,
            right: edges[index + 1] - Self.cellPadding, alignment: column.alignment)
        }
        self.y += leading
      }
      self.y += Self.cellPadding
      self.grid(top: top, bottom: self.y, edges: edges)
      remaining = remaining.map { Array($0.dropFirst(count)) }
      guard remaining.contains(where: { !$0.isEmpty }) else { return }
      self.newPage()
    }
  }

  private mutating func grid(top: Double, bottom: Double, edges: [Double]) {
    let page = self.page
    for y in [top, bottom] {
      self.writer.drawLine(from: PDFPoint(x: self.left, y: y), to: PDFPoint(x: self.right, y: y), page: page)
    }
    for x in edges {
      self.writer.drawLine(from: PDFPoint(x: x, y: top), to: PDFPoint(x: x, y: bottom), page: page)
    }
  }
}
