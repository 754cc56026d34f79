import TestSupport
import Testing

@testable import TelecomRules

@Suite("Tariffication")
struct TarifficationTests {
  @Test("60/60, 1/1 and 30/6 at the boundary durations")
  func namedIncrements() throws {
    let cases: [(Tariffication, [(Int64, Int64)])] = [
      (.perMinute, [(0, 0), (1, 60), (59, 60), (60, 60), (61, 120), (120, 120), (121, 180), (10_000_000, 10_000_020)]),
      (.perSecond, [(0, 0), (1, 1), (2, 2), (61, 61), (10_000_000, 10_000_000)]),
      (.thirtyBySix, [(0, 0), (1, 30), (29, 30), (30, 30), (31, 36), (36, 36), (37, 42), (10_000_000, 10_000_002)]),
    ]
    for (tariffication, expectations) in cases {
      for (duration, billed) in expectations {
        #expect(try tariffication.billedSeconds(forDuration: duration) == billed, "\(tariffication) \(duration)")
      }
    }
  }

  @Test("counted units: SMS 1/1, data 100/10 KB")
  func countedUnits() throws {
    #expect(try Tariffication.perMessage.billedUnits(forCount: 3) == 3)
    let data = try Tariffication(first: 100, next: 10)
    #expect(try data.billedUnits(forCount: 0) == 0)
    #expect(try data.billedUnits(forCount: 1) == 100)
    #expect(try data.billedUnits(forCount: 100) == 100)
    #expect(try data.billedUnits(forCount: 101) == 110)
    #expect(try data.billedUnits(forCount: 1_000_000_000_000) == 1_000_000_000_000)
    #expect(throws: TarifficationRefusal.quantityOutOfRange(quantity: 1_000_000_000_001, limit: 1_000_000_000_000)) {
      try data.billedUnits(forCount: 1_000_000_000_001)
    }
  }

  @Test("durations outside 0...10^7 and non-positive increments are refused")
  func refusals() throws {
    #expect(throws: TarifficationRefusal.quantityOutOfRange(quantity: -1, limit: 10_000_000)) {
      try Tariffication.perMinute.billedSeconds(forDuration: -1)
    }
    #expect(throws: TarifficationRefusal.quantityOutOfRange(quantity: 10_000_001, limit: 10_000_000)) {
      try Tariffication.perMinute.billedSeconds(forDuration: 10_000_001)
    }
    #expect(throws: TarifficationRefusal.quantityOutOfRange(quantity: Int64.min, limit: 10_000_000)) {
      try Tariffication.perMinute.billedSeconds(forDuration: Int64.min)
    }
    #expect(throws: TarifficationRefusal.nonPositiveIncrement(first: 0, next: 60)) {
      try Tariffication(first: 0, next: 60)
    }
    #expect(throws: TarifficationRefusal.nonPositiveIncrement(first: 60, next: Int64.min)) {
      try Tariffication(first: 60, next: Int64.min)
    }
    let huge = try Tariffication(first: 1, next: Int64.max)
    #expect(throws: TarifficationRefusal.overflow) { try huge.billed(2, limit: Int64.max) }
    #expect(try huge.billed(1, limit: Int64.max) == 1)
  }

  @Test("random extreme inputs never trap and agree with 128-bit arithmetic")
  func extremes() throws {
    var (random, seed) = SeededRandom.forProperty("Tariffication.extremes")
    for _ in 0..<100_000 {
      let first = random.extremeInt64()
      let next = random.extremeInt64()
      let quantity = random.extremeInt64()
      let limit = Bool.random(using: &random) ? Int64.max : random.extremeInt64()
      let tariffication: Tariffication
      do {
        tariffication = try Tariffication(first: first, next: next)
      } catch {
        #expect(first < 1 || next < 1, "seed \(seed)")
        continue
      }
      let expected: Int128? = {
        guard quantity >= 0, quantity <= limit else { return nil }
        if quantity == 0 { return 0 }
        if quantity <= first { return Int128(first) }
        let rest = Int128(quantity) - Int128(first)
        let steps = (rest + Int128(next) - 1) / Int128(next)
        return Int128(first) + steps * Int128(next)
      }()
      do {
        let billed = try tariffication.billed(quantity, limit: limit)
        #expect(expected == Int128(billed), "seed \(seed): \(first)/\(next) q=\(quantity)")
      } catch .quantityOutOfRange {
        #expect(expected == nil, "seed \(seed)")
      } catch .overflow {
        #expect(expected.map { $0 > Int128(Int64.max) } == true, "seed \(seed): \(first)/\(next) q=\(quantity)")
      } catch {
        Issue.record("unexpected \(error), seed \(seed)")
      }
    }
  }
}
