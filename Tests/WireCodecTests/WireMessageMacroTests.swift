import SwiftDiagnostics
import SwiftParser
import SwiftSyntax
import SwiftSyntaxMacroExpansion
import SwiftSyntaxMacros
import Testing

@testable import WireCodecMacros

/// The macro's compile-time checks: mistakes in a message declaration are errors at the
/// line that makes them, not surprises on the wire.
@Suite("@WireMessage macro")
struct WireMessageMacroTests {
  /// Expands `source` and returns the expansion and the diagnostics' messages.
  func expand(_ source: String) -> (code: String, diagnostics: [String]) {
    let context = BasicMacroExpansionContext()
    let expanded = Parser.parse(source: source).expand(
      macros: ["WireMessage": WireMessageMacro.self, "Field": FieldMacro.self], contextGenerator: { _ in context })
    // Whitespace collapsed, so checks do not depend on the formatter's indentation.
    let code = expanded.description.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    return (code, context.diagnostics.map(\.message))
  }

  @Test("generates one encode line, one decode case and one schema entry per field")
  func generatesMembers() {
    let (code, diagnostics) = self.expand(
      """
      @WireMessage("A SIM") public struct Sim {
        @Field(1, "ICCID") public var iccid: String
        @Field(2) public var balance: ExactDecimal
      }
      """)
    #expect(diagnostics.isEmpty)
    #expect(code.contains("self.iccid.encodeWire(field: 1, to: &writer)"))
    #expect(code.contains("self.balance.encodeWire(field: 2, to: &writer)"))
    #expect(code.contains("case 1: try self.iccid.mergeWire(field, from: &reader)"))
    #expect(code.contains("default: try reader.skip(field)"))
    #expect(
      code.contains(#"WireCodec.FieldSchema(number: 1, name: "iccid", type: (String).wireFieldType, doc: "ICCID")"#))
    #expect(code.contains(#"public static var wireMessageName: String { "Sim" }"#))
    #expect(code.contains("(ExactDecimal).collectWireSchemas(into: &registry)"))
    #expect(
      code.contains("public init() { self.iccid = (String).wireDefault self.balance = (ExactDecimal).wireDefault }"))
    #expect(
      code.contains(
        "public init( iccid: String = (String).wireDefault, balance: ExactDecimal = (ExactDecimal).wireDefault )"))
  }

  @Test(
    "mistakes are compile errors",
    arguments: [
      (
        "@WireMessage struct A {\n @Field(1) var a: String\n @Field(1) var b: String\n}",
        "field number 1 is used by both 'a' and 'b'"
      ),
      (
        "@WireMessage struct A {\n @Field(1) let a: String\n}",
        "@Field properties must be 'var': the decoder assigns them"
      ),
      ("@WireMessage struct A {\n @Field(0) var a: String\n}", "field numbers run from 1 to 536870911"),
      ("@WireMessage struct A {\n @Field(536870912) var a: String\n}", "field numbers run from 1 to 536870911"),
      ("@WireMessage struct A {\n @Field(1) var a = 5\n}", "@Field needs one property with an explicit type"),
      ("@WireMessage struct A {\n @Field(1) var a: Int { 5 }\n}", "@Field cannot mark a computed property"),
      ("@WireMessage struct A {\n @Field(x) var a: Int\n}", "@Field needs an integer literal field number"),
      ("@WireMessage class A {}", "@WireMessage applies to structs"),
    ])
  func diagnostics(source: String, message: String) {
    #expect(self.expand(source).diagnostics == [message])
  }
}
