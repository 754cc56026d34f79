import SwiftSyntax
import SwiftSyntaxBuilder
import SwiftSyntaxMacros

/// Expands `@WireMessage` on a struct into its wire conformance; see `Macros.swift` in WireCodec.
struct WireMessageMacro: MemberMacro, ExtensionMacro {
  static func expansion(
    of node: AttributeSyntax,
    providingMembersOf declaration: some DeclGroupSyntax,
    conformingTo protocols: [TypeSyntax],
    in context: some MacroExpansionContext
  ) throws -> [DeclSyntax] {
    guard let structDecl = declaration.as(StructDeclSyntax.self) else {
      throw MacroDiagnostic.error("@WireMessage applies to structs", at: Syntax(node))
    }
    let fields = try WireFieldDeclaration.all(in: structDecl.memberBlock.members)
    let access = structDecl.modifiers.accessLevel
    let arguments = node.arguments?.as(LabeledExprListSyntax.self).map(Array.init) ?? []
    let doc = arguments.first { $0.label == nil }?.expression.stringLiteralValue ?? ""
    let name =
      arguments.first { $0.label?.text == "name" }?.expression.stringLiteralValue
      ?? structDecl.name.text
    return [
      memberwiseInit(fields, access: access),
      encoder(fields, access: access),
      decoder(fields, access: access),
      schema(fields, name: name, doc: doc, access: access),
      schemaCollector(fields, access: access),
    ]
  }

  static func expansion(
    of node: AttributeSyntax,
    attachedTo declaration: some DeclGroupSyntax,
    providingExtensionsOf type: some TypeSyntaxProtocol,
    conformingTo protocols: [TypeSyntax],
    in context: some MacroExpansionContext
  ) throws -> [ExtensionDeclSyntax] {
    guard !protocols.isEmpty else { return [] }
    return [try ExtensionDeclSyntax("extension \(type.trimmed): WireCodec.WireMessage {}")]
  }

  static func memberwiseInit(_ fields: [WireFieldDeclaration], access: String) -> DeclSyntax {
    let parameters = fields.map { "\($0.name): \($0.type) = (\($0.type)).wireDefault" }
      .joined(separator: ",\n")
    let assignments = fields.map { "self.\($0.name) = \($0.name)" }.joined(separator: "\n")
    let memberwise = "\(access)init(\n\(parameters)\n) {\n\(assignments)\n}"
    guard !fields.isEmpty else { return "\(raw: memberwise)" }
    // The protocol needs a true init(); default arguments do not satisfy it.
    let defaults = fields.map { "self.\($0.name) = (\($0.type)).wireDefault" }.joined(separator: "\n")
    return "\(raw: access)init() {\n\(raw: defaults)\n}\n\(raw: memberwise)"
  }

  static func encoder(_ fields: [WireFieldDeclaration], access: String) -> DeclSyntax {
    let lines = fields.map { "self.\($0.name).encodeWire(field: \($0.number), to: &writer)" }
      .joined(separator: "\n")
    return """
      @inlinable
      \(raw: access)func encodeWireFields(to writer: inout WireCodec.WireWriter) {
      \(raw: lines)
      }
      """
  }

  static func decoder(_ fields: [WireFieldDeclaration], access: String) -> DeclSyntax {
    let cases = fields.map { "case \($0.number): try self.\($0.name).mergeWire(field, from: &reader)" }
      .joined(separator: "\n")
    return """
      @inlinable
      \(raw: access)init(wireFields reader: inout WireCodec.WireReader) throws(WireCodec.WireDecodingError) {
      self.init()
      while let field = try reader.nextField() {
      switch field.number {
      \(raw: cases)
      default: try reader.skip(field)
      }
      }
      }
      """
  }

  static func schema(_ fields: [WireFieldDeclaration], name: String, doc: String, access: String) -> DeclSyntax {
    let entries = fields.map {
      "WireCodec.FieldSchema(number: \($0.number), name: \($0.name.swiftLiteral), type: (\($0.type)).wireFieldType, doc: \($0.doc.swiftLiteral))"
    }.joined(separator: ",\n")
    return """
      \(raw: access)static var wireMessageName: String { \(raw: name.swiftLiteral) }
      \(raw: access)static var wireSchema: WireCodec.MessageSchema {
      WireCodec.MessageSchema(name: \(raw: name.swiftLiteral), doc: \(raw: doc.swiftLiteral), fields: [
      \(raw: entries)
      ])
      }
      """
  }

  static func schemaCollector(_ fields: [WireFieldDeclaration], access: String) -> DeclSyntax {
    let lines = fields.map { "(\($0.type)).collectWireSchemas(into: &registry)" }.joined(separator: "\n")
    return """
      \(raw: access)static func collectFieldSchemas(into registry: inout WireCodec.SchemaRegistry) {
      \(raw: lines)
      }
      """
  }
}

extension DeclModifierListSyntax {
  /// `public `, `package ` or empty, copied from the struct so generated members match it.
  var accessLevel: String {
    for modifier in self {
      switch modifier.name.tokenKind {
      case .keyword(.public), .keyword(.package): return modifier.name.text + " "
      default: continue
      }
    }
    return ""
  }
}
