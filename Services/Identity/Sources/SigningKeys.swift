import Crypto
import JWTKit
import Logging
import PostgresNIO
import RPC
import Storage
import Synchronization
import WireCodec

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// Identity's token-signing keys (Ed25519), kept in `signing_keys` with the private half
/// sealed by the key-encryption key (AES-GCM, the key id as associated data). The newest
/// unretired key signs; a retired key stays published until the tokens it signed have expired.
final class SigningKeys: Sendable {
  struct ActiveKey: Sendable {
    let kid: String
    let collection: JWTKeyCollection
  }

  let database: Database
  let sealingKey: SymmetricKey
  /// How long a retired key keeps verifying: the access-token lifetime plus a margin for clock skew.
  let retention: Duration
  let clock: any WallClock
  let cached: Mutex<(key: ActiveKey, loadedAt: ContinuousClock.Instant)?> = Mutex(nil)

  init(database: Database, keyEncryptionKey: [UInt8], accessTokenLifetime: Duration, clock: any WallClock) {
    self.database = database
    self.sealingKey = SymmetricKey(data: keyEncryptionKey)
    self.retention = accessTokenLifetime + .seconds(300)
    self.clock = clock
  }

  /// Creates the first key if there is none (idempotent across replicas).
  func ensureKey() async throws {
    try await self.database.transaction { connection in
      try await connection.query("LOCK TABLE signing_keys IN EXCLUSIVE MODE", logger: self.database.logger)
      let rows = try await connection.query(
        "SELECT count(*) FROM signing_keys WHERE retired_at IS NULL", logger: self.database.logger)
      if try await rows.one(Int64.self) == 0 {
        try await self.insertNewKey(on: connection)
      }
    }
  }

  /// Retires the signing key and starts a new one; returns the new key id.
  @discardableResult
  func rotate() async throws -> String {
    let kid = try await self.database.transaction { connection in
      try await connection.query("LOCK TABLE signing_keys IN EXCLUSIVE MODE", logger: self.database.logger)
      try await connection.query(
        "UPDATE signing_keys SET retired_at = \(self.clock.now()) WHERE retired_at IS NULL",
        logger: self.database.logger)
      return try await self.insertNewKey(on: connection)
    }
    self.cached.withLock { $0 = nil }
    return kid
  }

  @discardableResult
  func insertNewKey(on connection: PostgresConnection) async throws -> String {
    let privateKey = Curve25519.Signing.PrivateKey()
    let kid = "k-" + SecretCodes.hex(byteCount: 8)
    let sealed = try AES.GCM.seal(privateKey.rawRepresentation, using: self.sealingKey, authenticating: Array(kid.utf8))
    guard let combined = sealed.combined else { throw KeyError.sealFailed }
    try await connection.query(
      """
      INSERT INTO signing_keys (kid, public_key, sealed_private_key, created_at)
      VALUES (\(kid), \(ByteBuffer(bytes: privateKey.publicKey.rawRepresentation)), \(ByteBuffer(bytes: combined)), \(self.clock.now()))
      """, logger: self.database.logger)
    return kid
  }

  /// The key new tokens are signed with (cached for a few seconds).
  func active() async throws -> ActiveKey {
    if let cached = self.cached.withLock({ $0 }), ContinuousClock.now - cached.loadedAt < .seconds(5) {
      return cached.key
    }
    let row = try await self.database.withConnection { connection in
      let rows = try await connection.query(
        "SELECT kid, sealed_private_key FROM signing_keys WHERE retired_at IS NULL ORDER BY created_at DESC LIMIT 1",
        logger: self.database.logger)
      return try await rows.one((String, ByteBuffer).self)
    }
    guard let (kid, sealed) = row else { throw KeyError.noActiveKey }
    let box = try AES.GCM.SealedBox(combined: Array(buffer: sealed))
    let raw = try AES.GCM.open(box, using: self.sealingKey, authenticating: Array(kid.utf8))
    let collection = JWTKeyCollection()
    await collection.add(
      eddsa: EdDSA.PrivateKey(backing: try Curve25519.Signing.PrivateKey(rawRepresentation: raw)),
      kid: JWKIdentifier(string: kid))
    let key = ActiveKey(kid: kid, collection: collection)
    self.cached.withLock { $0 = (key, .now) }
    return key
  }

  /// The published keys as a JWKS, and the active key id.
  func published() async throws -> (jwks: String, activeKeyID: String) {
    let since = self.clock.now().adding(.zero - self.retention)
    let keys = try await self.database.withConnection { connection in
      let rows = try await connection.query(
        """
        SELECT kid, public_key, retired_at IS NULL FROM signing_keys
        WHERE retired_at IS NULL OR retired_at > \(since) ORDER BY created_at DESC
        """, logger: self.database.logger)
      return try await rows.decode((String, ByteBuffer, Bool).self).collect()
    }
    let entries = keys.map { kid, publicKey, _ in
      #"{"kty":"OKP","crv":"Ed25519","alg":"EdDSA","use":"sig","kid":"\#(kid)","x":"\#(base64URL(Array(buffer: publicKey)))"}"#
    }
    return (#"{"keys":[\#(entries.joined(separator: ","))]}"#, keys.first { $0.2 }?.0 ?? "")
  }

  enum KeyError: Error {
    case sealFailed, noActiveKey
  }
}

/// Identity verifies its own tokens from its key table, so a rotation by any replica is seen
/// at once by all: an unknown key id reloads (the table read is cheap and cached briefly).
struct IdentityKeySource: VerificationKeySource {
  let keys: SigningKeys
  var reloadInterval: Duration { .milliseconds(500) }

  func jwks() async throws -> String {
    try await self.keys.published().jwks
  }
}

func base64URL(_ bytes: [UInt8]) -> String {
  String(
    Data(bytes).base64EncodedString().compactMap { char -> Character? in
      switch char {
      case "+": "-"
      case "/": "_"
      case "=": nil
      default: char
      }
    })
}
