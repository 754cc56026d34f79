import GRPCCore
import IdentityAPI
import RPC
import Storage
import TestSupport
import Testing

@Suite(
  "Registration and confirmation",
  .enabled(
    if: TestDatabase.isAvailable && SMTPSink.isAvailable,
    "needs the test PostgreSQL and aiosmtpd (scripts/test.sh provides both)"))
struct RegistrationTests {
  @Test(
    "a company registers, the mail arrives over SMTP, the code confirms it, then sign-in works; before that sign-in is refused as NOT_CONFIRMED"
  )
  func companyRegistrationFlow() async throws {
    try await IdentityTestbed.with { bed in
      let registered = try await bed.registerCompany(
        email: "buh@romashka.ru", contract: "123", password: "correct horse 1")
      #expect(registered.login == "vk123")
      #expect(registered.confirmationSentTo == "buh@romashka.ru")

      let early = await bed.refusal {
        _ = try await bed.call(
          IdentityContract.signIn,
          SignInRequest(login: "vk123", password: "correct horse 1", rememberMe: false, device: "t"))
      }
      #expect(early?.code == .failedPrecondition)
      #expect(early?.reason == "NOT_CONFIRMED")

      let mail = try await bed.mail(to: "buh@romashka.ru")
      #expect(mail.subject == "Подтверждение регистрации")
      let code = try IdentityTestbed.field(after: "подтверждения регистрации: ", in: mail.text)
      #expect(code.count == 8)
      #expect(mail.text.contains("confirm?user_id=\(registered.userID)&code=\(code)"))

      let wrong = await bed.refusal {
        _ = try await bed.call(
          IdentityContract.confirmRegistration, ConfirmRegistrationRequest(userID: registered.userID, code: "AAAAAAAA"))
      }
      #expect(wrong?.reason == "CODE_INVALID")
      let confirmed = try await bed.call(
        IdentityContract.confirmRegistration, ConfirmRegistrationRequest(userID: registered.userID, code: code))
      #expect(confirmed.login == "vk123")
      // Single use.
      let again = await bed.refusal {
        _ = try await bed.call(
          IdentityContract.confirmRegistration, ConfirmRegistrationRequest(userID: registered.userID, code: code))
      }
      #expect(again?.reason == "ALREADY_CONFIRMED")

      let tokens = try await bed.call(
        IdentityContract.signIn,
        SignInRequest(login: "vk123", password: "correct horse 1", rememberMe: true, device: "t"))
      #expect(!tokens.accessToken.isEmpty && !tokens.refreshToken.isEmpty)
      // By e-mail as well.
      _ = try await bed.call(
        IdentityContract.signIn,
        SignInRequest(login: "BUH@romashka.ru", password: "correct horse 1", rememberMe: false, device: "t"))
      let me = try await bed.call(IdentityContract.myPermissions, MyPermissionsRequest(), token: tokens.accessToken)
      #expect(
        me.kind == "customer" && me.role == "owner" && me.permissions.contains(IdentityPermission.usersManage.name))
    }
  }

  @Test("several field problems come back together, each with its own reason")
  func fieldViolationsTogether() async throws {
    try await IdentityTestbed.with { bed in
      _ = try await bed.registerCompany(email: "first@example.com", contract: "555")
      let error = await bed.refusal {
        _ = try await bed.call(
          IdentityContract.registerCompany,
          RegisterCompanyRequest(
            companyName: "", email: "FIRST@example.com", taxID: "7707083894", contractNumber: "555",
            invoicesByEmail: false,
            password: "short", passwordConfirmation: "shorter", language: .english))
      }
      #expect(error?.code == .invalidArgument)
      #expect(error?.reason == "VALIDATION_FAILED")
      #expect(
        error?.violations == [
          "companyName": "REQUIRED", "taxID": "TAX_ID_INVALID", "password": "PASSWORD_TOO_SHORT",
          "passwordConfirmation": "PASSWORD_MISMATCH", "email": "EMAIL_TAKEN", "login": "LOGIN_TAKEN",
          "contractNumber": "CONTRACT_TAKEN",
        ])
    }
  }

  @Test("a code expires after too many wrong attempts; a new one can be sent, but not twice within the resend interval")
  func codeAttemptsAndResend() async throws {
    try await IdentityTestbed.with(["abonent.identity.codeAttempts": "3", "abonent.identity.resendInterval": "60s"]) {
      bed in
      let registered = try await bed.registerCompany(email: "c@example.com", contract: "777")
      let first = try IdentityTestbed.field(
        after: "подтверждения регистрации: ", in: try await bed.mail(to: "c@example.com").text)
      var reasons: [String?] = []
      for _ in 0..<3 {
        reasons.append(
          await bed.refusal {
            _ = try await bed.call(
              IdentityContract.confirmRegistration,
              ConfirmRegistrationRequest(userID: registered.userID, code: "zzzzzzzz"))
          }?.reason)
      }
      #expect(reasons == ["CODE_INVALID", "CODE_INVALID", "CODE_ATTEMPTS_EXHAUSTED"])
      // Even the right code no longer works.
      let exhausted = await bed.refusal {
        _ = try await bed.call(
          IdentityContract.confirmRegistration, ConfirmRegistrationRequest(userID: registered.userID, code: first))
      }
      #expect(exhausted?.reason == "CODE_ATTEMPTS_EXHAUSTED")
      let tooSoon = await bed.refusal {
        _ = try await bed.call(
          IdentityContract.resendConfirmation, ResendConfirmationRequest(userID: registered.userID))
      }
      #expect(tooSoon?.reason == "RESEND_TOO_SOON")
      bed.clock.advance(by: .seconds(61))
      _ = try await bed.call(IdentityContract.resendConfirmation, ResendConfirmationRequest(userID: registered.userID))
      let second = try IdentityTestbed.field(
        after: "подтверждения регистрации: ", in: try await bed.mail(to: "c@example.com", count: 2).text)
      #expect(second != first)
      _ = try await bed.call(
        IdentityContract.confirmRegistration, ConfirmRegistrationRequest(userID: registered.userID, code: second))
    }
  }
}
