import Foundation
import ZIPFoundation

/// PDF's `FlateDecode` wants a zlib stream (RFC 1950); ZIPFoundation gives raw deflate (RFC 1951),
/// the body of one. Adding the two-byte header and the Adler-32 trailer here saves a C shim target.
enum FlateEncoder {
  static func zlibStream(_ input: [UInt8]) throws(BillingDocumentError) -> [UInt8] {
    let source = Data(input)
    var output: [UInt8] = [0x78, 0x9C]  // deflate, 32 KiB window, default level; (0x789C % 31 == 0)
    do {
      _ = try Data.compress(
        size: Int64(source.count), bufferSize: 64 * 1024,
        provider: { position, size in source.subdata(in: Int(position)..<(Int(position) + size)) },
        consumer: { chunk in output.append(contentsOf: chunk) })
    } catch {
      throw .compressionFailed
    }
    output.appendUInt32(self.adler32(input))
    return output
  }

  /// RFC 1950's checksum; sums are reduced every 5552 bytes, the most that cannot overflow.
  static func adler32(_ bytes: [UInt8]) -> UInt32 {
    let modulus: UInt32 = 65521
    var a: UInt32 = 1
    var b: UInt32 = 0
    var index = 0
    while index < bytes.count {
      let end = min(index + 5552, bytes.count)
      for byte in bytes[index..<end] {
        a += UInt32(byte)
        b += a
      }
      a %= modulus
      b %= modulus
      index = end
    }
    return b << 16 | a
  }
}
