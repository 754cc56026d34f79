import SwiftCompilerPlugin
import SwiftSyntaxMacros

@main
struct WireCodecMacrosPlugin: CompilerPlugin {
  let providingMacros: [any Macro.Type] = [WireMessageMacro.self, FieldMacro.self]
}
