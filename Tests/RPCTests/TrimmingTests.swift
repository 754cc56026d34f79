import RPC
import TestSupport
import Testing

/// `trimmedWhitespace` (FieldChecks' text checks) against the obvious definition it replaced:
/// drop white-space characters from the front, reverse, drop them again, reverse back.
@Suite("Trimming white space")
struct TrimmingTests {
  static func reference(_ text: String) -> String {
    String(text.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
  }

  /// Characters that make trimming interesting: ASCII and Unicode spaces, a CR LF pair (one
  /// Character), combining marks that attach to a space, Cyrillic, an emoji.
  static let alphabet: [String] = [
    " ", "\t", "\n", "\r\n", "\u{00A0}", "\u{2003}", "\u{3000}", "\u{200B}", "a", "Я", "ё", "7", "-", "\u{0301}", "👍🏽",
  ]

  @Test("random strings over spaces, marks and letters trim exactly as the reference does")
  func matchesReference() {
    var random = SeededRandom.forTest("trimmedWhitespace")
    for _ in 0..<20_000 {
      let length = Int.random(in: 0...12, using: &random)
      let text = (0..<length).map { _ in Self.alphabet.randomElement(using: &random)! }.joined()
      #expect(String(text.trimmedWhitespace) == Self.reference(text), "\(text.unicodeScalars.map(\.value))")
      #expect(text.trimmingWhitespace == Self.reference(text))
    }
  }

  @Test("edge cases")
  func edges() {
    #expect("".trimmedWhitespace.isEmpty)
    #expect(" \t\r\n ".trimmedWhitespace.isEmpty)
    #expect("  ООО «Ромашка»  ".trimmedWhitespace == "ООО «Ромашка»")
    #expect("a".trimmedWhitespace == "a")
    #expect(" a b ".trimmedWhitespace == "a b")
  }
}
