import SwiftSyntax

/// One `@Field`-marked stored property, as the macro reads it from source.
struct WireFieldDeclaration {
  var number: Int
  var name: String
  var type: String
  var doc: String
  var node: Syntax
}

extension WireFieldDeclaration {
  /// Reads every `@Field` property of `members`; throws a diagnostic for malformed ones.
  static func all(in members: MemberBlockItemListSyntax) throws -> [WireFieldDeclaration] {
    var fields: [WireFieldDeclaration] = []
    for member in members {
      guard let variable = member.decl.as(VariableDeclSyntax.self),
        let attribute = variable.attributes.fieldAttribute
      else { continue }
      guard variable.bindingSpecifier.tokenKind == .keyword(.var) else {
        throw MacroDiagnostic.error("@Field properties must be 'var': the decoder assigns them", at: Syntax(variable))
      }
      guard variable.bindings.count == 1, let binding = variable.bindings.first,
        let identifier = binding.pattern.as(IdentifierPatternSyntax.self),
        let type = binding.typeAnnotation?.type
      else {
        throw MacroDiagnostic.error("@Field needs one property with an explicit type", at: Syntax(variable))
      }
      guard binding.accessorBlock == nil else {
        throw MacroDiagnostic.error("@Field cannot mark a computed property", at: Syntax(variable))
      }
      let arguments = attribute.arguments?.as(LabeledExprListSyntax.self).map(Array.init) ?? []
      guard let first = arguments.first?.expression.as(IntegerLiteralExprSyntax.self),
        let number = Int(first.literal.text.filter { $0 != "_" })
      else {
        throw MacroDiagnostic.error("@Field needs an integer literal field number", at: Syntax(attribute))
      }
      guard (1...536_870_911).contains(number) else {
        throw MacroDiagnostic.error("field numbers run from 1 to 536870911", at: Syntax(attribute))
      }
      let doc = arguments.count > 1 ? arguments[1].expression.stringLiteralValue : nil
      fields.append(
        WireFieldDeclaration(
          number: number,
          name: identifier.identifier.text.filter { $0 != "`" },
          type: type.trimmedDescription,
          doc: doc ?? "",
          node: Syntax(variable)
        ))
    }
    var seen: [Int: String] = [:]
    for field in fields {
      if let other = seen.updateValue(field.name, forKey: field.number) {
        throw MacroDiagnostic.error(
          "field number \(field.number) is used by both '\(other)' and '\(field.name)'", at: field.node)
      }
    }
    return fields.sorted { $0.number < $1.number }
  }
}

extension AttributeListSyntax {
  var fieldAttribute: AttributeSyntax? {
    for element in self {
      if let attribute = element.as(AttributeSyntax.self),
        attribute.attributeName.trimmedDescription == "Field"
      {
        return attribute
      }
    }
    return nil
  }
}

extension ExprSyntax {
  /// The value of a plain string literal (no interpolation), or `nil`.
  var stringLiteralValue: String? {
    guard let literal = self.as(StringLiteralExprSyntax.self) else { return nil }
    var text = ""
    for segment in literal.segments {
      guard let plain = segment.as(StringSegmentSyntax.self) else { return nil }
      text += plain.content.text
    }
    return text
  }
}

extension String {
  /// The text as a Swift string literal, escaped.
  var swiftLiteral: String {
    var out = "\""
    for scalar in self.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out + "\""
  }
}
