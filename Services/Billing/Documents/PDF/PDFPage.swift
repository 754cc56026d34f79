/// A point on a page in PDF points (1/72 inch), measured from the top-left corner downwards —
/// the way layouts think; the writer flips it to PDF's bottom-left origin.
public struct PDFPoint: Sendable, Hashable {
  public var x: Double
  public var y: Double

  public init(x: Double, y: Double) {
    self.x = x
    self.y = y
  }
}

/// Page sizes in points.
public struct PDFPageSize: Sendable, Hashable {
  public var width: Double
  public var height: Double

  public init(width: Double, height: Double) {
    self.width = width
    self.height = height
  }

  /// ISO A4, 210 × 297 mm.
  public static let a4 = PDFPageSize(width: 595.28, height: 841.89)
}

/// A font registered with a `PDFWriter`; only meaningful for the writer that returned it.
public struct PDFFontID: Sendable, Hashable {
  let index: Int
}

/// One page: its size and the content-stream operators drawn on it so far.
struct PDFPage: Sendable {
  let size: PDFPageSize
  var operators: [String] = []
}
