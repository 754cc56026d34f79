import Crypto

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// The one-time secrets Identity hands out and how they are stored: only their SHA-256, so a
/// database leak does not leak usable codes.
enum SecretCodes {
  /// Letters and digits without the easily confused 0/O, 1/l/I: 57 symbols, ~46.7 bits for 8.
  static let codeAlphabet = Array("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789")

  /// An 8-character code for e-mails people may type (confirmation, e-mail change).
  static func code() -> String {
    var generator = SystemRandomNumberGenerator()
    return String(
      (0..<8).map { _ in self.codeAlphabet[Int.random(in: 0..<self.codeAlphabet.count, using: &generator)] })
  }

  /// A control string of 160 random bits in hex, for links (recovery, invitation).
  static func controlString() -> String {
    self.hex(byteCount: 20)
  }

  /// `byteCount` random bytes as lowercase hex.
  static func hex(byteCount: Int) -> String {
    self.randomBytes(byteCount).map { String($0, radix: 16).leftPadded(to: 2) }.joined()
  }

  /// An opaque bearer secret of 256 random bits, base64url (refresh tokens, client secrets).
  static func token() -> String {
    base64URL(self.randomBytes(32))
  }

  static func randomBytes(_ count: Int) -> [UInt8] {
    var generator = SystemRandomNumberGenerator()
    return (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
  }

  /// What is stored instead of the secret.
  static func digest(_ secret: String) -> [UInt8] {
    Array(SHA256.hash(data: Array(secret.utf8)))
  }
}

extension String {
  func leftPadded(to width: Int) -> String {
    self.count >= width ? self : String(repeating: "0", count: width - self.count) + self
  }
}
