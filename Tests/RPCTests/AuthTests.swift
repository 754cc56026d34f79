import GRPCCore
import RPC
import Runtime
import TestSupport
import Testing

@Suite("Bearer token authentication")
struct AuthTests {
  static let audience = "abonent-probe"

  func call<Request, Reply>(
    _ method: UnaryMethod<Request, Reply>, _ request: Request, token: String?, port: Int
  ) async throws -> Reply {
    try await withWireClient(ClientSettings(host: "127.0.0.1", port: port, token: token)) { client in
      try await client.call(method, request)
    }
  }

  func expectFailure(
    _ code: RPCError.Code, reason: String, token: String?, saying words: String = "",
    method: UnaryMethod<RPC.DescribeRequest, WhoamiReply> = ProbeContract.whoami
  ) async throws {
    try await TestServer.with(.probe()) { port in
      let error = await #expect(throws: RPCError.self) {
        try await self.call(method, DescribeRequest(), token: token, port: port)
      }
      #expect(error?.code == code)
      #expect(error?.reason == reason)
      #expect(error?.message.contains(words) == true, "\(error?.message ?? "")")
    }
  }

  @Test("no token: UNAUTHENTICATED")
  func missingToken() async throws {
    try await self.expectFailure(.unauthenticated, reason: "TOKEN_MISSING", token: nil)
  }

  @Test("a tampered token: UNAUTHENTICATED")
  func tamperedToken() async throws {
    let token = try await TestTokens.make(audience: Self.audience)
    var parts = token.split(separator: ".").map(String.init)
    // Change the payload (sub) but keep the signature: the signature no longer matches.
    parts[1] = String(parts[1].dropLast()) + (parts[1].last == "A" ? "B" : "A")
    try await self.expectFailure(
      .unauthenticated, reason: "TOKEN_INVALID", token: parts.joined(separator: "."), saying: "signature")
  }

  @Test("an expired token: UNAUTHENTICATED")
  func expiredToken() async throws {
    let token = try await TestTokens.make(audience: Self.audience, expiresIn: -30)
    try await self.expectFailure(.unauthenticated, reason: "TOKEN_INVALID", token: token, saying: "expired")
  }

  @Test("a token signed by another key with the same key id: UNAUTHENTICATED")
  func wrongKey() async throws {
    let token = try await TestTokens.make(audience: Self.audience, signedBy: Fixtures.impostorKey)
    try await self.expectFailure(.unauthenticated, reason: "TOKEN_INVALID", token: token, saying: "signature")
  }

  @Test("a token for another service: UNAUTHENTICATED")
  func wrongAudience() async throws {
    let token = try await TestTokens.make(audience: "abonent-billing")
    try await self.expectFailure(.unauthenticated, reason: "TOKEN_INVALID", token: token, saying: "not meant for")
  }

  @Test("a token from another issuer: UNAUTHENTICATED")
  func wrongIssuer() async throws {
    let token = try await TestTokens.make(audience: Self.audience, issuer: "someone-else")
    try await self.expectFailure(.unauthenticated, reason: "TOKEN_INVALID", token: token, saying: "not issued by")
  }

  @Test("garbage in the authorization header: UNAUTHENTICATED")
  func garbageToken() async throws {
    try await self.expectFailure(.unauthenticated, reason: "TOKEN_INVALID", token: "not.a.jwt")
  }

  @Test("a valid token without the method's permission: PERMISSION_DENIED")
  func missingPermission() async throws {
    let token = try await TestTokens.make(audience: Self.audience, permissions: ["probe.other"])
    try await TestServer.with(.probe()) { port in
      let error = await #expect(throws: RPCError.self) {
        try await self.call(ProbeContract.readSecret, Blob(data: "x"), token: token, port: port)
      }
      #expect(error?.code == .permissionDenied)
      #expect(error?.reason == "PERMISSION_DENIED")
    }
  }

  @Test("a valid token with the permission: the handler runs and sees the caller")
  func validToken() async throws {
    let token = try await TestTokens.make(
      audience: Self.audience, permissions: [ProbeContract.secretsRead.name], userID: "u-42", organizationID: "org-7")
    try await TestServer.with(.probe()) { port in
      let secret = try await self.call(ProbeContract.readSecret, Blob(data: "x"), token: token, port: port)
      #expect(secret.data == "secret for x")
      let caller = try await self.call(ProbeContract.whoami, DescribeRequest(), token: token, port: port)
      #expect(
        caller == WhoamiReply(userID: "u-42", organizationID: "org-7", permissions: [ProbeContract.secretsRead.name]))
    }
  }

  @Test("public methods need no token")
  func publicMethod() async throws {
    try await TestServer.with(.probe()) { port in
      let reply = try await self.call(PlatformContract.ping, PingRequest(text: "hi"), token: nil, port: port)
      #expect(reply.text == "hi")
    }
  }

  @Test("without a configured key set, protected methods are refused")
  func noKeysConfigured() async throws {
    let token = try await TestTokens.make(audience: Self.audience)
    try await TestServer.with(.probe(), settings: ["abonent.auth.jwksFile": ""]) { port in
      let error = await #expect(throws: RPCError.self) {
        try await self.call(ProbeContract.whoami, DescribeRequest(), token: token, port: port)
      }
      #expect(error?.code == .unauthenticated)
    }
  }
}
