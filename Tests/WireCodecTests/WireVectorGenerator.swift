import Foundation
import Testing
import WireCodec
import WireJSON
import WireTestMessages

/// Rewrites docs/wire-vectors.json from its values: fills in the schemas, the hex of
/// canonical vectors and the canonical_hex of hand-written ones. Run only on purpose:
/// `WIRE_VECTORS_REGENERATE=1 swift test --filter WireVectorGenerator`, then review the diff.
@Suite("Wire vector generator", .enabled(if: ProcessInfo.processInfo.environment["WIRE_VECTORS_REGENERATE"] == "1"))
struct WireVectorGenerator {
  @Test func regenerate() throws {
    let file = try WireVectorFile()
    let transcoder = WireVectorFile.transcoder
    let schemas = WireVectorFile.swiftSchemas
    let schemaTranscoder = WireJSONTranscoder(SchemaRegistry.describing(MessageSchema.self, EnumSchema.self))
    let messages = try schemas.messages.map { try schemaTranscoder.decode($0.wireEncoded(), as: "MessageSchema") }
    let enums = try schemas.enums.map { try schemaTranscoder.decode($0.wireEncoded(), as: "EnumSchema") }
    var hexByName: [String: String] = [:]
    var vectors: [JSONValue] = []
    for vector in file.vectors {
      let canonical = try transcoder.encode(vector.value, as: vector.message).hex
      var hex = vector.hex
      if hex.hasPrefix("@") { hex = try #require(hexByName[String(hex.dropFirst())]) }
      if hex.isEmpty { hex = canonical }
      hexByName[vector.name] = hex
      var members: [(key: String, value: JSONValue)] = [
        ("name", .string(vector.name)), ("message", .string(vector.message)), ("value", vector.value),
        ("hex", .string(hex)),
      ]
      if hex != canonical { members.append(("canonical_hex", .string(canonical))) }
      vectors.append(.object(members))
    }
    guard case .object(var document) = file.document else { return }
    document = document.map { member in
      switch member.key {
      case "messages": (member.key, .array(messages))
      case "enums": (member.key, .array(enums))
      case "vectors": (member.key, .array(vectors))
      default: member
      }
    }
    try (JSONValue.object(document).serialized(pretty: true) + "\n").write(
      to: WireVectorFile.url, atomically: true, encoding: .utf8)
  }
}
