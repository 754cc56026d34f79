#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// A reproducible random source for property tests: SplitMix64 from a seed that the test prints.
/// `ABONENT_PROPERTY_SEED=<seed>` replays a run (`swift test --filter <test>`); without it each
/// run draws a new seed, so repeated runs cover more of the input space.
public struct SeededRandom: RandomNumberGenerator, Sendable {
  public let seed: UInt64
  private var state: UInt64

  public init(seed: UInt64) {
    self.seed = seed
    self.state = seed
  }

  /// The seed from `ABONENT_PROPERTY_SEED`, or a fresh one; printed with `name` either way so a
  /// failure can be replayed.
  public static func forTest(_ name: String) -> SeededRandom {
    let given = ProcessInfo.processInfo.environment["ABONENT_PROPERTY_SEED"].flatMap { UInt64($0) }
    let seed = given ?? UInt64.random(in: 1...UInt64.max)
    print("property test «\(name)»: seed \(seed) (replay: ABONENT_PROPERTY_SEED=\(seed) swift test --filter …)")
    return SeededRandom(seed: seed)
  }

  public mutating func next() -> UInt64 {
    self.state &+= 0x9E37_79B9_7F4A_7C15
    var z = self.state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}
