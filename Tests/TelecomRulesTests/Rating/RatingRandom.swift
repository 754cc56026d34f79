import TestSupport

/// The rating tests draw from the platform's seeded generator (TestSupport's `SeededRandom`,
/// SplitMix64): a failing case replays with `ABONENT_PROPERTY_SEED=<seed>`.
extension SeededRandom {
  /// A generator for one property test, and its seed (printed with `name`).
  static func forProperty(_ name: String) -> (generator: SeededRandom, seed: UInt64) {
    let generator = SeededRandom.forTest(name)
    return (generator, generator.seed)
  }
}

extension RandomNumberGenerator {
  /// A random string of `count` digits drawn from `0...maxDigit` (small alphabets force shared prefixes).
  mutating func digitText(count: Int, maxDigit: UInt8 = 9) -> String {
    var text = ""
    for _ in 0..<count {
      text.unicodeScalars.append(Unicode.Scalar(UInt8(ascii: "0") + UInt8.random(in: 0...maxDigit, using: &self)))
    }
    return text
  }

  /// A value that is often an edge of the `Int64` range or of small ranges, otherwise uniform.
  mutating func extremeInt64() -> Int64 {
    switch Int.random(in: 0..<8, using: &self) {
    case 0: return [Int64.min, Int64.min + 1, -1, 0, 1, Int64.max - 1, Int64.max].randomElement(using: &self)!
    case 1: return Int64.random(in: -1_000...1_000, using: &self)
    case 2: return Int64.random(in: 0...20_000_000, using: &self)
    case 3:
      // Near a fraction of Int64.max; Int64.max itself (a divisor of 1) is not pushed past it
      // (a full run once drew exactly that and trapped).
      let base = Int64.max / Int64.random(in: 1...1_000_000, using: &self)
      let (near, overflow) = base.addingReportingOverflow(Int64.random(in: -2...2, using: &self))
      return overflow ? base : near
    case 4: return Int64.random(in: 0...Int64.max, using: &self)
    default: return Int64(bitPattern: self.next())
    }
  }
}
