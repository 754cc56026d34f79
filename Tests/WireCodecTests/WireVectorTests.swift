import Foundation
import Testing
import WireCodec
import WireJSON
import WireTestMessages

/// Every vector of docs/wire-vectors.json, both ways, through both the generated (typed)
/// code and the schema-driven JSON transcoder.
@Suite("Wire vectors")
struct WireVectorTests {
  static let file = try! WireVectorFile()

  @Test("the file's schemas are the Swift types' schemas")
  func schemasMatch() throws {
    let schemas = WireVectorFile.swiftSchemas
    let schemaTranscoder = WireJSONTranscoder(SchemaRegistry.describing(MessageSchema.self, EnumSchema.self))
    let expected = try schemas.messages.map { try schemaTranscoder.decode($0.wireEncoded(), as: "MessageSchema") }
    #expect(Self.file.document["messages"] == .array(expected))
    #expect(Self.file.vectors.count >= 40)
  }

  @Test("typed decode, then encode, gives the canonical bytes", arguments: file.vectors.map(\.name))
  func typedRoundTrip(name: String) throws {
    let vector = try #require(Self.file.vectors.first { $0.name == name })
    let type = try #require(vectorMessageTypes[vector.message])
    let bytes = try #require([UInt8](hex: vector.hex))
    let decoded = try type.init(wireEncoded: bytes)
    #expect(decoded.wireEncoded().hex == (vector.canonicalHex ?? vector.hex))
    // The typed value is the documented one: it encodes like the JSON value does.
    let fromJSON = try type.init(wireEncoded: try WireVectorFile.transcoder.encode(vector.value, as: vector.message))
    #expect(fromJSON.wireEncoded() == decoded.wireEncoded())
  }

  @Test("JSON value encodes to the bytes, and the bytes decode to the JSON value", arguments: file.vectors.map(\.name))
  func jsonRoundTrip(name: String) throws {
    let vector = try #require(Self.file.vectors.first { $0.name == name })
    let encoded = try WireVectorFile.transcoder.encode(vector.value, as: vector.message)
    #expect(encoded.hex == (vector.canonicalHex ?? vector.hex))
    let decoded = try WireVectorFile.transcoder.decode(try #require([UInt8](hex: vector.hex)), as: vector.message)
    #expect(decoded == vector.value, "\(decoded.serialized())")
  }

  @Test("malformed input fails with the documented reason", arguments: file.errors.map(\.name))
  func errorVector(name: String) throws {
    let vector = try #require(Self.file.errors.first { $0.name == name })
    let type = try #require(vectorMessageTypes[vector.message])
    let bytes = try #require([UInt8](hex: vector.hex))
    do {
      _ = try type.init(wireEncoded: bytes, limits: vector.limits)
      Issue.record("decoded without error")
    } catch {
      #expect(error.reason.rawValue == vector.error)
    }
    #expect(throws: WireJSONError.self) {
      try WireVectorFile.transcoder.decode(bytes, as: vector.message, limits: vector.limits)
    }
  }
}

extension SchemaRegistry {
  static func describing(_ types: any WireMessage.Type...) -> SchemaRegistry {
    var registry = SchemaRegistry()
    for type in types { type.collectWireSchemas(into: &registry) }
    return registry
  }
}
