import Foundation
import RPC
import TestSupport
import Testing
import WireCodec

/// The one paging helper every list uses (Shared/RPC/Paging.swift): sizes bounded, tokens that
/// are the last row's key, and pages that neither skip nor repeat a row while rows are added
/// between them.
@Suite("Keyset paging")
struct PagingTests {
  static let rules = PageRules(defaultSize: 3, maximumSize: 10)

  @Test("sizes: 0 is the default, the maximum is allowed, one more is PAGE_TOO_LARGE")
  func sizes() throws {
    #expect(try Self.rules.page(of: PageRequest(size: 0, token: ""), by: Int64.self).size == 3)
    #expect(try Self.rules.page(of: PageRequest(size: 10, token: ""), by: Int64.self).limit == 11)
    #expect(throws: PlatformError.self) { try Self.rules.page(of: PageRequest(size: 11, token: ""), by: Int64.self) }
    do {
      _ = try Self.rules.page(of: PageRequest(size: UInt32.max, token: ""), by: Int64.self)
      Issue.record("a page of 2^32-1 was accepted")
    } catch {
      #expect(error.reason == "PAGE_TOO_LARGE")
    }
  }

  @Test(
    "tokens a list never gave out are PAGE_TOKEN_INVALID",
    arguments: [
      "x", "12x", "2026-13-01_5", "2026-05-01", "_5", "2026-05-01_", "2026-05-01_abc", "99999999999999999999",
    ])
  func invalidTokens(token: String) {
    do {
      _ = try Self.rules.page(of: PageRequest(size: 0, token: token), by: PageKeyPair<CalendarDate, Int64>.self)
      Issue.record("\(token) was accepted")
    } catch {
      #expect(error.reason == "PAGE_TOKEN_INVALID")
    }
  }

  @Test(
    "a text key with a NUL is PAGE_TOKEN_INVALID: PostgreSQL would refuse it as a parameter",
    arguments: ["\u{0}", "a\u{0}b", "5_\u{0}"])
  func textTokensWithNUL(token: String) {
    #expect(String(token: token) == nil)
    #expect(PageKeyPair<Int64, String>(token: token) == nil)
    do {
      _ = try Self.rules.page(of: PageRequest(size: 0, token: token), by: PageKeyPair<Int64, String>.self)
      Issue.record("\(token) was accepted")
    } catch {
      #expect(error.reason == "PAGE_TOKEN_INVALID")
    }
  }

  @Test("every key reads back from its token, pairs included")
  func roundTrip() throws {
    let id = UUID()
    let keys: [any PageKey] = [
      Int64.min, Int64(0), Int64.max, CalendarDate(year: 2026, month: 2, day: 28)!,
      UTCTimestamp(microsecondsSinceEpoch: 1_780_000_000_123_456), id, "AC_1_2",
    ]
    for key in keys {
      #expect(Self.readBack(key) == key.token, "\(key)")
    }
    let pair = PageKeyPair(CalendarDate(year: 2026, month: 5, day: 1)!, "100_200")
    let back = PageKeyPair<CalendarDate, String>(token: pair.token)
    #expect(back?.first == pair.first && back?.second == "100_200")
    let nested = PageKeyPair(Int64(3), PageKeyPair(Int64(-1), id))
    #expect(PageKeyPair<Int64, PageKeyPair<Int64, UUID>>(token: nested.token)?.second.second == id)
  }

  static func readBack<Key: PageKey>(_ key: Key) -> String? { Key(token: key.token)?.token }

  /// A store in miniature: rows sorted by (day, id) descending, a page after a key, and rows
  /// added between pages. Walking the pages must return every row that existed when the walk
  /// began exactly once, whatever is added meanwhile.
  @Test("random tables and inserts between pages: no row skipped, none repeated")
  func walkWhileInserting() throws {
    var random = SeededRandom.forTest("keyset paging")
    for _ in 0..<300 {
      var table: [(day: CalendarDate, id: Int64)] = []
      var nextID: Int64 = 1
      func insert() {
        table.append((CalendarDate(year: 2026, month: 1, day: 1 + Int.random(in: 0..<28, using: &random))!, nextID))
        nextID += 1
      }
      for _ in 0..<Int.random(in: 0..<40, using: &random) { insert() }
      let before = Set(table.map(\.id))
      let size = Int.random(in: 1...6, using: &random)
      var token = ""
      var seen: [Int64] = []
      repeat {
        let page = try PageRules(defaultSize: size, maximumSize: size).page(
          of: PageRequest(size: 0, token: token), by: PageKeyPair<CalendarDate, Int64>.self)
        let sorted = table.sorted { ($0.day, $0.id) > ($1.day, $1.id) }
        let after = sorted.filter { row in page.after.map { (row.day, row.id) < ($0.first, $0.second) } ?? true }
        let (rows, next) = page.cut(Array(after.prefix(page.limit))) { PageKeyPair($0.day, $0.id) }
        seen += rows.map(\.id)
        token = next
        for _ in 0..<Int.random(in: 0..<3, using: &random) { insert() }
      } while !token.isEmpty
      #expect(Set(seen).count == seen.count, "a row came twice: \(seen)")
      #expect(before.isSubset(of: Set(seen)), "rows were skipped: \(before.subtracting(seen))")
    }
  }
}
