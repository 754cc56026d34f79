import SwiftSyntax
import SwiftSyntaxMacros

/// `@Field` only marks a property; `@WireMessage` reads the marks. It expands to nothing.
struct FieldMacro: PeerMacro {
  static func expansion(
    of node: AttributeSyntax,
    providingPeersOf declaration: some DeclSyntaxProtocol,
    in context: some MacroExpansionContext
  ) throws -> [DeclSyntax] {
    []
  }
}
