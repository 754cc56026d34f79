import TelecomRules
import TestSupport
import Testing

/// ICCIDs are checked by their Luhn digit (issue 15, must show 1): every valid number is
/// accepted, and every number with one digit changed is refused — the Luhn check catches all
/// single-digit errors, so there is no exception to allow for.
@Suite("ICCID check digit")
struct ICCIDTests {
  /// A valid ICCID of `length` digits from random payload digits after 89.
  static func valid(length: Int, random: inout SeededRandom) -> String {
    let payload = [8, 9] + (0..<(length - 3)).map { _ in Int.random(in: 0...9, using: &random) }
    return (payload + [ICCID.luhnDigit(of: payload)]).map(String.init).joined()
  }

  @Test("published ICCIDs with known check digits")
  func known() throws {
    // The ICCID Wikipedia's "SIM card" article gives as its example (AT&T, check digit 0).
    #expect(try ICCID("89014103211118510720").digits == "89014103211118510720")
    #expect(throws: ICCID.Refusal.checkDigit) { try ICCID("89014103211118510721") }
  }

  @Test("random valid numbers of 19 and 20 digits are accepted; each with any one digit changed is refused")
  func oneDigitCorruptions() async throws {
    var random = SeededRandom.forTest("iccid")
    for round in 0..<2_000 {
      // Hands the thread back now and then: this loop takes seconds in a debug build, and a
      // synchronous one would hold one of the few threads every other test's servers run on.
      if round % 50 == 0 { await Task.yield() }
      let length = Bool.random(using: &random) ? 19 : 20
      let text = Self.valid(length: length, random: &random)
      #expect(try ICCID(text).digits == text)
      let digits = Array(text)
      for position in 0..<length {
        for replacement in "0123456789" where replacement != digits[position] {
          var corrupted = digits
          corrupted[position] = replacement
          let expected: ICCID.Refusal = position < 2 ? .industry : .checkDigit
          #expect(throws: expected, "\(String(corrupted))") { try ICCID(String(corrupted)) }
        }
      }
    }
  }

  @Test("wrong lengths and non-digits are refused as a format error")
  func format() {
    var random = SeededRandom.forTest("iccid")
    let valid = Self.valid(length: 20, random: &random)
    let letter = "8B" + String(valid.dropFirst(2))
    let wide = "８９" + String(valid.dropFirst(2))
    for text in ["", "89", String(valid.dropLast(2)), valid + "0", " " + valid, letter, wide] {
      #expect(throws: ICCID.Refusal.format, "\(text)") { try ICCID(text) }
    }
  }
}
