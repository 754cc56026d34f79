import Crypto
import CryptoExtras
import NIOPosix

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// scrypt cost parameters: memory ≈ 128 × r × 2^log2N bytes per hash (32 MiB by default).
public struct ScryptParameters: Sendable, Hashable {
  public var log2N: Int
  public var r: Int
  public var p: Int

  public init(log2N: Int, r: Int, p: Int) {
    self.log2N = log2N
    self.r = r
    self.p = p
  }
}

/// Hashes passwords with scrypt (memory-hard) into a self-describing string,
/// `$scrypt$ln=15,r=8,p=1$<salt>$<hash>` (base64), so parameters can be raised later and each
/// password is rehashed at its next successful sign-in.
struct PasswordHasher: Sendable {
  let parameters: ScryptParameters

  func hash(_ password: String) async throws -> String {
    let salt = (0..<16).map { _ in UInt8.random(in: 0...255) }
    let derived = try await self.derive(password, salt: salt, self.parameters)
    let p = self.parameters
    return
      "$scrypt$ln=\(p.log2N),r=\(p.r),p=\(p.p)$\(Data(salt).base64EncodedString())$\(Data(derived).base64EncodedString())"
  }

  /// Whether `password` matches `stored`; false for anything unparseable.
  func verify(_ password: String, against stored: String) async -> Bool {
    guard let parsed = Self.parse(stored),
      let derived = try? await self.derive(password, salt: parsed.salt, parsed.parameters)
    else {
      return false
    }
    return constantTimeEqual(derived, parsed.hash)
  }

  /// Whether `stored` was made with other parameters than the current ones.
  func needsRehash(_ stored: String) -> Bool {
    Self.parse(stored)?.parameters != self.parameters
  }

  /// Spends the time of one verification, for unknown logins: the answer then takes as long
  /// as for a wrong password.
  func verifyNothing(_ password: String) async {
    _ = try? await self.derive(password, salt: Array(repeating: 0, count: 16), self.parameters)
  }

  /// scrypt, on NIO's blocking-work thread pool: tens of milliseconds of CPU and 32 MiB per call
  /// would otherwise hold one of the few Swift concurrency threads (two on a two-core machine),
  /// stalling every other call of the service meanwhile.
  func derive(_ password: String, salt: [UInt8], _ parameters: ScryptParameters) async throws -> [UInt8] {
    try await NIOThreadPool.singleton.runIfActive {
      let key = try KDF.Scrypt.deriveKey(
        from: Array(password.utf8), salt: salt, outputByteCount: 32,
        rounds: 1 << parameters.log2N, blockSize: parameters.r, parallelism: parameters.p)
      return key.withUnsafeBytes { Array($0) }
    }
  }

  static func parse(_ stored: String) -> (parameters: ScryptParameters, salt: [UInt8], hash: [UInt8])? {
    let parts = stored.split(separator: "$")
    guard parts.count == 4, parts[0] == "scrypt" else { return nil }
    var values: [String: Int] = [:]
    for pair in parts[1].split(separator: ",") {
      let kv = pair.split(separator: "=")
      guard kv.count == 2, let value = Int(kv[1]) else { return nil }
      values[String(kv[0])] = value
    }
    guard let ln = values["ln"], let r = values["r"], let p = values["p"], (1...24).contains(ln),
      let salt = Data(base64Encoded: String(parts[2])), let hash = Data(base64Encoded: String(parts[3]))
    else { return nil }
    return (ScryptParameters(log2N: ln, r: r, p: p), Array(salt), Array(hash))
  }
}

/// Compares without stopping at the first difference, so timing reveals nothing.
func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
  guard a.count == b.count else { return false }
  var difference: UInt8 = 0
  for index in a.indices { difference |= a[index] ^ b[index] }
  return difference == 0
}
