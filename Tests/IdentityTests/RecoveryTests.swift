import GRPCCore
import IdentityAPI
import RPC
import Storage
import TestSupport
import Testing

@Suite(
  "Password recovery",
  .enabled(
    if: TestDatabase.isAvailable && SMTPSink.isAvailable,
    "needs the test PostgreSQL and aiosmtpd (scripts/test.sh provides both)"))
struct RecoveryTests {
  func reset(
    _ bed: IdentityTestbed, taxID: String = "971240001315", contract: String = "KZ-42", control: String,
    password: String = "brand new pass"
  ) async -> RPCError? {
    await bed.refusal {
      _ = try await bed.call(
        IdentityContract.resetPassword,
        ResetPasswordRequest(
          taxID: taxID, accountOrContract: contract, login: "vkKZ-42", controlString: control, newPassword: password,
          newPasswordConfirmation: password))
    }
  }

  @Test(
    "wrong tax id or contract is refused; the right details change the password; the same control string again is refused"
  )
  func resetFlow() async throws {
    try await IdentityTestbed.with { bed in
      _ = try await bed.registeredCompany(
        email: "kz@example.kz", taxID: "971240001315", contract: "KZ-42", password: "first password")
      // The same answer for an account that does not exist.
      let unknown = try await bed.call(IdentityContract.requestRecovery, RequestRecoveryRequest(login: "vk-nobody"))
      let known = try await bed.call(IdentityContract.requestRecovery, RequestRecoveryRequest(login: "vkKZ-42"))
      #expect(unknown == known)
      let mail = try await bed.mail(to: "kz@example.kz", count: 2)
      let control = try IdentityTestbed.field(after: "Контрольная строка: ", in: mail.text)
      #expect(control.count == 40)

      #expect(await self.reset(bed, taxID: "940140000385", control: control)?.reason == "RECOVERY_REFUSED")
      #expect(await self.reset(bed, contract: "KZ-43", control: control)?.reason == "RECOVERY_REFUSED")
      #expect(await self.reset(bed, control: String(repeating: "0", count: 40))?.reason == "RECOVERY_REFUSED")
      let mismatch = await bed.refusal {
        _ = try await bed.call(
          IdentityContract.resetPassword,
          ResetPasswordRequest(
            taxID: "971240001315", accountOrContract: "KZ-42", login: "vkKZ-42", controlString: control,
            newPassword: "brand new pass",
            newPasswordConfirmation: "other"))
      }
      #expect(mismatch?.violations == ["newPasswordConfirmation": "PASSWORD_MISMATCH"])

      #expect(
        await bed.refusal {
          _ = try await bed.call(IdentityContract.signIn, SignInRequest(login: "vkKZ-42", password: "brand new pass"))
        }?.reason
          == "INVALID_CREDENTIALS")
      let success = try await bed.call(
        IdentityContract.resetPassword,
        ResetPasswordRequest(
          taxID: "971240001315", accountOrContract: "KZ-42", login: "vkKZ-42", controlString: control,
          newPassword: "brand new pass",
          newPasswordConfirmation: "brand new pass"))
      #expect(!success.note.isEmpty)
      _ = try await bed.call(IdentityContract.signIn, SignInRequest(login: "vkKZ-42", password: "brand new pass"))
      #expect(await self.reset(bed, control: control, password: "third password")?.reason == "RECOVERY_REFUSED")
    }
  }

  @Test("an expired control string is refused")
  func expired() async throws {
    try await IdentityTestbed.with { bed in
      _ = try await bed.registeredCompany(
        email: "kz@example.kz", taxID: "971240001315", contract: "KZ-42", password: "first password")
      _ = try await bed.call(IdentityContract.requestRecovery, RequestRecoveryRequest(login: "kz@example.kz"))
      let control = try IdentityTestbed.field(
        after: "Контрольная строка: ", in: try await bed.mail(to: "kz@example.kz", count: 2).text)
      bed.clock.advance(by: .seconds(3601))
      #expect(await self.reset(bed, control: control)?.reason == "RECOVERY_REFUSED")
    }
  }
}
