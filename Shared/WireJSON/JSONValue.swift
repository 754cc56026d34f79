/// A JSON document, with object members kept in order so that output follows the schema.
public enum JSONValue: Sendable, Equatable {
  case null
  case bool(Bool)
  case int(Int64)
  case uint(UInt64)
  case double(Double)
  case string(String)
  case array([JSONValue])
  case object([(key: String, value: JSONValue)])

  public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
    switch (lhs, rhs) {
    case (.null, .null): true
    case (.bool(let a), .bool(let b)): a == b
    case (.string(let a), .string(let b)): a == b
    case (.array(let a), .array(let b)): a == b
    case (.object(let a), .object(let b)):
      // Member order carries no meaning in JSON.
      a.count == b.count && a.allSatisfy { member in b.contains { $0.key == member.key && $0.value == member.value } }
    default:
      // Numbers compare by value whichever case holds them.
      lhs.numericValue.map { l in rhs.numericValue.map { $0 == l } ?? false } ?? false
    }
  }

  var numericValue: Double? {
    switch self {
    case .int(let v): Double(v)
    case .uint(let v): Double(v)
    case .double(let v): v
    default: nil
    }
  }

  /// The member named `key` of an object.
  public subscript(key: String) -> JSONValue? {
    guard case .object(let members) = self else { return nil }
    return members.first { $0.key == key }?.value
  }
}

extension JSONValue {
  /// JSON text: compact, or indented by two spaces per level.
  public func serialized(pretty: Bool = false) -> String {
    var out = ""
    self.write(to: &out, pretty: pretty, indent: 0)
    return out
  }

  private func write(to out: inout String, pretty: Bool, indent: Int) {
    let newline = pretty ? "\n" + String(repeating: "  ", count: indent + 1) : ""
    let close = pretty ? "\n" + String(repeating: "  ", count: indent) : ""
    switch self {
    case .null: out += "null"
    case .bool(let value): out += value ? "true" : "false"
    case .int(let value): out += String(value)
    case .uint(let value): out += String(value)
    case .double(let value): out += value.isFinite ? "\(value)" : "null"
    case .string(let value): out += Self.quoted(value)
    case .array(let elements):
      guard !elements.isEmpty else {
        out += "[]"
        return
      }
      out += "["
      for (index, element) in elements.enumerated() {
        out += (index > 0 ? "," : "") + newline
        element.write(to: &out, pretty: pretty, indent: indent + 1)
      }
      out += close + "]"
    case .object(let members):
      guard !members.isEmpty else {
        out += "{}"
        return
      }
      out += "{"
      for (index, member) in members.enumerated() {
        out += (index > 0 ? "," : "") + newline + Self.quoted(member.key) + (pretty ? ": " : ":")
        member.value.write(to: &out, pretty: pretty, indent: indent + 1)
      }
      out += close + "}"
    }
  }

  static func quoted(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case _ where scalar.value < 0x20:
        let hex = String(scalar.value, radix: 16)
        out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out + "\""
  }
}
