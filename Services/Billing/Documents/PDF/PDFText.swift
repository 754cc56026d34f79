/// Small text encodings the PDF syntax needs.
enum PDFText {
  /// Four upper-case hex digits of a 16-bit value.
  static func hex(_ value: UInt16) -> String {
    let digits = String(value, radix: 16, uppercase: true)
    return String(repeating: "0", count: 4 - digits.count) + digits
  }

  /// A text string outside content streams (Info title): UTF-16BE with a byte-order mark, in hex,
  /// so any character survives without escaping rules.
  static func utf16Hex(_ text: String) -> String {
    "<FEFF\(text.utf16.map { self.hex($0) }.joined())>"
  }

  static func digits(_ value: Int, _ width: Int) -> String {
    let text = String(value)
    return String(repeating: "0", count: max(0, width - text.count)) + text
  }
}
