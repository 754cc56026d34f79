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

/// What a new profile is made of, once the request is checked.
struct NewProfile: Sendable {
  let organizationKind: UserRecord.OrganizationKind
  let organizationName: String
  let taxID: String?
  let contractNumber: String?
  let invoicesByEmail: Bool
  let login: String
  let email: String
  let fullName: String
  let language: String
  let password: String
}

extension Identity {
  func registerIndividual(_ request: RegisterIndividualRequest) async throws -> RegisterReply {
    var checks = FieldChecks()
    checks.email(request.email)
    checks.text(request.fullName, field: "fullName", name: "The full name")
    checks.password(
      request.password, confirmation: request.passwordConfirmation, minimumLength: self.settings.passwordMinLength)
    let email = request.email.trimmingWhitespace
    return try await self.register(
      NewProfile(
        organizationKind: .individual, organizationName: request.fullName.trimmingWhitespace, taxID: nil,
        contractNumber: nil,
        invoicesByEmail: false, login: email, email: email, fullName: request.fullName.trimmingWhitespace,
        language: request.language.code, password: request.password), checks: checks)
  }

  func registerCompany(_ request: RegisterCompanyRequest) async throws -> RegisterReply {
    var checks = FieldChecks()
    checks.text(request.companyName, field: "companyName", name: "The company name")
    checks.email(request.email)
    checks.taxID(request.taxID)
    checks.contractNumber(request.contractNumber)
    checks.password(
      request.password, confirmation: request.passwordConfirmation, minimumLength: self.settings.passwordMinLength)
    let contract = request.contractNumber.trimmingWhitespace
    return try await self.register(
      NewProfile(
        organizationKind: .company, organizationName: request.companyName.trimmingWhitespace, taxID: request.taxID,
        contractNumber: contract, invoicesByEmail: request.invoicesByEmail, login: self.settings.loginPrefix + contract,
        email: request.email.trimmingWhitespace, fullName: request.companyName.trimmingWhitespace,
        language: request.language.code, password: request.password), checks: checks)
  }

  /// Checks formats and uniqueness together (all problems in one answer), then creates the
  /// organization, the inactive owner and the confirmation code, and queues the e-mail — all in
  /// one transaction.
  func register(_ profile: NewProfile, checks formatChecks: FieldChecks) async throws -> RegisterReply {
    var checks = formatChecks
    try await self.addDuplicateViolations(profile, to: &checks)
    try checks.check()
    let organizationID = try await self.organizationID(verifying: profile)
    let passwordHash = try await self.hasher.hash(profile.password)
    let userID = UUID()
    // A registration that races another for the same e-mail, login or contract fails on the
    // unique index and gets the answer the checks above give (IdentityMigrations.uniqueViolations).
    try await self.database.transaction { connection in
      try await connection.query(
        """
        INSERT INTO organizations (id, kind, name, tax_id, contract_number, invoices_by_email, created_at)
        VALUES (\(organizationID), \(profile.organizationKind), \(profile.organizationName), \(profile.taxID), \(profile.contractNumber),
                \(profile.invoicesByEmail), \(self.now))
        """, logger: self.logger)
      try await connection.query(
        """
        INSERT INTO users (id, organization_id, role, login, email, full_name, language, password_hash, status, created_at)
        VALUES (\(userID), \(organizationID), 'owner', \(profile.login), \(profile.email), \(profile.fullName), \(profile.language),
                \(passwordHash), 'pending', \(self.now))
        """, logger: self.logger)
      let code = try await self.issueCode(.confirm, for: userID, on: connection)
      try await self.queueMail(
        .confirmRegistration(userID: userID, code: code, login: profile.login), to: profile.email,
        name: profile.fullName,
        language: profile.language, on: connection)
      try await self.audit("registered", user: userID, detail: profile.organizationKind.rawValue, on: connection)
    }
    return RegisterReply(
      userID: userID.uuidString.lowercased(), login: profile.login, confirmationSentTo: profile.email)
  }

  /// The id the new organization gets. A company must be a Billing customer: Billing confirms
  /// that its tax id holds the contract and links the customer to this organization (or
  /// names the organization it was linked to by an earlier, unfinished registration).
  func organizationID(verifying profile: NewProfile) async throws -> UUID {
    let proposed = UUID()
    guard profile.organizationKind == .company, let check = self.customerCheck, let taxID = profile.taxID,
      let contract = profile.contractNumber
    else { return proposed }
    let answer = try await check.verify(taxID: taxID, reference: contract, linking: proposed)
    guard answer.holds else {
      var refusal = FieldChecks()
      refusal.add(
        "contractNumber", "CUSTOMER_UNKNOWN",
        "No customer with this tax id holds this contract; check both against your contract.")
      try refusal.check()
      return proposed
    }
    return UUID(uuidString: answer.organizationID) ?? proposed
  }

  func addDuplicateViolations(_ profile: NewProfile, to checks: inout FieldChecks) async throws {
    let taken = try await self.database.withConnection { connection in
      let rows = try await connection.query(
        """
        SELECT
          EXISTS (SELECT 1 FROM users WHERE lower(email) = lower(\(profile.email))),
          EXISTS (SELECT 1 FROM users WHERE lower(login) = lower(\(profile.login)) OR lower(email) = lower(\(profile.login))),
          EXISTS (SELECT 1 FROM organizations WHERE contract_number = \(profile.contractNumber))
        """, logger: self.logger)
      return try await rows.one((Bool, Bool, Bool).self) ?? (false, false, false)
    }
    if taken.0 {
      checks.add("email", "EMAIL_TAKEN", "A profile with this e-mail already exists; sign in or recover the password.")
    }
    if taken.1 && profile.login != profile.email {
      checks.add("login", "LOGIN_TAKEN", "The login \(profile.login) is already taken.")
    }
    if taken.2 { checks.add("contractNumber", "CONTRACT_TAKEN", "This contract number is already registered.") }
  }

  func confirmRegistration(_ request: ConfirmRegistrationRequest) async throws -> ConfirmRegistrationReply {
    let userID = try parseUserID(request.userID)
    let outcome = try await self.database.transaction { connection -> Result<String, IdentityError> in
      guard let user = try await self.user(byID: userID, on: connection, forUpdate: true) else {
        return .failure(.notFound)
      }
      guard user.status == .pending else { return .failure(user.status == .active ? .alreadyConfirmed : .notFound) }
      if let refusal = try await self.redeemCode(.confirm, request.code, for: userID, on: connection).failure {
        return .failure(refusal)
      }
      try await connection.query(
        "UPDATE users SET status = 'active', confirmed_at = \(self.now) WHERE id = \(userID)", logger: self.logger)
      try await self.audit("registration_confirmed", user: userID, on: connection)
      if user.organizationKind == .company, let contract = user.contractNumber {
        try await self.publishCompanyConfirmed(user, contract: contract, on: connection)
      }
      return .success(user.login)
    }
    return ConfirmRegistrationReply(login: try outcome.get())
  }

  /// identity.company.confirmed, in the confirmation's transaction: services that keep the
  /// company's contract (Utilities) learn its organization and its notice preference.
  func publishCompanyConfirmed(_ user: UserRecord, contract: String, on connection: PostgresConnection) async throws {
    let organization = try await connection.query(
      "SELECT name, invoices_by_email FROM organizations WHERE id = \(user.organizationID)", logger: self.logger
    ).decode((String, Bool).self).collect().first
    let event = CompanyConfirmedEvent(
      organizationID: user.organizationID.uuidString.lowercased(), contractNumber: contract, taxID: user.taxID ?? "",
      email: user.email, invoicesByEmail: organization?.1 ?? false, companyName: organization?.0 ?? "")
    try await EventOutbox.append(
      [OutboxEvent(IdentityEvents.companyConfirmed, key: contract, message: event)], on: connection, at: self.now,
      logger: self.logger)
  }

  func resendConfirmation(_ request: ResendConfirmationRequest) async throws -> Acknowledgement {
    let userID = try parseUserID(request.userID)
    try await self.database.transaction { connection in
      guard let user = try await self.user(byID: userID, on: connection, forUpdate: true) else {
        throw IdentityError.notFound
      }
      guard user.status == .pending else {
        throw user.status == .active ? IdentityError.alreadyConfirmed : IdentityError.notFound
      }
      if let wait = try await self.secondsUntilResend(for: userID, on: connection) {
        throw IdentityError.resendTooSoon(seconds: wait)
      }
      let code = try await self.issueCode(.confirm, for: userID, on: connection)
      try await self.queueMail(
        .confirmRegistration(userID: userID, code: code, login: user.login), to: user.email, name: user.fullName,
        language: user.language, on: connection)
    }
    return Acknowledgement(note: "A new confirmation code was sent.")
  }
}

extension Result {
  var failure: Failure? {
    if case .failure(let error) = self { return error }
    return nil
  }
}
