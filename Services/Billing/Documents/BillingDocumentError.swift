/// Everything that can go wrong while rendering a billing document.
///
/// One error type for the module so the Billing service maps a rendering failure to one
/// status code; the cases tell an operator what to fix (a font path, a malformed font) without
/// echoing document content.
public enum BillingDocumentError: Error, Sendable, Hashable, CustomStringConvertible {
  /// The font file does not exist or cannot be read.
  case fontUnreadable(path: String)
  /// The bytes are not a TrueType font this writer can embed (CFF outlines, truncated tables…).
  case fontMalformed(reason: String)
  /// zlib refused the data; only happens when memory runs out.
  case compressionFailed

  public var description: String {
    switch self {
    case .fontUnreadable(let path): "font file cannot be read: \(path)"
    case .fontMalformed(let reason): "font cannot be embedded: \(reason)"
    case .compressionFailed: "stream compression failed"
    }
  }
}
