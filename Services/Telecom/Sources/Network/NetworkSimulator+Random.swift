/// The simulator's only source of chance: SplitMix64 from a seed, so that one seed and one
/// sequence of calls always give the same results (`SystemRandomNumberGenerator` would not).
struct SimulatorRandom: RandomNumberGenerator, Sendable {
  private var state: UInt64

  /// A stream of its own per purpose (failures, jitter, usage), so that turning one setting does
  /// not shift what the others draw: the same usage comes out whatever the failure rate.
  init(seed: UInt64, stream: UInt64) {
    self.state = Self.mix(seed ^ Self.mix(stream))
  }

  mutating func next() -> UInt64 {
    self.state &+= 0x9E37_79B9_7F4A_7C15
    return Self.mix(self.state)
  }

  /// A number in `0..<bound` (bound > 0), from the high half of a full-width product: the bias
  /// is at most bound / 2^64, far below anything a test could see.
  mutating func below(_ bound: UInt64) -> UInt64 {
    guard bound > 0 else { return 0 }
    return self.next().multipliedFullWidth(by: bound).high
  }

  /// A number in `range`, which the callers keep far from the ends of `Int64`.
  mutating func within(_ range: ClosedRange<Int64>) -> Int64 {
    let width = UInt64(bitPattern: range.upperBound &- range.lowerBound)
    guard width < UInt64.max else { return Int64(bitPattern: self.next()) }
    return range.lowerBound &+ Int64(bitPattern: self.below(width + 1))
  }

  /// SplitMix64's finaliser: spreads every input bit over the whole output.
  static func mix(_ value: UInt64) -> UInt64 {
    var z = value
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// A stable number for `text` under `seed` (FNV-1a, then mixed): what makes presence a property
  /// of the IMSI rather than of the order in which SIMs were asked about.
  static func hash(_ text: String, seed: UInt64) -> UInt64 {
    var value: UInt64 = 0xCBF2_9CE4_8422_2325
    for byte in text.utf8 {
      value = (value ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
    }
    return Self.mix(value ^ Self.mix(seed))
  }
}
