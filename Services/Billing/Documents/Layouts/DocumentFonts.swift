/// The two faces every billing document is set in.
///
/// Load once when the service starts (`DocumentFonts.load()`), so a missing font package fails
/// the boot instead of the first invoice, and share the value: it is immutable and `Sendable`.
public struct DocumentFonts: Sendable {
  public static let defaultRegularPath = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
  public static let defaultBoldPath = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"

  public let regular: TrueTypeFont
  public let bold: TrueTypeFont

  public init(regular: TrueTypeFont, bold: TrueTypeFont) {
    self.regular = regular
    self.bold = bold
  }

  /// Reads both font files; DejaVu Sans by default because it covers Cyrillic and «₽».
  /// - Throws: `BillingDocumentError.fontUnreadable` or `.fontMalformed`.
  public static func load(
    regularPath: String = Self.defaultRegularPath, boldPath: String = Self.defaultBoldPath
  ) throws(BillingDocumentError) -> DocumentFonts {
    DocumentFonts(
      regular: try TrueTypeFont(contentsOfFile: regularPath), bold: try TrueTypeFont(contentsOfFile: boldPath))
  }
}
