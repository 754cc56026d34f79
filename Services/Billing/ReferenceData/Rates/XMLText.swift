/// Turns a rate file's bytes into text, honouring the encoding its XML declaration names.
///
/// The Bank of Russia serves `encoding="windows-1251"`, the National Bank of Kazakhstan UTF-8.
/// The declaration is ASCII in both, so it can be read before anything is decoded.
enum XMLText {
  static func decode(_ bytes: [UInt8]) throws(RateFileError) -> String {
    var body = bytes[...]
    if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
    switch declaredEncoding(body)?.lowercased() {
    case nil, "utf-8"?, "utf8"?, "us-ascii"?, "ascii"?:
      guard let text = String(validating: body, as: UTF8.self) else { throw .invalidUTF8 }
      return text
    case "windows-1251"?, "cp1251"?, "x-cp1251"?:
      return Windows1251.decode(body)
    case let other?:
      throw .unsupportedEncoding(other)
    }
  }

  /// The `encoding` pseudo-attribute of a leading `<?xml … ?>`, if any.
  static func declaredEncoding(_ bytes: ArraySlice<UInt8>) -> String? {
    guard bytes.starts(with: Array("<?xml".utf8)) else { return nil }
    let prolog = bytes.prefix(256)
    guard let end = prolog.firstRange(of: Array("?>".utf8))?.lowerBound else { return nil }
    let declaration = String(decoding: prolog[..<end], as: UTF8.self)
    guard let key = declaration.firstRange(of: "encoding") else { return nil }
    var rest = declaration[key.upperBound...].drop { $0 == " " }
    guard rest.first == "=" else { return nil }
    rest = rest.dropFirst().drop { $0 == " " }
    guard let quote = rest.first, quote == "\"" || quote == "'" else { return nil }
    return String(rest.dropFirst().prefix { $0 != quote })
  }
}
