import Foundation
import Testing
import WireCodec

/// Replays the inputs the fuzzer once failed on (FuzzRegressions/README.md), so a fixed
/// decoder bug stays fixed without running libFuzzer.
@Suite("Fuzz regressions")
struct FuzzRegressionTests {
  /// The fuzzer's limits (Fuzz/Sources/WireDecoderFuzzer), so a finding replays as it was found.
  static let limits = WireLimits(maxMessageBytes: 1 << 16, maxDepth: 16, maxElements: 4096)
  static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
    "FuzzRegressions")

  @Test("every saved fuzzer finding decodes to a value or a typed error")
  func replay() throws {
    let names = try FileManager.default.contentsOfDirectory(atPath: Self.folder.path)
      .filter { !$0.hasPrefix(".") && $0 != "README.md" }
      .sorted()
    for name in names {
      let bytes = [UInt8](try Data(contentsOf: Self.folder.appendingPathComponent(name)))
      // Every vector type, the JSON transcoder, and the schema message: what the fuzzer drives.
      _ = DecoderRobustnessTests.decodeEverywhere(bytes, limits: Self.limits)
      _ = try? MessageSchema(wireEncoded: bytes, limits: Self.limits)
    }
  }
}
