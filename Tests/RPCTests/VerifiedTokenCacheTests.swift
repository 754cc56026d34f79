import Foundation
import RPC
import Synchronization
import TestSupport
import Testing

/// The verifier remembers tokens it has verified (Shared/RPC/AccessTokenVerifier.swift), and
/// that memory changes no answer: an expired token is refused, and a token whose key has left
/// the key set is refused once the keys are reloaded.
@Suite("Verified token memory")
struct VerifiedTokenCacheTests {
  /// A key set that operations can change, as they replace the JWKS file.
  final class ChangingKeys: VerificationKeySource {
    let text: Mutex<String>
    init(_ text: String) { self.text = Mutex(text) }
    func jwks() async throws -> String { self.text.withLock { $0 } }
    var reloadInterval: Duration { .zero }
  }

  static func verifier(_ keys: ChangingKeys) async throws -> AccessTokenVerifier {
    try await AccessTokenVerifier(source: keys, audience: "abonent-probe", issuer: TestTokens.issuer)
  }

  @Test("a remembered token is refused once it expires")
  func expiry() async throws {
    let verifier = try await Self.verifier(ChangingKeys(try String(contentsOfFile: Fixtures.jwks, encoding: .utf8)))
    let token = try await TestTokens.make(audience: "abonent-probe", permissions: ["probe.things.read"], expiresIn: 2)
    #expect(try await verifier.verify(token).permissions == ["probe.things.read"])
    #expect(try await verifier.verify(token).userID == "user-1")
    try await Task.sleep(for: .seconds(3))
    await #expect(throws: PlatformError.self) { _ = try await verifier.verify(token) }
  }

  @Test("a remembered token is refused once its key leaves the key set")
  func keyRemoved() async throws {
    let original = try String(contentsOfFile: Fixtures.jwks, encoding: .utf8)
    let keys = ChangingKeys(original)
    let verifier = try await Self.verifier(keys)
    let token = try await TestTokens.make(audience: "abonent-probe")
    _ = try await verifier.verify(token)
    keys.text.withLock { $0 = original.replacingOccurrences(of: TestTokens.keyID, with: "rotated-key-2") }
    try await verifier.reload()
    let error = await #expect(throws: PlatformError.self) { _ = try await verifier.verify(token) }
    #expect(error?.message.contains("unknown key") == true, "\(String(describing: error))")
  }
}
