import TestSupport
import Testing

@testable import TelecomRules

/// PrefixTable against a brute-force scan over random tables built to be hard: chains of nested prefixes
/// (7, 79, 791, 7912, …), a small digit alphabet so prefixes collide, several versions per prefix with gaps,
/// expired, current and future rows, and instants chosen on validity edges.
@Suite("PrefixTable properties")
struct PrefixTablePropertyTests {
  static let tables = 200
  static let casesPerTable = 500  // 100,000 cases in all

  /// Random rows: for each distinct prefix, 1–4 non-overlapping versions in a small time window.
  static func randomEntries(using random: inout SeededRandom) throws -> [PrefixTableEntry<Int>] {
    let maxDigit = UInt8.random(in: 1...9, using: &random)
    var prefixes = Set<String>()
    // Chains: every prefix of a few random long numbers.
    for _ in 0..<Int.random(in: 0...4, using: &random) {
      let chain = random.digitText(count: 20, maxDigit: maxDigit)
      for length in 1...20 where Int.random(in: 0..<3, using: &random) != 0 {
        prefixes.insert(String(chain.prefix(length)))
      }
    }
    for _ in 0..<Int.random(in: 0...200, using: &random) {
      prefixes.insert(random.digitText(count: Int.random(in: 1...20, using: &random), maxDigit: maxDigit))
    }
    var entries: [PrefixTableEntry<Int>] = []
    for prefix in prefixes {
      let digits = try DialedDigits(prefix)
      var from = Int64.random(in: -50...50, using: &random)
      if Int.random(in: 0..<20, using: &random) == 0 { from = Int64.min }
      for version in 0..<Int.random(in: 1...4, using: &random) {
        let last = version == 3 || Int.random(in: 0..<4, using: &random) == 0
        let to: Int64? = last && Bool.random(using: &random) ? nil : from + Int64.random(in: 1...40, using: &random)
        entries.append(PrefixTableEntry(prefix: digits, validFrom: from, validTo: to, value: entries.count))
        guard let end = to, !last else { break }
        from = end + Int64.random(in: 0...10, using: &random)  // adjacent or with a gap
      }
    }
    return entries.shuffled(using: &random)
  }

  static func randomInstant(_ entries: [PrefixTableEntry<Int>], using random: inout SeededRandom) -> Int64 {
    if let entry = entries.randomElement(using: &random), Bool.random(using: &random) {
      let edges = [entry.validFrom, entry.validFrom &- 1, entry.validTo ?? Int64.max, (entry.validTo ?? 1) &- 1]
      return edges.randomElement(using: &random)!
    }
    if Int.random(in: 0..<50, using: &random) == 0 { return [Int64.min, Int64.max].randomElement(using: &random)! }
    return Int64.random(in: -100...250, using: &random)
  }

  static func randomNumber(_ entries: [PrefixTableEntry<Int>], using random: inout SeededRandom) throws -> DialedDigits
  {
    let count = Int.random(in: 1...20, using: &random)
    if let entry = entries.randomElement(using: &random), Int.random(in: 0..<4, using: &random) != 0 {
      let base = entry.prefix.description
      let extra = max(0, count - base.count)
      return try DialedDigits(String((base + random.digitText(count: extra, maxDigit: 3)).prefix(count)))
    }
    return try DialedDigits(random.digitText(count: count, maxDigit: UInt8.random(in: 1...9, using: &random)))
  }

  @Test("longestMatch and allMatches equal a brute-force scan (100,000 cases)")
  func againstBruteForce() async throws {
    var (random, seed) = SeededRandom.forProperty("PrefixTable.againstBruteForce")
    var failures = 0
    for _ in 0..<Self.tables {
      // Hands the thread back between tables: a synchronous loop of seconds would hold one of
      // the few threads Swift concurrency has, and every server the other tests run would stall.
      await Task.yield()
      let entries = try Self.randomEntries(using: &random)
      let table = try PrefixTable(entries: entries)
      for _ in 0..<Self.casesPerTable {
        let number = try Self.randomNumber(entries, using: &random)
        let instant = Self.randomInstant(entries, using: &random)
        let expected = Reference.longestMatch(entries, number, at: instant)
        let actual = table.longestMatch(number, at: instant)
        let expectedAll = Reference.allMatches(entries, number, at: instant)
        let actualAll = table.allMatches(number, at: instant)
        let same =
          actual?.value == expected?.value && actual?.prefix == expected?.prefix
          && actual?.validFrom == expected?.validFrom && actual?.validTo == expected?.validTo
          && actualAll.map(\.value) == expectedAll.map(\.value)
        if !same {
          failures += 1
          if failures <= 5 {
            let message =
              "seed \(seed): \(number) at \(instant): \(String(describing: actual?.value)) vs "
              + "\(String(describing: expected?.value)); all \(actualAll.map(\.value)) vs \(expectedAll.map(\.value))"
            Issue.record(Comment(rawValue: message))
          }
        }
      }
    }
    #expect(failures == 0, "seed \(seed)")
  }

  @Test("random overlapping versions are always refused, and only they are")
  func overlapDetection() throws {
    var (random, seed) = SeededRandom.forProperty("PrefixTable.overlapDetection")
    for _ in 0..<2_000 {
      let prefix = try DialedDigits(random.digitText(count: Int.random(in: 1...3, using: &random), maxDigit: 1))
      var entries: [PrefixTableEntry<Int>] = []
      for index in 0..<Int.random(in: 1...5, using: &random) {
        let from = Int64.random(in: 0...30, using: &random)
        let to: Int64? =
          Int.random(in: 0..<5, using: &random) == 0 ? nil : from + Int64.random(in: 1...10, using: &random)
        entries.append(PrefixTableEntry(prefix: prefix, validFrom: from, validTo: to, value: index))
      }
      var overlapping = false
      for left in entries.indices {
        for right in entries.indices where left < right {
          let a = entries[left]
          let b = entries[right]
          if a.validFrom < (b.validTo ?? Int64.max) && b.validFrom < (a.validTo ?? Int64.max) { overlapping = true }
        }
      }
      do {
        _ = try PrefixTable(entries: entries)
        #expect(!overlapping, "seed \(seed)")
      } catch {
        guard case .overlappingValidity(let refused, _, _) = error else {
          Issue.record("unexpected refusal \(error), seed \(seed)")
          continue
        }
        #expect(overlapping && refused == prefix, "seed \(seed)")
      }
    }
  }
}
