import TelecomRules
import TestSupport
import Testing

@Suite("DID pool: numbers, masks and import files")
struct PoolNumberTests {
  @Test("E.164: 8 to 15 digits, country code not 0, an optional +; nothing else")
  func e164() {
    #expect(PoolNumber("74951201031")?.digits == "74951201031")
    #expect(PoolNumber("+74951201031")?.digits == "74951201031")
    #expect(PoolNumber("12345678")?.digits == "12345678")
    #expect(PoolNumber("123456789012345")?.digits == "123456789012345")
    for bad in [
      "", "+", "1234567", "1234567890123456", "04951201031", "7 495 120 10 31", "7495-1201031", "++7495120103",
      "7495120103a", "٧٤٩٥١٢٠١٠٣١",
    ] {
      #expect(PoolNumber(bad) == nil, "\(bad)")
    }
  }

  @Test("any text: a number only when it is 8–15 ASCII digits not starting with 0")
  func anyText() {
    var random = SeededRandom.forTest("pool number")
    let alphabet = Array("0123456789+ -()a٣%_")
    for _ in 0..<20_000 {
      let text = String(
        (0..<Int.random(in: 0...18, using: &random)).map { _ in alphabet.randomElement(using: &random)! })
      let body = text.hasPrefix("+") ? String(text.dropFirst()) : text
      let expected =
        (8...15).contains(body.count) && body.allSatisfy { "0123456789".contains($0) } && !body.hasPrefix("0")
      #expect((PoolNumber(text) != nil) == expected, "\(text)")
    }
  }

  @Test("masks: % any run of digits, _ one digit, otherwise the whole number")
  func masks() throws {
    let mask = try #require(NumberMask("%555%"))
    #expect(mask.matches("74955550000") && mask.matches("5550000000") && mask.matches("7000000555"))
    #expect(!mask.matches("74955450000"))
    #expect(try #require(NumberMask("7495_3%")).matches("74951201031") == false)
    #expect(try #require(NumberMask("7495_2%")).matches("74950201031"))
    #expect(try #require(NumberMask("74951201031")).isExact)
    #expect(try #require(NumberMask("+7495%")).pattern == "7495%")
    for bad in ["", "7495*", "7495'--", String(repeating: "1", count: 21), "%\\%"] {
      #expect(NumberMask(bad) == nil, "\(bad)")
    }
  }

  @Test("a mask without wildcards matches exactly its number, and % alone matches everything")
  func maskProperties() throws {
    var random = SeededRandom.forTest("mask")
    let any = try #require(NumberMask("%"))
    for _ in 0..<5_000 {
      let number = String(
        (0..<Int.random(in: 8...15, using: &random)).map { _ in "0123456789".randomElement(using: &random)! })
      #expect(any.matches(number))
      #expect(try #require(NumberMask(number)).matches(number))
      let start = Int.random(in: 0..<number.count, using: &random)
      let end = Int.random(in: start..<number.count, using: &random)
      let piece = Array(number)[start...end]
      #expect(try #require(NumberMask("%" + String(piece) + "%")).matches(number))
    }
  }

  @Test("masks of twenty wildcards answer at once, and agree with a regular expression over random masks")
  func maskAgainstRegex() throws {
    #expect(try #require(NumberMask(String(repeating: "%", count: 20))).matches("74951201031"))
    #expect(!(try #require(NumberMask(String(repeating: "%", count: 19) + "1")).matches("749522222222222")))
    #expect(!(try #require(NumberMask(String(repeating: "%_", count: 10))).matches("749512010")))
    var random = SeededRandom.forTest("mask regex")
    for _ in 0..<5_000 {
      let mask = String((0..<Int.random(in: 1...8, using: &random)).map { _ in "15%_".randomElement(using: &random)! })
      let number = String((0..<Int.random(in: 8...15, using: &random)).map { _ in "15".randomElement(using: &random)! })
      let regex = try Regex("^" + mask.replacing("%", with: ".*").replacing("_", with: ".") + "$")
      #expect(
        try #require(NumberMask(mask)).matches(number) == (number.wholeMatch(of: regex) != nil), "\(mask) \(number)")
    }
  }

  @Test("import lines: header, separators, FMTN flags, and each bad line refused with its reason")
  func importFile() throws {
    let file = try #require(
      NumberImportFile(
        """
        number;region;provider;place;fmtn
        74951201031;Москва;OWN;MSK;0
        +74951201032,Москва,OWN,AGENT
        74951201033;Москва;OWN;MSK;yes
        74951201031;Москва;OWN;MSK
        0495;Москва;OWN;MSK
        74951201034;;OWN;MSK
        74951201035;Москва;OWN;MSK;maybe
        74951201036;Москва
        """))
    #expect(file.lines.map(\.number.digits) == ["74951201031", "74951201032", "74951201033"])
    #expect(file.lines.map(\.fmtn) == [false, false, true])
    #expect(file.lines[1].place == "AGENT")
    #expect(
      file.refusals.map(\.reason) == ["NUMBER_REPEATED", "NUMBER_FORMAT", "FIELD_FORMAT", "FMTN_FORMAT", "FIELD_COUNT"])
    #expect(file.refusals.map(\.line) == [5, 6, 7, 8, 9])
    #expect(NumberImportFile(String(repeating: "74951201031;a;b;c\n", count: NumberImportFile.maximumLines + 2)) == nil)
  }
}
