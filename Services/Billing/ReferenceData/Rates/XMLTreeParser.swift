/// A small, tolerant, non-validating XML reader for the central banks' rate files.
///
/// Why not FoundationXML's `XMLParser`: on this Linux toolchain it does read a windows-1251
/// declaration correctly (libxml2 converts through iconv), but it makes libxml2 a run-time
/// dependency of the Billing image, its behaviour follows whatever libxml2/iconv the platform has,
/// and its failures are untyped `NSError` codes. These files are flat lists of a few dozen
/// elements; a reader of about 150 lines that we can fuzz (DESIGN.md: fuzz what parses bytes) and
/// that reports typed errors is the smaller risk.
///
/// Supported: elements, attributes (either quote), character data, the five predefined entities
/// and character references, CDATA, comments, processing instructions and a DOCTYPE without an
/// internal subset (both skipped). No namespaces processing: `atom:link` is just a name.
/// Iterative with an explicit stack, and nesting is capped (the banks' files are 3–4 deep), so
/// hostile input cannot exhaust the call stack either while parsing or while freeing the tree.
struct XMLTreeParser {
  static let maxDepth = 32

  private let bytes: [UInt8]
  private var index = 0
  /// Open elements, innermost last.
  private var stack: [XMLTreeElement] = []
  private var root: XMLTreeElement?

  static func parse(_ text: String) throws(RateFileError) -> XMLTreeElement {
    var parser = XMLTreeParser(bytes: Array(text.utf8))
    return try parser.document()
  }

  private init(bytes: [UInt8]) {
    self.bytes = bytes
  }

  private mutating func document() throws(RateFileError) -> XMLTreeElement {
    while self.index < self.bytes.count {
      if self.bytes[self.index] == UInt8(ascii: "<") {
        try self.markup()
      } else {
        try self.characterData()
      }
    }
    guard self.stack.isEmpty, let root = self.root else { throw .truncated }
    return root
  }

  // MARK: Markup

  private mutating func markup() throws(RateFileError) {
    if self.lookingAt("<!--") {
      try self.skip(past: "-->")
    } else if self.lookingAt("<![CDATA[") {
      let start = self.index + 9
      try self.skip(past: "]]>")
      try self.appendText(String(decoding: self.bytes[start..<(self.index - 3)], as: UTF8.self))
    } else if self.lookingAt("<?") {
      try self.skip(past: "?>")
    } else if self.lookingAt("<!") {
      // DOCTYPE: skipped; an internal subset could declare entities we would then misread.
      let start = self.index
      try self.skip(past: ">")
      if self.bytes[start..<self.index].contains(UInt8(ascii: "[")) {
        throw self.fail(at: start, "DOCTYPE internal subset")
      }
    } else if self.lookingAt("</") {
      try self.endTag()
    } else {
      try self.startTag()
    }
  }

  private mutating func startTag() throws(RateFileError) {
    let tagStart = self.index
    self.index += 1
    guard self.root == nil || !self.stack.isEmpty else {
      throw self.fail(at: tagStart, "content after the root element")
    }
    var element = XMLTreeElement(name: try self.name())
    while true {
      self.skipSpace()
      guard self.index < self.bytes.count else { throw .truncated }
      switch self.bytes[self.index] {
      case UInt8(ascii: ">"):
        self.index += 1
        guard self.stack.count < XMLTreeParser.maxDepth else {
          throw self.fail(at: tagStart, "elements nested deeper than \(XMLTreeParser.maxDepth)")
        }
        self.stack.append(element)
        return
      case UInt8(ascii: "/"):
        guard self.index + 1 < self.bytes.count else { throw .truncated }
        guard self.bytes[self.index + 1] == UInt8(ascii: ">") else {
          throw self.fail(at: self.index, "'/' not followed by '>'")
        }
        self.index += 2
        self.close(element)
        return
      default:
        let attributeName = try self.name()
        self.skipSpace()
        guard self.index < self.bytes.count else { throw .truncated }
        guard self.bytes[self.index] == UInt8(ascii: "=") else {
          throw self.fail(at: self.index, "attribute without '='")
        }
        self.index += 1
        self.skipSpace()
        element.attributes[attributeName] = try self.quotedValue()
      }
    }
  }

  private mutating func endTag() throws(RateFileError) {
    let tagStart = self.index
    self.index += 2
    let name = try self.name()
    self.skipSpace()
    guard self.index < self.bytes.count else { throw .truncated }
    guard self.bytes[self.index] == UInt8(ascii: ">") else { throw self.fail(at: self.index, "junk in end tag") }
    self.index += 1
    guard let open = self.stack.popLast() else {
      throw self.fail(at: tagStart, "end tag </\(name)> without a start tag")
    }
    guard open.name == name else { throw self.fail(at: tagStart, "</\(name)> closes <\(open.name)>") }
    self.close(open)
  }

  private mutating func close(_ element: XMLTreeElement) {
    if self.stack.isEmpty {
      self.root = element
    } else {
      self.stack[self.stack.count - 1].children.append(element)
    }
  }

  // MARK: Character data

  private mutating func characterData() throws(RateFileError) {
    let start = self.index
    while self.index < self.bytes.count, self.bytes[self.index] != UInt8(ascii: "<") { self.index += 1 }
    let raw = self.bytes[start..<self.index]
    if self.stack.isEmpty {
      // Only whitespace may stand outside the root element.
      guard raw.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) else {
        throw self.fail(at: start, "text outside the root element")
      }
      return
    }
    try self.appendText(try self.resolvingEntities(raw))
  }

  private mutating func appendText(_ text: String) throws(RateFileError) {
    guard !self.stack.isEmpty else { throw self.fail(at: self.index, "CDATA outside the root element") }
    self.stack[self.stack.count - 1].text += text
  }

  private func resolvingEntities(_ raw: ArraySlice<UInt8>) throws(RateFileError) -> String {
    guard raw.contains(UInt8(ascii: "&")) else { return String(decoding: raw, as: UTF8.self) }
    var result = ""
    var rest = raw
    while let ampersand = rest.firstIndex(of: UInt8(ascii: "&")) {
      result += String(decoding: rest[..<ampersand], as: UTF8.self)
      guard let semicolon = rest[ampersand...].firstIndex(of: UInt8(ascii: ";")) else {
        throw self.fail(at: ampersand, "unterminated entity")
      }
      let entity = String(decoding: rest[(ampersand + 1)..<semicolon], as: UTF8.self)
      guard let scalar = XMLTreeParser.entity(entity) else {
        throw self.fail(at: ampersand, "unknown entity &\(entity);")
      }
      result.unicodeScalars.append(scalar)
      rest = rest[(semicolon + 1)...]
    }
    return result + String(decoding: rest, as: UTF8.self)
  }

  private static func entity(_ name: String) -> Unicode.Scalar? {
    switch name {
    case "lt": return "<"
    case "gt": return ">"
    case "amp": return "&"
    case "quot": return "\""
    case "apos": return "'"
    default:
      let hex = name.hasPrefix("#x") || name.hasPrefix("#X")
      guard name.hasPrefix("#"), let value = UInt32(name.dropFirst(hex ? 2 : 1), radix: hex ? 16 : 10) else {
        return nil
      }
      return Unicode.Scalar(value)
    }
  }

  // MARK: Lexing helpers

  private mutating func name() throws(RateFileError) -> String {
    let start = self.index
    while self.index < self.bytes.count, !XMLTreeParser.endsName(self.bytes[self.index]) { self.index += 1 }
    guard self.index < self.bytes.count else { throw .truncated }
    guard self.index > start else { throw self.fail(at: start, "expected a name") }
    return String(decoding: self.bytes[start..<self.index], as: UTF8.self)
  }

  private static func endsName(_ byte: UInt8) -> Bool {
    switch byte {
    case 0x20, 0x09, 0x0A, 0x0D, UInt8(ascii: "/"), UInt8(ascii: ">"), UInt8(ascii: "="), UInt8(ascii: "<"),
      UInt8(ascii: "\""), UInt8(ascii: "'"):
      true
    default: false
    }
  }

  private mutating func quotedValue() throws(RateFileError) -> String {
    guard self.index < self.bytes.count else { throw .truncated }
    let quote = self.bytes[self.index]
    guard quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") else {
      throw self.fail(at: self.index, "unquoted attribute value")
    }
    let start = self.index + 1
    guard let end = self.bytes[start...].firstIndex(of: quote) else { throw .truncated }
    self.index = end + 1
    return try self.resolvingEntities(self.bytes[start..<end])
  }

  private mutating func skipSpace() {
    while self.index < self.bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(self.bytes[self.index]) { self.index += 1 }
  }

  private func lookingAt(_ literal: String) -> Bool {
    self.bytes[self.index...].starts(with: literal.utf8)
  }

  /// Moves past the next `terminator`; running out of input means the file was cut off.
  private mutating func skip(past terminator: String) throws(RateFileError) {
    guard let range = self.bytes[self.index...].firstRange(of: Array(terminator.utf8)) else { throw .truncated }
    self.index = range.upperBound
  }

  private func fail(at offset: Int, _ reason: String) -> RateFileError {
    .malformedXML(offset: offset, reason: reason)
  }
}
