import Testing

@testable import TelecomRules

@Suite("PrefixTable")
struct PrefixTableTests {
  typealias Entry = PrefixTableEntry<String>

  static func entry(_ prefix: String, _ from: Int64, _ to: Int64?, _ value: String) throws -> Entry {
    Entry(prefix: try DialedDigits(prefix), validFrom: from, validTo: to, value: value)
  }

  @Test("longest valid prefix wins; an expired longer prefix falls back to a shorter one")
  func fallback() throws {
    let table = try PrefixTable(entries: [
      Self.entry("7", 0, nil, "russia"),
      Self.entry("79", 0, nil, "mobile"),
      Self.entry("7912", 0, 100, "old-7912"),
      Self.entry("7912", 100, 200, "new-7912"),
      Self.entry("79123", 500, nil, "future"),
    ])
    let number = try DialedDigits("79123456789")
    #expect(table.longestMatch(number, at: 50)?.value == "old-7912")
    #expect(table.longestMatch(number, at: 99)?.value == "old-7912")
    #expect(table.longestMatch(number, at: 100)?.value == "new-7912")
    #expect(table.longestMatch(number, at: 199)?.value == "new-7912")
    #expect(table.longestMatch(number, at: 200)?.value == "mobile")  // 7912 expired, 79123 not yet valid
    #expect(table.longestMatch(number, at: 500)?.value == "future")
    #expect(table.longestMatch(number, at: -1) == nil)
    #expect(table.longestMatch(try DialedDigits("8"), at: 50) == nil)
    let match = try #require(table.longestMatch(number, at: 150))
    #expect(match.prefix == (try DialedDigits("7912")) && match.validFrom == 100 && match.validTo == 200)
    #expect(table.longestMatch(number, at: Int64.max)?.validTo == nil)
    #expect(table.allMatches(number, at: 150).map(\.value) == ["new-7912", "mobile", "russia"])
    #expect(table.allMatches(number, at: 600).map(\.value) == ["future", "mobile", "russia"])
    #expect(table.entryCount == 5 && table.prefixCount == 4)
  }

  @Test("a number shorter than a prefix does not match it; a number equal to a prefix does")
  func lengths() throws {
    let table = try PrefixTable(entries: [Self.entry("7912", 0, nil, "a"), Self.entry("79", 0, nil, "b")])
    #expect(table.longestMatch(try DialedDigits("791"), at: 0)?.value == "b")
    #expect(table.longestMatch(try DialedDigits("7912"), at: 0)?.value == "a")
  }

  @Test("20-digit prefixes and numbers")
  func twentyDigits() throws {
    let table = try PrefixTable(entries: [
      Self.entry("99999999999999999999", 0, nil, "full"),
      Self.entry("9999999999999999", 0, nil, "sixteen"),
      Self.entry("99999999999999999", 0, nil, "seventeen"),
    ])
    #expect(table.longestMatch(try DialedDigits("99999999999999999999"), at: 0)?.value == "full")
    #expect(table.longestMatch(try DialedDigits("99999999999999999998"), at: 0)?.value == "seventeen")
    #expect(table.longestMatch(try DialedDigits("9999999999999999"), at: 0)?.value == "sixteen")
  }

  @Test("overlapping validity of one prefix is refused, naming the prefix")
  func overlapRefused() throws {
    #expect(
      throws: PrefixTableRefusal.overlappingValidity(
        prefix: try DialedDigits("7912"), firstValidFrom: 0,
        secondValidFrom: 50)
    ) {
      try PrefixTable(entries: [Self.entry("7912", 50, nil, "b"), Self.entry("7912", 0, 100, "a")])
    }
    #expect(
      throws: PrefixTableRefusal.overlappingValidity(
        prefix: try DialedDigits("7"), firstValidFrom: 0,
        secondValidFrom: 1000)
    ) {
      try PrefixTable(entries: [Self.entry("7", 0, nil, "a"), Self.entry("7", 1000, 2000, "b")])
    }
    #expect(
      throws: PrefixTableRefusal.overlappingValidity(
        prefix: try DialedDigits("7"), firstValidFrom: 5,
        secondValidFrom: 5)
    ) {
      try PrefixTable(entries: [Self.entry("7", 5, 6, "a"), Self.entry("7", 5, 6, "b")])
    }
    // Touching intervals are fine, and so are overlaps between different prefixes.
    let table = try PrefixTable(entries: [
      Self.entry("7", 0, 10, "a"), Self.entry("7", 10, nil, "b"), Self.entry("79", 0, nil, "c"),
    ])
    #expect(table.longestMatch(try DialedDigits("7"), at: 10)?.value == "b")
  }

  @Test("empty or inverted validity is refused")
  func emptyValidityRefused() throws {
    #expect(throws: PrefixTableRefusal.emptyValidity(prefix: try DialedDigits("7"), validFrom: 5, validTo: 5)) {
      try PrefixTable(entries: [Self.entry("7", 5, 5, "a")])
    }
    #expect(throws: PrefixTableRefusal.emptyValidity(prefix: try DialedDigits("7"), validFrom: 5, validTo: Int64.min)) {
      try PrefixTable(entries: [Self.entry("7", 5, Int64.min, "a")])
    }
  }

  @Test("extreme instants: validity up to Int64.max, open-ended rows cover Int64.max")
  func extremeInstants() throws {
    let table = try PrefixTable(entries: [
      Self.entry("1", Int64.min, Int64.max, "bounded"), Self.entry("2", Int64.min, nil, "open"),
    ])
    #expect(table.longestMatch(try DialedDigits("1"), at: Int64.min)?.value == "bounded")
    #expect(table.longestMatch(try DialedDigits("1"), at: Int64.max - 1)?.validTo == Int64.max)
    #expect(table.longestMatch(try DialedDigits("1"), at: Int64.max) == nil)
    #expect(table.longestMatch(try DialedDigits("2"), at: Int64.max)?.value == "open")
  }

  @Test("an empty table matches nothing")
  func emptyTable() throws {
    let table = try PrefixTable<Int>(entries: [])
    #expect(table.longestMatch(try DialedDigits("7"), at: 0) == nil)
    #expect(table.allMatches(try DialedDigits("7"), at: 0).isEmpty)
  }
}
