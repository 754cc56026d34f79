import BillingAPI
import IdentityAPI
import PostgresNIO
import RPC
import Storage
import WireCodec

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

extension Identity {
  static let recoveryAnswer = Acknowledgement(
    note:
      "If an active profile has this login or e-mail, a control string for a new password has been sent to its e-mail.")

  /// Sends a control string when the account exists; answers the same either way.
  func requestRecovery(_ request: RequestRecoveryRequest) async throws -> Acknowledgement {
    try await self.database.transaction { connection in
      guard let user = try await self.user(byLogin: request.login.trimmingWhitespace, on: connection, forUpdate: true),
        user.status == .active
      else { return }
      let control = try await self.issueCode(.recovery, for: user.id, on: connection)
      try await self.queueMail(
        .recovery(login: user.login, controlString: control), to: user.email, name: user.fullName,
        language: user.language, on: connection)
      try await self.audit("recovery_requested", user: user.id, on: connection)
    }
    return Self.recoveryAnswer
  }

  /// Sets a new password when tax id, account or contract, login and control string all match
  /// (a private person's profile has no tax id or contract: those two must be empty). One
  /// refusal for any mismatch, so the answer does not tell which detail was wrong. Ends every
  /// session of the account.
  func resetPassword(_ request: ResetPasswordRequest) async throws -> Acknowledgement {
    var checks = FieldChecks()
    checks.password(
      request.newPassword, confirmation: request.newPasswordConfirmation,
      minimumLength: self.settings.passwordMinLength,
      field: "newPassword", confirmationField: "newPasswordConfirmation")
    try checks.check()
    let passwordHash = try await self.hasher.hash(request.newPassword)
    let taxID = request.taxID.trimmingWhitespace
    let reference = request.accountOrContract.trimmingWhitespace
    // A company's details must still hold in Billing (a terminated contract cannot recover).
    var confirmed = true
    if !taxID.isEmpty, !reference.isEmpty, let check = self.customerCheck {
      confirmed = try await check.verify(taxID: taxID, reference: reference, linking: nil).holds
    }
    let billingConfirms = confirmed
    let outcome = try await self.database.transaction { connection -> Result<Void, IdentityError> in
      guard let user = try await self.user(byLogin: request.login.trimmingWhitespace, on: connection, forUpdate: true),
        user.status == .active, user.login.lowercased() == request.login.trimmingWhitespace.lowercased()
      else { return .failure(.recoveryRefused) }
      // Wrong details count as an attempt on the control string too, so guessing tax ids and
      // contracts is bounded like guessing the string itself. The reference may be the
      // contract or, when Billing confirmed it, one of the customer's personal accounts.
      let contractMatches = (user.contractNumber ?? "") == reference || (self.customerCheck != nil && !taxID.isEmpty)
      guard (user.taxID ?? "") == taxID, contractMatches, billingConfirms
      else {
        try await connection.query(
          """
          UPDATE user_codes SET attempts = attempts + 1
          WHERE user_id = \(user.id) AND purpose = 'recovery' AND used_at IS NULL AND expires_at > \(self.now)
          """, logger: self.logger)
        try await self.audit("recovery_refused", user: user.id, detail: "details do not match", on: connection)
        return .failure(.recoveryRefused)
      }
      guard case .success = try await self.redeemCode(.recovery, request.controlString, for: user.id, on: connection)
      else {
        try await self.audit("recovery_refused", user: user.id, detail: "control string", on: connection)
        return .failure(.recoveryRefused)
      }
      try await connection.query(
        """
        UPDATE users SET password_hash = \(passwordHash), failed_attempts = 0, locked_until = NULL WHERE id = \(user.id)
        """, logger: self.logger)
      try await self.revokeAllSessions(of: user.id, keeping: nil, reason: "password_reset", on: connection)
      try await self.audit("password_reset", user: user.id, on: connection)
      return .success(())
    }
    try outcome.get()
    return Acknowledgement(note: "The password was changed; sign in with the new one.")
  }

  /// Changes the caller's password and ends their other sessions.
  func changePassword(_ request: ChangePasswordRequest, caller: Caller) async throws -> Acknowledgement {
    let userID = try parseUserID(caller.userID)
    var checks = FieldChecks()
    checks.password(
      request.newPassword, confirmation: request.newPasswordConfirmation,
      minimumLength: self.settings.passwordMinLength,
      field: "newPassword", confirmationField: "newPasswordConfirmation")
    try checks.check()
    let passwordHash = try await self.hasher.hash(request.newPassword)
    try await self.database.transaction { connection in
      guard let user = try await self.user(byID: userID, on: connection, forUpdate: true),
        let stored = user.passwordHash
      else {
        throw IdentityError.notFound
      }
      guard await self.hasher.verify(request.currentPassword, against: stored) else {
        throw IdentityError.wrongPassword
      }
      try await connection.query(
        "UPDATE users SET password_hash = \(passwordHash) WHERE id = \(userID)", logger: self.logger)
      try await self.revokeAllSessions(
        of: userID, keeping: caller.sessionID.flatMap(UUID.init(uuidString:)), reason: "password_changed",
        on: connection)
      try await self.audit("password_changed", user: userID, on: connection)
    }
    return Acknowledgement(note: "The password was changed; your other sessions have ended.")
  }

  /// Sends a code to the new address; the e-mail changes only when it is confirmed.
  func requestEmailChange(_ request: RequestEmailChangeRequest, caller: Caller) async throws -> Acknowledgement {
    let userID = try parseUserID(caller.userID)
    let newEmail = request.newEmail.trimmingWhitespace
    var checks = FieldChecks()
    checks.email(newEmail, field: "newEmail")
    try checks.check()
    try await self.database.transaction { connection in
      guard let user = try await self.user(byID: userID, on: connection, forUpdate: true),
        let stored = user.passwordHash
      else {
        throw IdentityError.notFound
      }
      guard await self.hasher.verify(request.password, against: stored) else { throw IdentityError.wrongPassword }
      try await self.requireEmailFree(newEmail, field: "newEmail", on: connection)
      let code = try await self.issueCode(.emailChange, for: userID, newEmail: newEmail, on: connection)
      try await self.queueMail(
        .confirmEmailChange(userID: userID, code: code), to: newEmail, name: user.fullName, language: user.language,
        on: connection)
      try await self.audit("email_change_requested", user: userID, on: connection)
    }
    return Acknowledgement(note: "A code was sent to the new address; the e-mail changes once it is confirmed.")
  }

  func confirmEmailChange(_ request: ConfirmEmailChangeRequest) async throws -> Acknowledgement {
    let userID = try parseUserID(request.userID)
    let outcome = try await self.database.transaction { connection -> Result<Void, IdentityError> in
      guard let user = try await self.user(byID: userID, on: connection, forUpdate: true) else {
        return .failure(.notFound)
      }
      let redeemed = try await self.redeemCode(.emailChange, request.code, for: userID, on: connection)
      guard case .success(let newEmail?) = redeemed else { return .failure(redeemed.failure ?? .codeExpired) }
      try await self.requireEmailFree(newEmail, field: "newEmail", on: connection)
      // A private person signs in with the e-mail: the login follows it.
      let newLogin = user.login == user.email ? newEmail : user.login
      try await connection.query(
        "UPDATE users SET email = \(newEmail), login = \(newLogin) WHERE id = \(userID)", logger: self.logger)
      try await self.audit("email_changed", user: userID, detail: "\(user.email) -> \(newEmail)", on: connection)
      return .success(())
    }
    try outcome.get()
    return Acknowledgement(note: "The e-mail was changed.")
  }

  func requireEmailFree(_ email: String, field: String, on connection: PostgresConnection) async throws {
    let rows = try await connection.query(
      "SELECT EXISTS (SELECT 1 FROM users WHERE lower(email) = lower(\(email)) OR lower(login) = lower(\(email)))",
      logger: self.logger)
    if try await rows.one(Bool.self) == true {
      throw ValidationFailure([FieldViolation(field, "EMAIL_TAKEN", "A profile with this e-mail already exists.")])
    }
  }
}
