import Foundation
import Testing
import WireCodec
import WireJSON
import WireTestMessages

/// Random and mutated input must end in a typed error or a value, never a crash. The
/// libFuzzer target (Fuzz/) explores further; this runs in every test pass.
@Suite("Decoder robustness")
struct DecoderRobustnessTests {
  /// A deterministic generator, so a failure reproduces from its iteration number.
  struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
      self.state &+= 0x9E37_79B9_7F4A_7C15
      var z = self.state
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
  }

  static let seeds: [[UInt8]] = {
    let file = try! WireVectorFile()
    return file.vectors.compactMap { [UInt8](hex: $0.hex) } + file.errors.compactMap { [UInt8](hex: $0.hex) }
  }()

  /// Decodes `bytes` as every vector type with tight limits, through both decoders.
  static func decodeEverywhere(
    _ bytes: [UInt8], limits: WireLimits = WireLimits(maxMessageBytes: 1 << 16, maxDepth: 8, maxElements: 4096)
  ) -> (decoded: Int, rejected: Int) {
    var decoded = 0
    var rejected = 0
    for (name, type) in vectorMessageTypes {
      do {
        let value = try type.init(wireEncoded: bytes, limits: limits)
        // Whatever decodes must re-encode and decode to the same bytes again.
        let again = value.wireEncoded()
        if try type.init(wireEncoded: again, limits: .default).wireEncoded() != again {
          Issue.record("re-encoding is not stable for \(name): \(bytes.hex)")
        }
        decoded += 1
      } catch {
        rejected += 1
      }
      _ = try? WireVectorFile.transcoder.decode(bytes, as: name, limits: limits)
    }
    return (decoded, rejected)
  }

  @Test("100,000 random and mutated byte strings: no crash, only typed errors")
  func randomAndMutatedInput() {
    var rng = SplitMix64(state: 0xAB0E_E7)
    var decoded = 0
    var rejected = 0
    for iteration in 0..<100_000 {
      var bytes: [UInt8]
      if iteration % 2 == 0 {
        bytes = (0..<Int.random(in: 0...64, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
      } else {
        bytes = Self.seeds[Int.random(in: 0..<Self.seeds.count, using: &rng)]
        for _ in 0..<Int.random(in: 1...4, using: &rng) {
          Self.mutate(&bytes, using: &rng)
        }
      }
      let outcome = Self.decodeEverywhere(bytes)
      decoded += outcome.decoded
      rejected += outcome.rejected
    }
    // Both outcomes must occur, or the generator is not exercising the decoder.
    #expect(decoded > 10_000)
    #expect(rejected > 10_000)
  }

  static func mutate(_ bytes: inout [UInt8], using rng: inout SplitMix64) {
    switch Int.random(in: 0..<5, using: &rng) {
    case 0 where !bytes.isEmpty:  // flip a bit
      let at = Int.random(in: 0..<bytes.count, using: &rng)
      bytes[at] ^= 1 << UInt8.random(in: 0..<8, using: &rng)
    case 1 where !bytes.isEmpty:  // truncate
      bytes.removeLast(Int.random(in: 1...bytes.count, using: &rng))
    case 2:  // insert a hostile length or varint
      let hostile: [[UInt8]] = [
        [0xFF, 0xFF, 0xFF, 0xFF, 0x0F], [0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01], [0x00],
        [0x7F],
      ]
      bytes.insert(
        contentsOf: hostile[Int.random(in: 0..<hostile.count, using: &rng)],
        at: Int.random(in: 0...bytes.count, using: &rng))
    case 3 where !bytes.isEmpty:  // duplicate a slice
      let start = Int.random(in: 0..<bytes.count, using: &rng)
      let end = Int.random(in: start...bytes.count, using: &rng)
      bytes.insert(contentsOf: bytes[start..<end], at: Int.random(in: 0...bytes.count, using: &rng))
    default:  // append random bytes
      bytes += (0..<Int.random(in: 1...8, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
    }
  }

  @Test("a length of 2^32-1 over a short body allocates nothing and fails as truncated")
  func hugeDeclaredLength() {
    #expect(throws: WireDecodingError(.truncated, at: 6)) {
      try Scalars(wireEncoded: [0x3A, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x61])
    }
  }

  @Test("10,000-deep nesting fails with TOO_DEEP, not a stack overflow")
  func deepNesting() {
    var bytes: [UInt8] = []
    for _ in 0..<10_000 {
      // Each level: field 2 (children) of Tree, length of what follows.
      var prefix: [UInt8] = [0x12]
      var length = bytes.count
      repeat {
        prefix.append(UInt8(length & 0x7F) | (length >= 0x80 ? 0x80 : 0))
        length >>= 7
      } while length > 0
      bytes = prefix + bytes
    }
    #expect(throws: WireDecodingError.self) { try Tree(wireEncoded: bytes) }
    do {
      _ = try Tree(wireEncoded: bytes)
    } catch {
      #expect(error.reason == .tooDeep)
    }
  }
}
