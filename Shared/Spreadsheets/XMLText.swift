/// Escaping for XML 1.0 text and attribute values.
enum XMLText {
  /// Characters XML 1.0 cannot carry at all, not even as references: C0 controls other than
  /// tab, line feed and carriage return, and U+FFFE/U+FFFF. Imported 1C and bank files do
  /// contain them (vertical tabs, form feeds); one would make Excel reject the whole file.
  static func isForbidden(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x09, 0x0A, 0x0D: false
    case 0..<0x20, 0xFFFE, 0xFFFF: true
    default: false
    }
  }

  /// Escaped text with forbidden characters dropped. Carriage returns become `&#13;` because a
  /// parser would otherwise normalise them away.
  static func escape(_ text: String) -> String {
    var escaped = ""
    escaped.reserveCapacity(text.utf8.count)
    for scalar in text.unicodeScalars where !self.isForbidden(scalar) {
      switch scalar {
      case "&": escaped += "&amp;"
      case "<": escaped += "&lt;"
      case ">": escaped += "&gt;"
      case "\"": escaped += "&quot;"
      case "'": escaped += "&apos;"
      case "\r": escaped += "&#13;"
      default: escaped.unicodeScalars.append(scalar)
      }
    }
    return escaped
  }
}
