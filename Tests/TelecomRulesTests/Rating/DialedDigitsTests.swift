import TestSupport
import Testing

@testable import TelecomRules

@Suite("DialedDigits")
struct DigitsTests {
  @Test("1 to 20 digits round-trip, leading zeros kept")
  func roundTrip() throws {
    for text in [
      "0", "7", "007", "79161234567", "1234567890123456", "12345678901234567", "99999999999999999999",
      "00000000000000000000", "18446744073709551615", "18446744073709551616",
    ] {
      let digits = try DialedDigits(text)
      #expect(digits.description == text)
      #expect(digits.count == text.utf8.count)
    }
  }

  @Test("20-digit edges: values above UInt64.max are distinct and ordered")
  func twentyDigitEdges() throws {
    let max = try DialedDigits("99999999999999999999")
    let uint64Max = try DialedDigits("18446744073709551615")
    let aboveUInt64Max = try DialedDigits("18446744073709551616")
    #expect(max.digit(at: 19) == 9)
    #expect(max.digit(at: 15) == 9 && max.digit(at: 16) == 9)
    #expect(uint64Max != aboveUInt64Max)
    #expect(uint64Max < aboveUInt64Max)
    #expect(aboveUInt64Max.prefix(19) == uint64Max.prefix(19))
    #expect(aboveUInt64Max.hasPrefix(try DialedDigits("1844674407370955161")))
    #expect(!aboveUInt64Max.hasPrefix(try DialedDigits("18446744073709551615")))
    // Prefixes across the 16-digit lane boundary.
    let number = try DialedDigits("12345678901234567890")
    for length in 1...20 {
      #expect(number.prefix(length)?.description == String("12345678901234567890".prefix(length)))
    }
    #expect(number.prefix(0) == nil && number.prefix(21) == nil && number.digit(at: 20) == nil)
    let seven = try DialedDigits("7")
    #expect(number.digit(at: -1) == nil && seven.prefix(2) == nil)
    #expect(try DialedDigits("1234567890123456") != DialedDigits("12345678901234560"))
    #expect(try DialedDigits("1234567890123456") < DialedDigits("12345678901234560"))
  }

  @Test("empty, 21 digits and non-digits are refused with a typed reason")
  func refusals() {
    #expect(throws: DialedDigitsRefusal.empty) { try DialedDigits("") }
    #expect(throws: DialedDigitsRefusal.tooLong(count: 21)) { try DialedDigits("123456789012345678901") }
    #expect(throws: DialedDigitsRefusal.tooLong(count: 30)) { try DialedDigits(String(repeating: "1", count: 30)) }
    #expect(throws: DialedDigitsRefusal.notADigit(offset: 3, byte: UInt8(ascii: "a"))) { try DialedDigits("123a") }
    #expect(throws: DialedDigitsRefusal.notADigit(offset: 0, byte: UInt8(ascii: "+"))) { try DialedDigits("+7916") }
    #expect(throws: DialedDigitsRefusal.notADigit(offset: 1, byte: UInt8(ascii: " "))) { try DialedDigits("7 916") }
    // An Arabic-Indic three: a digit to Unicode, not to a switch.
    #expect(throws: DialedDigitsRefusal.notADigit(offset: 0, byte: 0xD9)) { try DialedDigits("٣") }
  }

  @Test("dialed numbers may carry one leading '+'")
  func leadingPlus() throws {
    #expect(try DialedDigits(dialedNumber: "+79161234567") == DialedDigits("79161234567"))
    #expect(try DialedDigits(dialedNumber: "79161234567") == DialedDigits("79161234567"))
    #expect(try DialedDigits(dialedNumber: "+99999999999999999999").count == 20)
    #expect(throws: DialedDigitsRefusal.empty) { try DialedDigits(dialedNumber: "+") }
    #expect(throws: DialedDigitsRefusal.notADigit(offset: 1, byte: UInt8(ascii: "+"))) {
      try DialedDigits(dialedNumber: "++7")
    }
    #expect(throws: DialedDigitsRefusal.notADigit(offset: 4, byte: UInt8(ascii: "-"))) {
      try DialedDigits(dialedNumber: "+791-123")
    }
    #expect(throws: DialedDigitsRefusal.tooLong(count: 21)) { try DialedDigits(dialedNumber: "+123456789012345678901") }
  }

  @Test("ordering is lexicographic with a prefix before its extensions")
  func ordering() throws {
    let sorted = try ["7", "70", "700", "71", "8", "80"].map { try DialedDigits($0) }
    #expect(sorted.shuffled().sorted() == sorted)
  }

  @Test("random digit strings: round-trip, prefix and ordering agree with String")
  func randomRoundTrip() throws {
    var (random, _) = SeededRandom.forProperty("DialedDigits.randomRoundTrip")
    for _ in 0..<20_000 {
      let left = random.digitText(count: Int.random(in: 1...20, using: &random), maxDigit: 3)
      let right = random.digitText(count: Int.random(in: 1...20, using: &random), maxDigit: 3)
      let leftDigits = try DialedDigits(left)
      let rightDigits = try DialedDigits(right)
      #expect(leftDigits.description == left)
      #expect((leftDigits < rightDigits) == (Array(left.utf8).lexicographicallyPrecedes(Array(right.utf8))))
      #expect(leftDigits.hasPrefix(rightDigits) == left.hasPrefix(right))
    }
  }
}
