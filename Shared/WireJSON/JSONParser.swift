/// A strict RFC 8259 parser. Written here rather than taken from Foundation because the wire
/// needs what JSONDecoder hides: whether `-0.0` was written with a point, and 64-bit integers
/// read exactly rather than through a Double.
struct JSONParser {
  var bytes: [UInt8]
  var at = 0

  static let maxDepth = 128

  mutating func parseDocument() throws(JSONSyntaxError) -> JSONValue {
    let value = try self.parseValue(depth: 0)
    self.skipSpace()
    guard self.at == self.bytes.count else { throw self.error("unexpected text after the JSON value") }
    return value
  }

  func error(_ message: String) -> JSONSyntaxError {
    JSONSyntaxError(description: "JSON syntax error at byte \(self.at): \(message)")
  }

  mutating func skipSpace() {
    while self.at < self.bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(self.bytes[self.at]) { self.at += 1 }
  }

  mutating func expect(_ literal: String) throws(JSONSyntaxError) {
    for byte in literal.utf8 {
      guard self.at < self.bytes.count, self.bytes[self.at] == byte else { throw self.error("expected \(literal)") }
      self.at += 1
    }
  }

  mutating func parseValue(depth: Int) throws(JSONSyntaxError) -> JSONValue {
    guard depth < Self.maxDepth else { throw self.error("nested deeper than \(Self.maxDepth)") }
    self.skipSpace()
    guard self.at < self.bytes.count else { throw self.error("unexpected end of input") }
    switch self.bytes[self.at] {
    case UInt8(ascii: "n"):
      try self.expect("null")
      return .null
    case UInt8(ascii: "t"):
      try self.expect("true")
      return .bool(true)
    case UInt8(ascii: "f"):
      try self.expect("false")
      return .bool(false)
    case UInt8(ascii: "\""): return .string(try self.parseString())
    case UInt8(ascii: "["): return try self.parseArray(depth: depth)
    case UInt8(ascii: "{"): return try self.parseObject(depth: depth)
    default: return try self.parseNumber()
    }
  }

  mutating func parseArray(depth: Int) throws(JSONSyntaxError) -> JSONValue {
    self.at += 1
    var elements: [JSONValue] = []
    self.skipSpace()
    if self.at < self.bytes.count, self.bytes[self.at] == UInt8(ascii: "]") {
      self.at += 1
      return .array(elements)
    }
    while true {
      elements.append(try self.parseValue(depth: depth + 1))
      self.skipSpace()
      guard self.at < self.bytes.count else { throw self.error("unterminated array") }
      let byte = self.bytes[self.at]
      self.at += 1
      if byte == UInt8(ascii: "]") { return .array(elements) }
      guard byte == UInt8(ascii: ",") else { throw self.error("expected , or ]") }
    }
  }

  mutating func parseObject(depth: Int) throws(JSONSyntaxError) -> JSONValue {
    self.at += 1
    var members: [(key: String, value: JSONValue)] = []
    self.skipSpace()
    if self.at < self.bytes.count, self.bytes[self.at] == UInt8(ascii: "}") {
      self.at += 1
      return .object(members)
    }
    while true {
      self.skipSpace()
      guard self.at < self.bytes.count, self.bytes[self.at] == UInt8(ascii: "\"") else {
        throw self.error("expected a member name")
      }
      let key = try self.parseString()
      self.skipSpace()
      try self.expect(":")
      members.append((key, try self.parseValue(depth: depth + 1)))
      self.skipSpace()
      guard self.at < self.bytes.count else { throw self.error("unterminated object") }
      let byte = self.bytes[self.at]
      self.at += 1
      if byte == UInt8(ascii: "}") { return .object(members) }
      guard byte == UInt8(ascii: ",") else { throw self.error("expected , or }") }
    }
  }

  mutating func parseString() throws(JSONSyntaxError) -> String {
    self.at += 1
    var scalars = String.UnicodeScalarView()
    var raw: [UInt8] = []
    func flush() throws(JSONSyntaxError) {
      guard !raw.isEmpty else { return }
      guard let text = String(validating: raw, as: UTF8.self) else { throw self.error("invalid UTF-8") }
      scalars.append(contentsOf: text.unicodeScalars)
      raw.removeAll(keepingCapacity: true)
    }
    while self.at < self.bytes.count {
      let byte = self.bytes[self.at]
      self.at += 1
      switch byte {
      case UInt8(ascii: "\""):
        try flush()
        return String(scalars)
      case UInt8(ascii: "\\"):
        try flush()
        scalars.append(try self.parseEscape())
      case 0..<0x20:
        throw self.error("control character in a string")
      default:
        raw.append(byte)
      }
    }
    throw self.error("unterminated string")
  }

  mutating func parseEscape() throws(JSONSyntaxError) -> Unicode.Scalar {
    guard self.at < self.bytes.count else { throw self.error("unterminated escape") }
    let byte = self.bytes[self.at]
    self.at += 1
    switch byte {
    case UInt8(ascii: "\""): return "\""
    case UInt8(ascii: "\\"): return "\\"
    case UInt8(ascii: "/"): return "/"
    case UInt8(ascii: "b"): return "\u{08}"
    case UInt8(ascii: "f"): return "\u{0C}"
    case UInt8(ascii: "n"): return "\n"
    case UInt8(ascii: "r"): return "\r"
    case UInt8(ascii: "t"): return "\t"
    case UInt8(ascii: "u"):
      let high = try self.parseHex4()
      if (0xD800..<0xDC00).contains(high) {
        try self.expect("\\u")
        let low = try self.parseHex4()
        guard (0xDC00..<0xE000).contains(low),
          let scalar = Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))
        else { throw self.error("invalid surrogate pair") }
        return scalar
      }
      guard let scalar = Unicode.Scalar(high) else { throw self.error("lone surrogate") }
      return scalar
    default:
      throw self.error("unknown escape")
    }
  }

  mutating func parseHex4() throws(JSONSyntaxError) -> UInt32 {
    guard self.at + 4 <= self.bytes.count,
      let value = UInt32(String(decoding: self.bytes[self.at..<(self.at + 4)], as: UTF8.self), radix: 16)
    else { throw self.error("expected four hex digits") }
    self.at += 4
    return value
  }

  mutating func parseNumber() throws(JSONSyntaxError) -> JSONValue {
    let start = self.at
    var isInteger = true
    while self.at < self.bytes.count {
      let byte = self.bytes[self.at]
      if (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "-")
        || byte == UInt8(ascii: "+")
      {
        self.at += 1
      } else if byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") {
        isInteger = false
        self.at += 1
      } else {
        break
      }
    }
    let text = String(decoding: self.bytes[start..<self.at], as: UTF8.self)
    guard !text.isEmpty else { throw self.error("unexpected character") }
    if isInteger {
      if let value = Int64(text) { return .int(value) }
      if let value = UInt64(text) { return .uint(value) }
    }
    guard let value = Double(text), value.isFinite else { throw self.error("invalid number \(text)") }
    return .double(value)
  }
}

/// JSON text that is not well formed.
public struct JSONSyntaxError: Error, Sendable, CustomStringConvertible {
  public var description: String
}

extension JSONValue {
  /// Parses JSON text.
  public init(parsing text: String) throws(JSONSyntaxError) {
    var parser = JSONParser(bytes: Array(text.utf8))
    self = try parser.parseDocument()
  }
}
