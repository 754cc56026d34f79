/// The lines of a CSV file as switches write their CDRs: fields separated by commas, any field
/// may be quoted with `"`, a quote inside a quoted field doubled (`""`), and a quoted field may
/// hold commas and line ends (Asterisk's `lastdata` often holds commas). `\n` or `\r\n` line
/// ends; blank lines skipped.
struct QuotedCSVLines {
  struct Line {
    /// From 1, counting blank lines too, as an editor shows them; a field spanning lines is
    /// numbered by its first.
    let number: Int
    let fields: [String]
  }

  enum Failure: Error, Equatable {
    /// More than `maximum` lines.
    case tooManyLines
    /// A quoted field still open at the end of the file, which starts on `line`.
    case unclosedQuote(line: Int)
    /// Text after a closing quote other than a separator, on `line`.
    case textAfterQuote(line: Int)
  }

  /// The lines of `text`, or the first reason it is not CSV.
  static func split(_ text: String, maximum: Int) -> Result<[Line], Failure> {
    var lines: [Line] = []
    var fields: [String] = []
    var field: [UInt8] = []
    var lineNumber = 1
    var lineStart = 1
    var inQuotes = false
    var afterQuote = false
    var lineIsBlank = true
    let bytes = Array(text.utf8)
    var index = 0

    func endField() {
      fields.append(String(decoding: field, as: UTF8.self))
      field.removeAll(keepingCapacity: true)
      afterQuote = false
    }

    while index < bytes.count {
      let byte = bytes[index]
      index += 1
      if inQuotes {
        if byte == UInt8(ascii: "\"") {
          if index < bytes.count, bytes[index] == UInt8(ascii: "\"") {
            field.append(byte)
            index += 1
          } else {
            inQuotes = false
            afterQuote = true
          }
        } else {
          if byte == UInt8(ascii: "\n") { lineNumber += 1 }
          field.append(byte)
        }
        continue
      }
      switch byte {
      case UInt8(ascii: ","):
        endField()
        lineIsBlank = false
      case UInt8(ascii: "\n"):
        if lineIsBlank {
          field.removeAll(keepingCapacity: true)
        } else {
          endField()
          guard lines.count < maximum else { return .failure(.tooManyLines) }
          lines.append(Line(number: lineStart, fields: fields))
          fields.removeAll(keepingCapacity: true)
        }
        lineNumber += 1
        lineStart = lineNumber
        lineIsBlank = true
      case UInt8(ascii: "\r") where index < bytes.count && bytes[index] == UInt8(ascii: "\n"):
        continue
      case UInt8(ascii: "\""):
        guard field.isEmpty, !afterQuote else { return .failure(.textAfterQuote(line: lineNumber)) }
        inQuotes = true
        lineIsBlank = false
      default:
        guard !afterQuote else { return .failure(.textAfterQuote(line: lineNumber)) }
        field.append(byte)
        if byte != UInt8(ascii: " ") && byte != UInt8(ascii: "\t") { lineIsBlank = false }
      }
    }
    if inQuotes { return .failure(.unclosedQuote(line: lineStart)) }
    if !lineIsBlank {
      endField()
      guard lines.count < maximum else { return .failure(.tooManyLines) }
      lines.append(Line(number: lineStart, fields: fields))
    }
    return .success(lines)
  }
}
