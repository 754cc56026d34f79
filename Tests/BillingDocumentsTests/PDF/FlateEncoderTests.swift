import Foundation
import Testing

@testable import BillingDocuments

@Suite("Flate (zlib) streams")
struct FlateEncoderTests {
  @Test(
    "Adler-32 matches RFC 1950's definition on known vectors",
    arguments: [
      ("", UInt32(1)), ("a", 0x0062_0062), ("Wikipedia", 0x11E6_0398),
    ])
  func adler32KnownVectors(input: String, expected: UInt32) {
    #expect(FlateEncoder.adler32(Array(input.utf8)) == expected)
  }

  @Test("Adler-32 stays exact past the 5552-byte reduction block")
  func adler32LongInput() {
    let input = [UInt8](repeating: 0xFF, count: 100_000)
    // Reference computed byte by byte with immediate reduction.
    var (a, b): (UInt32, UInt32) = (1, 0)
    for byte in input {
      a = (a + UInt32(byte)) % 65521
      b = (b + a) % 65521
    }
    #expect(FlateEncoder.adler32(input) == b << 16 | a)
  }

  @Test("the stream is a zlib stream Python's zlib inflates back to the input")
  func pythonInflatesTheStream() throws {
    let input = Array(String(repeating: "Счёт № NCR-0134 ", count: 500).utf8)
    let stream = try FlateEncoder.zlibStream(input)
    #expect(stream.count < input.count / 10)
    #expect((UInt16(stream[0]) << 8 | UInt16(stream[1])) % 31 == 0, "zlib header check bits")
    let inflated = try ExternalTool.withTemporaryFile(stream, suffix: ".z") { path in
      try ExternalTool.run(
        "python3",
        ["-c", "import sys,zlib; sys.stdout.write(zlib.decompress(open(sys.argv[1],'rb').read()).hex())", path])
    }
    #expect(inflated == input.map { String(format: "%02x", $0) }.joined())
  }
}
