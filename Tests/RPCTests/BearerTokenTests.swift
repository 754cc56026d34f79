import GRPCCore
import TestSupport
import Testing

@testable import RPC

/// `AuthInterceptor.bearerToken(in:)` against the Character-by-Character definition it keeps
/// for non-ASCII values: a value longer than `Bearer `, starting with it in any case, gives
/// what follows it without leading spaces; anything else gives no token.
@Suite("Bearer token from the authorization header")
struct BearerTokenTests {
  static func reference(_ value: String) -> String? {
    let prefix = "bearer "
    guard value.count > prefix.count, value.lowercased().hasPrefix(prefix) else { return nil }
    return String(value.dropFirst(prefix.count).drop { $0 == " " })
  }

  /// Pieces that make the prefix and the spaces interesting: the prefix in several cases, near
  /// misses (a letter off by bit 5 only: `@` and `` ` ``, `\0` for the space), CR LF (one
  /// Character), a combining mark that joins the space or a letter before it, non-ASCII
  /// letters, token characters.
  static let pieces: [String] = [
    "Bearer ", "bearer ", "BEARER ", "bEaReR ", "Bearer", "Bearer\u{0}", "Be@rer ", "Bearer\t", " ", "  ", "\r\n",
    "\u{0301}", "Я", "é", "e\u{0301}", "eyJhbGciOi", ".", "-", "_", "x", "R", "`",
  ]

  @Test("random values over prefixes, near misses, spaces, marks and token characters")
  func matchesReference() {
    var random = SeededRandom.forTest("bearerToken")
    for _ in 0..<30_000 {
      let count = Int.random(in: 0...5, using: &random)
      let value = (0..<count).map { _ in Self.pieces.randomElement(using: &random)! }.joined()
      #expect(AuthInterceptor.bearerToken(in: value) == Self.reference(value), "\(value.unicodeScalars.map(\.value))")
    }
  }

  @Test("edge cases, and the first usable value of several")
  func edges() {
    #expect(AuthInterceptor.bearerToken(in: "Bearer abc") == "abc")
    #expect(AuthInterceptor.bearerToken(in: "bearer    abc.def") == "abc.def")
    #expect(AuthInterceptor.bearerToken(in: "Bearer ") == nil)
    #expect(AuthInterceptor.bearerToken(in: "Bearer  ") == "")
    #expect(AuthInterceptor.bearerToken(in: "Basic abc") == nil)
    #expect(AuthInterceptor.bearerToken(in: "Bearer\u{0}abc") == nil)
    #expect(AuthInterceptor.bearerToken(in: "Bearer \u{0301}abc") == nil)
    #expect(AuthInterceptor.bearerToken(in: "Bearer токен") == "токен")
    var metadata = Metadata()
    metadata.addString("Basic abc", forKey: "authorization")
    metadata.addString("Bearer t1", forKey: "authorization")
    #expect(AuthInterceptor.bearerToken(in: metadata) == "t1")
  }
}
