import JWTKit
import Synchronization

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// Where a verifier gets Identity's public keys: a JWKS file that operations keep current,
/// or Identity's own key table. Asked again when a token names a key id not yet known, so a
/// rotated key is picked up without a restart.
public protocol VerificationKeySource: Sendable {
  /// The current key set as JWKS JSON.
  func jwks() async throws -> String
  /// How long after a load an unknown key id may trigger another, so forged key ids cannot
  /// hammer the source (5 s unless the source caches cheaply itself).
  var reloadInterval: Duration { get }
}

extension VerificationKeySource {
  public var reloadInterval: Duration { .seconds(5) }
}

/// Verifies bearer access tokens against a JSON Web Key Set of Identity's public keys.
///
/// Only EdDSA (Ed25519) keys are accepted, every key must carry a key id, and a token must
/// name one of those ids: jwt-kit would otherwise fall back to a default key.
public final class AccessTokenVerifier: Sendable {
  struct KeySet: Sendable {
    let keys: JWTKeyCollection
    let ids: Set<String>
    let loadedAt: ContinuousClock.Instant
  }

  let source: any VerificationKeySource
  let current: Mutex<KeySet>
  /// Tokens verified before, with their callers, until they expire: a switch or a backend
  /// sends the same token with thousands of calls, and checking its signature and decoding its
  /// JSON each time held AuthorizeCall to 1,500 calls a second on one core; remembered, 2,500
  /// (docs/BENCHMARKS.md, section 12). Emptied when the keys are reloaded, so a key taken out of the set
  /// stops its tokens at once; emptied too when full, so it stays bounded.
  let verified = Mutex<[String: VerifiedToken]>([:])
  static let verifiedCapacity = 10_000

  struct VerifiedToken {
    let caller: Caller
    let expires: Date
  }
  public let audience: String
  public let issuer: String

  /// - Parameters:
  ///   - source: where the JWKS (`{"keys": [{"kty": "OKP", "crv": "Ed25519", "alg": "EdDSA", "kid": …, "x": …}]}`) comes from.
  ///   - audience: This service's name; tokens must list it in `aud`.
  ///   - issuer: Who must have issued the token (`iss`).
  ///   - loadNow: read the keys now, failing if they are unusable (a file given by
  ///     configuration); `false` loads them on the first token (Identity's own table, which
  ///     exists only once the database is up).
  public init(source: any VerificationKeySource, audience: String, issuer: String, loadNow: Bool = true) async throws {
    self.source = source
    self.current = Mutex(
      loadNow
        ? try await Self.load(try await source.jwks())
        : KeySet(keys: JWTKeyCollection(), ids: [], loadedAt: .now - source.reloadInterval))
    self.audience = audience
    self.issuer = issuer
  }

  /// A verifier for a fixed key set.
  public convenience init(jwks: String, audience: String, issuer: String) async throws {
    try await self.init(source: FixedKeySource(text: jwks), audience: audience, issuer: issuer)
  }

  static func load(_ jwks: String) async throws -> KeySet {
    let set = try JSONDecoder().decode(JWKS.self, from: Data(jwks.utf8))
    var ids: Set<String> = []
    for key in set.keys {
      guard let kid = key.keyIdentifier?.string, key.algorithm == .eddsa else {
        throw AccessTokenConfigurationError(message: "every key in the JWKS needs a 'kid' and \"alg\": \"EdDSA\"")
      }
      ids.insert(kid)
    }
    guard !ids.isEmpty else { throw AccessTokenConfigurationError(message: "the JWKS holds no keys") }
    let keys = JWTKeyCollection()
    try await keys.add(jwks: set)
    return KeySet(keys: keys, ids: ids, loadedAt: .now)
  }

  /// Loads the keys from the source again now (Identity calls this after rotating).
  public func reload() async throws {
    let fresh = try await Self.load(try await self.source.jwks())
    self.current.withLock { $0 = fresh }
    self.verified.withLock { $0.removeAll() }
  }

  /// The keys to check a token signed with `kid`: reloaded first when the id is unknown and
  /// the last load is old enough.
  func keySet(for kid: String) async -> KeySet? {
    let known = self.current.withLock { $0 }
    if known.ids.contains(kid) { return known }
    guard ContinuousClock.now - known.loadedAt >= self.source.reloadInterval else { return nil }
    try? await self.reload()
    let reloaded = self.current.withLock { $0 }
    return reloaded.ids.contains(kid) ? reloaded : nil
  }

  /// The caller the token describes, or UNAUTHENTICATED with the reason.
  public func verify(_ token: String) async throws(PlatformError) -> Caller {
    if let known = self.verified.withLock({ $0[token] }), known.expires > Date() { return known.caller }
    guard let kid = Self.keyID(of: token) else {
      throw PlatformError.invalidToken("it is not a signed JWT with a key id")
    }
    guard let keySet = await self.keySet(for: kid) else {
      throw PlatformError.invalidToken("it is signed with an unknown key '\(kid)'")
    }
    let claims: AccessTokenClaims
    do {
      claims = try await keySet.keys.verify(token, as: AccessTokenClaims.self)
    } catch let error as JWTError where error.errorType == .claimVerificationFailure {
      throw PlatformError.invalidToken("it has expired")
    } catch {
      throw PlatformError.invalidToken("its signature or format is invalid")
    }
    guard claims.aud.value.contains(self.audience) else {
      throw PlatformError.invalidToken("it is not meant for \(self.audience)")
    }
    guard claims.iss.value == self.issuer else {
      throw PlatformError.invalidToken("it was not issued by \(self.issuer)")
    }
    let caller = Caller(
      userID: claims.sub.value, organizationID: claims.org, permissions: Set(claims.perms),
      sessionID: claims.sid, kind: claims.kind.flatMap(Caller.Kind.init(rawValue:)) ?? .customer)
    self.verified.withLock { tokens in
      if tokens.count >= Self.verifiedCapacity { tokens.removeAll(keepingCapacity: true) }
      tokens[token] = VerifiedToken(caller: caller, expires: claims.exp.value)
    }
    return caller
  }

  /// The `kid` of the token's header, read without verifying anything.
  static func keyID(of token: String) -> String? {
    let parts = token.split(separator: ".", omittingEmptySubsequences: false)
    guard parts.count == 3 else { return nil }
    var base64 = String(parts[0].map { $0 == "-" ? "+" : $0 == "_" ? "/" : $0 })
    base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
    guard let data = Data(base64Encoded: base64),
      let header = try? JSONDecoder().decode(TokenHeader.self, from: data)
    else { return nil }
    return header.kid
  }

  struct TokenHeader: Decodable {
    var kid: String?
  }
}

/// A key set that never changes (tests, and services given the JWKS as text).
struct FixedKeySource: VerificationKeySource {
  let text: String
  func jwks() async throws -> String { self.text }
}

/// The JWKS file named by `ABONENT_AUTH_JWKS_FILE`, read again whenever a token names an
/// unknown key: operations replace the file when Identity rotates its keys.
public struct JWKSFileSource: VerificationKeySource {
  public let path: String

  public init(path: String) {
    self.path = path
  }

  public func jwks() async throws -> String {
    do {
      return try String(contentsOfFile: self.path, encoding: .utf8)
    } catch {
      throw AccessTokenConfigurationError(message: "cannot read \(self.path)")
    }
  }
}

/// The configured key set cannot be used.
public struct AccessTokenConfigurationError: Error, CustomStringConvertible {
  public var message: String
  public var description: String { "access token keys: \(self.message)" }
}
