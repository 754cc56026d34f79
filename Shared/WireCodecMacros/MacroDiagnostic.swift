import SwiftDiagnostics
import SwiftSyntax

/// A compile-time error pinned to the source that caused it.
struct MacroDiagnostic: DiagnosticMessage, Error {
  let message: String
  let node: Syntax
  var diagnosticID: MessageID { MessageID(domain: "WireCodecMacros", id: "error") }
  var severity: DiagnosticSeverity { .error }

  static func error(_ message: String, at node: Syntax) -> DiagnosticsError {
    DiagnosticsError(diagnostics: [Diagnostic(node: node, message: MacroDiagnostic(message: message, node: node))])
  }
}
