import GRPCCore
import IdentityAPI
import RPC
import TestSupport
import Testing

@Suite(
  "Sign-in, lockout and sessions",
  .enabled(
    if: TestDatabase.isAvailable && SMTPSink.isAvailable,
    "needs the test PostgreSQL and aiosmtpd (scripts/test.sh provides both)"))
struct SignInTests {
  func signIn(_ bed: IdentityTestbed, _ login: String, _ password: String) async throws -> TokenPair {
    try await bed.call(
      IdentityContract.signIn, SignInRequest(login: login, password: password, rememberMe: false, device: "t"))
  }

  @Test(
    "after 5 failures the account is locked for 15 minutes; unknown login, wrong password and lock answer identically")
  func lockoutAndIdenticalAnswers() async throws {
    try await IdentityTestbed.with { bed in
      _ = try await bed.registeredCompany(
        email: "lock@example.com", taxID: "7736207543", contract: "900", password: "right password")
      let unknown = await bed.refusal { _ = try await self.signIn(bed, "vk-nobody", "right password") }
      var wrong: [RPCError?] = []
      for _ in 0..<5 { wrong.append(await bed.refusal { _ = try await self.signIn(bed, "vk900", "wrong password") }) }
      let locked = await bed.refusal { _ = try await self.signIn(bed, "vk900", "right password") }
      for error in [unknown] + wrong + [locked] {
        #expect(error?.code == .unauthenticated)
        #expect(error?.reason == "INVALID_CREDENTIALS")
        #expect(error?.message == unknown?.message)
      }
      let admin = try await bed.adminToken()
      let audit = try await bed.call(
        IdentityContract.listAuditEvents, ListAuditEventsRequest(kinds: ["locked_out"]), token: admin)
      #expect(audit.events.count == 1)
    }
  }

  @Test("unknown login and wrong password take comparable time (both run one scrypt)")
  func comparableTiming() async throws {
    // Near production-strength scrypt (2^14, production 2^15), so the hash dominates as it does there.
    try await IdentityTestbed.with(["abonent.identity.scryptLog2N": "14", "abonent.identity.lockoutThreshold": "100"]) {
      bed in
      _ = try await bed.registeredCompany(
        email: "time@example.com", taxID: "7830002293", contract: "901", password: "right password")
      // Interleaved, so both kinds of refusal see the same load on a shared machine.
      var unknownSamples: [Duration] = []
      var knownSamples: [Duration] = []
      for _ in 0..<9 {
        for (login, isKnown) in [("vk-nobody", false), ("vk901", true)] {
          let start = ContinuousClock.now
          _ = await bed.refusal { _ = try await self.signIn(bed, login, "wrong password") }
          if isKnown {
            knownSamples.append(ContinuousClock.now - start)
          } else {
            unknownSamples.append(ContinuousClock.now - start)
          }
        }
      }
      let unknown = unknownSamples.sorted()[4]
      let known = knownSamples.sorted()[4]
      let ratio =
        Double(known.components.attoseconds / 1_000_000_000 + known.components.seconds * 1_000_000_000)
        / Double(unknown.components.attoseconds / 1_000_000_000 + unknown.components.seconds * 1_000_000_000)
      #expect(ratio > 0.5 && ratio < 2.0, "median wrong-password \(known) vs unknown-login \(unknown)")
    }
  }

  @Test(
    "refresh rotates the token; presenting a used one ends the session; changing the password ends the other sessions")
  func refreshRotationAndReuse() async throws {
    try await IdentityTestbed.with { bed in
      let first = try await bed.registeredCompany(
        email: "r@example.com", taxID: "7707083893", contract: "902", password: "old password")
      let rotated = try await bed.call(IdentityContract.refresh, RefreshRequest(refreshToken: first.refreshToken))
      #expect(rotated.refreshToken != first.refreshToken && rotated.sessionID == first.sessionID)
      // The old token again: reuse, the whole session ends — the newest token too.
      let reuse = await bed.refusal {
        _ = try await bed.call(IdentityContract.refresh, RefreshRequest(refreshToken: first.refreshToken))
      }
      #expect(reuse?.reason == "REFRESH_TOKEN_REUSED")
      let afterReuse = await bed.refusal {
        _ = try await bed.call(IdentityContract.refresh, RefreshRequest(refreshToken: rotated.refreshToken))
      }
      #expect(afterReuse?.reason == "REFRESH_TOKEN_INVALID")

      // Two sessions; changing the password in one ends the other.
      let laptop = try await self.signIn(bed, "vk902", "old password")
      let phone = try await self.signIn(bed, "vk902", "old password")
      let sessions = try await bed.call(IdentityContract.listSessions, ListSessionsRequest(), token: laptop.accessToken)
      #expect(sessions.sessions.count == 2 && sessions.sessions.filter(\.current).map(\.id) == [laptop.sessionID])
      _ = try await bed.call(
        IdentityContract.changePassword,
        ChangePasswordRequest(
          currentPassword: "old password", newPassword: "new password", newPasswordConfirmation: "new password"),
        token: laptop.accessToken)
      let phoneRefresh = await bed.refusal {
        _ = try await bed.call(IdentityContract.refresh, RefreshRequest(refreshToken: phone.refreshToken))
      }
      #expect(phoneRefresh?.reason == "REFRESH_TOKEN_INVALID")
      _ = try await bed.call(IdentityContract.refresh, RefreshRequest(refreshToken: laptop.refreshToken))
      _ = try await self.signIn(bed, "vk902", "new password")
      let admin = try await bed.adminToken()
      let audit = try await bed.call(
        IdentityContract.listAuditEvents, ListAuditEventsRequest(kinds: ["refresh_reuse", "password_changed"]),
        token: admin)
      #expect(Set(audit.events.map(\.kind)) == ["refresh_reuse", "password_changed"])
    }
  }
}
