/// An element of a rate file: enough XML for the banks' flat, attribute-light documents.
struct XMLTreeElement: Sendable {
  var name: String
  var attributes: [String: String] = [:]
  var children: [XMLTreeElement] = []
  /// The element's own character data (entities decoded, CDATA included), untrimmed.
  var text: String = ""

  func child(_ name: String) -> XMLTreeElement? {
    self.children.first { $0.name == name }
  }

  func children(named name: String) -> [XMLTreeElement] {
    self.children.filter { $0.name == name }
  }

  /// A child's text with surrounding whitespace removed; `nil` if there is no such child.
  func field(_ name: String) -> String? {
    self.child(name).map { trimmed($0.text) }
  }
}

func trimmed(_ text: some StringProtocol) -> String {
  let isSpace: (Character) -> Bool = { $0.isWhitespace }
  return String(text.drop(while: isSpace).reversed().drop(while: isSpace).reversed())
}
