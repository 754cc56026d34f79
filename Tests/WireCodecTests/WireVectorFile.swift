import Foundation
import WireCodec
import WireJSON
import WireTestMessages

/// docs/wire-vectors.json, read with the schema-driven transcoder's JSON type.
struct WireVectorFile {
  struct Vector {
    var name: String
    var message: String
    var value: JSONValue
    var hex: String
    var canonicalHex: String?
  }

  struct ErrorVector {
    var name: String
    var message: String
    var hex: String
    var error: String
    var limits: WireLimits
  }

  static let url = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("docs/wire-vectors.json")

  var document: JSONValue

  init() throws {
    self.document = try JSONValue(parsing: String(decoding: try Data(contentsOf: Self.url), as: UTF8.self))
  }

  var vectors: [Vector] {
    guard case .array(let items)? = self.document["vectors"] else { return [] }
    return items.map { item in
      Vector(
        name: item["name"]?.text ?? "",
        message: item["message"]?.text ?? "",
        value: item["value"] ?? .null,
        hex: item["hex"]?.text ?? "",
        canonicalHex: item["canonical_hex"]?.text
      )
    }
  }

  var errors: [ErrorVector] {
    guard case .array(let items)? = self.document["errors"] else { return [] }
    return items.map { item in
      var limits = WireLimits.default
      if let depth = item["limits"]?["maxDepth"]?.integer { limits.maxDepth = depth }
      if let elements = item["limits"]?["maxElements"]?.integer { limits.maxElements = elements }
      if let size = item["limits"]?["maxMessageBytes"]?.integer { limits.maxMessageBytes = size }
      return ErrorVector(
        name: item["name"]?.text ?? "",
        message: item["message"]?.text ?? "",
        hex: item["hex"]?.text ?? "",
        error: item["error"]?.text ?? "",
        limits: limits
      )
    }
  }

  /// The schemas of the vector messages, as the Swift types generate them.
  static var swiftSchemas: SchemaRegistry {
    var registry = SchemaRegistry()
    for name in ["Scalars", "Collections", "Tree", "AccountV1", "AccountV2"] {
      vectorMessageTypes[name]!.collectWireSchemas(into: &registry)
    }
    return registry
  }

  static let transcoder = WireJSONTranscoder(swiftSchemas)
}

extension JSONValue {
  var text: String? {
    if case .string(let value) = self { return value }
    return nil
  }

  var integer: Int? {
    if case .int(let value) = self { return Int(value) }
    return nil
  }
}

extension [UInt8] {
  init?(hex: String) {
    var bytes: [UInt8] = []
    var chars = hex.makeIterator()
    while let high = chars.next() {
      guard let low = chars.next(), let byte = UInt8(String([high, low]), radix: 16) else { return nil }
      bytes.append(byte)
    }
    self = bytes
  }

  var hex: String {
    self.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
  }
}
