public import WireCodec

/// Converts between the JSON form (docs/wire-format.md §10) and wire bytes using schemas only,
/// so a generic client can call a method it has no Swift types for.
public struct WireJSONTranscoder: Sendable {
  let messages: [String: MessageSchema]
  let enums: [String: EnumSchema]

  public init(messages: [MessageSchema], enums: [EnumSchema]) {
    self.messages = Dictionary(messages.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    self.enums = Dictionary(enums.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
  }

  public init(_ registry: SchemaRegistry) {
    self.init(messages: registry.messages, enums: registry.enums)
  }

  func schema(_ name: String) throws(WireJSONError) -> MessageSchema {
    guard let schema = self.messages[name] else { throw WireJSONError("unknown message type '\(name)'") }
    return schema
  }

  func enumSchema(_ name: String) throws(WireJSONError) -> EnumSchema {
    guard let schema = self.enums[name] else { throw WireJSONError("unknown enum type '\(name)'") }
    return schema
  }
}

/// A JSON value that does not fit the schema, or wire bytes that cannot be read with it.
public struct WireJSONError: Error, Sendable, CustomStringConvertible {
  public var description: String

  init(_ description: String) {
    self.description = description
  }

  /// The same error with `location` (a field path) in front.
  func at(_ location: String) -> WireJSONError {
    WireJSONError("\(location): \(self.description)")
  }
}
