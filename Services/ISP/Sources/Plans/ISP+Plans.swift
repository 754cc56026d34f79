import BillingAPI
import ISPAPI
import ISPRules
import PostgresNIO
import RPC
import Storage
import WireCodec

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

extension ISP {
  // MARK: Plan types

  func setPlanType(_ request: PlanType, caller: Caller) async throws -> PlanType {
    try caller.require(ISPPermission.catalogueManage)
    var checks = FieldChecks()
    if !(1...40).contains(request.code.utf8.count)
      || !request.code.utf8.allSatisfy({
        (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x2D || $0 == 0x5F
      })
    {
      checks.add("code", "CODE_INVALID", "A code is 1–40 of a–z, 0–9, - and _.")
    }
    checks.text(request.name, field: "name", name: "The name", maximum: 100)
    let value = PlanMoney.minor(request.value)
    if value == nil { checks.add("value", "AMOUNT_INVALID", "A value is 0–100,000,000 with at most 2 decimals.") }
    if request.currency.utf8.count != 3 || !request.currency.utf8.allSatisfy({ (0x41...0x5A).contains($0) }) {
      checks.add("currency", "CURRENCY_INVALID", "A currency is three capital letters, e.g. BRL.")
    }
    Self.checkSpeed(request.downloadKbps, field: "downloadKbps", zeroAllowed: false, into: &checks)
    Self.checkSpeed(request.uploadKbps, field: "uploadKbps", zeroAllowed: false, into: &checks)
    if !(0...100_000).contains(request.franchiseGB) {
      checks.add("franchiseGB", "OUT_OF_RANGE", "The franchise is 0–100000 GB.")
    }
    try checks.check()
    return try await self.database.transaction { connection in
      try await connection.query(
        """
        INSERT INTO plan_types (code, name, value_minor, currency, download_kbps, upload_kbps, franchise_gb)
        VALUES (\(request.code), \(request.name), \(value ?? 0), \(request.currency), \(request.downloadKbps),
          \(request.uploadKbps), \(request.franchiseGB))
        ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, value_minor = EXCLUDED.value_minor,
          currency = EXCLUDED.currency, download_kbps = EXCLUDED.download_kbps, upload_kbps = EXCLUDED.upload_kbps,
          franchise_gb = EXCLUDED.franchise_gb
        """, logger: self.logger)
      guard let type = try await self.planType(request.code, on: connection) else { throw ISPError.planTypeNotFound }
      return type
    }
  }

  static func checkSpeed(_ kbps: Int32, field: String, zeroAllowed: Bool, into checks: inout FieldChecks) {
    if !((zeroAllowed ? 0 : 1)...100_000_000).contains(kbps) {
      checks.add(field, "OUT_OF_RANGE", "A speed is 1–100000000 kbit/s.")
    }
  }

  func planType(_ code: String, on connection: PostgresConnection) async throws -> PlanType? {
    try await connection.query(
      """
      SELECT code, name, value_minor, currency, download_kbps, upload_kbps, franchise_gb FROM plan_types
      WHERE code = \(code)
      """, logger: self.logger
    ).decode((String, String, Int64, String, Int32, Int32, Int32).self).collect().first.map(Self.planTypeMessage)
  }

  static func planTypeMessage(_ row: (String, String, Int64, String, Int32, Int32, Int32)) -> PlanType {
    PlanType(
      code: row.0, name: row.1, value: PlanMoney.decimal(row.2), currency: row.3, downloadKbps: row.4,
      uploadKbps: row.5, franchiseGB: row.6)
  }

  func listPlanTypes(_ request: ListPlanTypesRequest, caller: Caller) async throws -> ListPlanTypesReply {
    try caller.require(ISPPermission.plansRead)
    let page = try Self.pages.page(of: request.page, by: String.self)
    let rows = try await self.database.withConnection { connection in
      try await connection.query(
        """
        SELECT code, name, value_minor, currency, download_kbps, upload_kbps, franchise_gb FROM plan_types
        WHERE (\(page.after)::text IS NULL OR code > \(page.after)) ORDER BY code LIMIT \(page.limit)
        """, logger: self.logger
      ).decode((String, String, Int64, String, Int32, Int32, Int32).self).collect()
    }
    let (shown, next) = page.cut(rows) { $0.0 }
    return ListPlanTypesReply(planTypes: shown.map(Self.planTypeMessage), nextPageToken: next)
  }

  // MARK: Plans

  /// «Adicionar Plano». Billing is asked, outside any transaction, whether the account is the
  /// customer's and in the plan type's currency; the plan, its first login and its history row
  /// are then written together.
  func addPlan(_ request: AddPlanRequest, caller: Caller) async throws -> Plan {
    try caller.require(ISPPermission.plansCreate)
    var checks = FieldChecks()
    checks.text(request.accountNumber, field: "accountNumber", name: "The account number", maximum: 32)
    checks.text(request.planType, field: "planType", name: "The plan type", maximum: 40)
    checks.text(request.reference, field: "reference", name: "The reference", maximum: 100, required: false)
    for (field, address) in [
      ("installationAddress", request.installationAddress), ("billingAddress", request.billingAddress),
      ("fiscalAddress", request.fiscalAddress),
    ] {
      if let address { AddressRecord.check(address, field: field, into: &checks) }
    }
    if !(0...100_000).contains(request.franchiseGB) {
      checks.add("franchiseGB", "OUT_OF_RANGE", "The franchise is 0–100000 GB.")
    }
    let value = PlanMoney.minor(request.value)
    if value == nil { checks.add("value", "AMOUNT_INVALID", "A value is 0–100,000,000 with at most 2 decimals.") }
    let terms = PlanTerms(
      contract: request.contract, billing: request.billing, portuguese: request.language == "pt", checks: &checks)
    if request.login.isEmpty, self.settings.loginRequired {
      checks.add("login", "LOGIN_REQUIRED", "A RADIUS login is required with every plan here.")
    }
    if !request.login.isEmpty { self.checkLogin(request.login, password: request.password, into: &checks) }
    try checks.check()
    if let value, value > 0 { try caller.require(ISPPermission.planValuesEdit) }
    if terms.penaltyMinor > 0 { try caller.require(ISPPermission.penaltiesEdit) }
    if PlanComposition(lines: terms.adjustments).hasDiscount { try caller.require(ISPPermission.discountsGrant) }
    let customerID = try Self.uuid(request.customerID, field: "customerID", missing: ISPError.customerNotFound)
    _ = try await self.database.withConnection { try await self.visibleCustomer(customerID, caller: caller, on: $0) }
    let account = try await self.billingAccount(request.accountNumber, of: customerID)
    let password = request.password.isEmpty ? Self.generatedPassword() : request.password
    let actor = caller.actor
    let id = UUID()
    return try await self.database.transaction { connection in
      let customer = try await self.visibleCustomer(customerID, caller: caller, lock: true, on: connection)
      guard customer.active else { throw ISPError.customerInactive }
      guard let type = try await self.planType(request.planType, on: connection) else {
        throw ISPError.planTypeNotFound
      }
      guard type.currency == account.currency else { throw ISPError.currencyMismatch }
      let number = try await self.nextPlanNumber(customerID, on: connection)
      try await connection.query(
        """
        INSERT INTO plans (id, number, customer_id, account_number, plan_type, value_minor, currency, reference,
          installation_address, billing_address, fiscal_address, franchise_gb, first_activation_on, contract_starts_on,
          contract_ends_on, contract_template, penalty_minor, payment_method, due_day, last_closing_on, adjustments,
          status, status_since, created_at)
        VALUES (\(id), \(number), \(customerID), \(account.number), \(type.code),
          \(value.flatMap { $0 > 0 ? $0 : nil } ?? PlanMoney.minor(type.value) ?? 0), \(type.currency), \(request.reference),
          \(AddressRecord.json(request.installationAddress))::jsonb, \(AddressRecord.json(request.billingAddress))::jsonb,
          \(AddressRecord.json(request.fiscalAddress))::jsonb, \(request.franchiseGB > 0 ? request.franchiseGB : type.franchiseGB),
          \(self.today), \(request.contract.startsOn ?? self.today), \(request.contract.endsOn), \(request.contract.template),
          \(terms.penaltyMinor), \(request.billing.paymentMethod), \(request.billing.dueDay), \(request.billing.lastClosingOn),
          \(PlanRow.adjustmentsJSON(terms.adjustments))::jsonb, 'active', \(self.today), \(self.now))
        """, logger: self.logger)
      guard let row = try await self.planRow(id, on: connection) else { throw ISPError.planNotFound }
      try await self.record(id, "added", after: row.summary, actor: actor, on: connection)
      try await self.publish(row, "added", actor: actor, on: connection)
      if !request.login.isEmpty {
        try await self.insertLogin(request.login, password: password, plan: id, actor: actor, on: connection)
      }
      return try await self.planMessage(row, on: connection)
    }
  }

  /// A LIKE pattern matching what begins with `text` in any case (its `%`, `_` and `\\` taken
  /// literally).
  static func likePrefix(_ text: String) -> String {
    var pattern = ""
    for character in text.uppercased() {
      if character == "%" || character == "_" || character == "\\" { pattern.append("\\") }
      pattern.append(character)
    }
    return pattern + "%"
  }

  /// The customer's next plan number, 1–999.
  func nextPlanNumber(_ customer: UUID, on connection: PostgresConnection) async throws -> Int32 {
    let number =
      try await connection.query(
        """
        UPDATE isp_customers SET next_plan_number = next_plan_number + 1
        WHERE customer_id = \(customer) AND next_plan_number <= 999 RETURNING next_plan_number - 1
        """, logger: self.logger
      ).decode(Int32.self).collect().first
    guard let number else { throw ISPError.planNumbersExhausted }
    return number
  }

  /// Billing's account `number`, refused unless it is `customer`'s.
  func billingAccount(_ number: String, of customer: UUID) async throws -> Account {
    guard
      let account = try await self.askBilling({
        try await $0.call(
          BillingContract.getAccount, GetAccountRequest(accountID: "", number: number), idempotent: true)
      }), UUID(uuidString: account.customerID) == customer
    else { throw ISPError.billingAccountNotFound }
    return account
  }

  func getPlan(_ request: GetPlanRequest, caller: Caller) async throws -> Plan {
    try caller.require(ISPPermission.plansRead)
    return try await self.database.withConnection { connection in
      try await self.planMessage(
        try await self.visiblePlan(request.planID, caller: caller, on: connection), on: connection)
    }
  }

  /// Plans by customer, circuit (its beginning, any case) and status, oldest first.
  func listPlans(_ request: ListPlansRequest, caller: Caller) async throws -> ListPlansReply {
    try caller.require(ISPPermission.plansRead)
    let page = try Self.pages.page(of: request.page, by: PageKeyPair<UTCTimestamp, UUID>.self)
    var checks = FieldChecks()
    checks.text(request.circuit, field: "circuit", name: "The circuit", maximum: 40, required: false)
    try checks.check()
    let customer = request.customerID.isEmpty ? nil : UUID(uuidString: request.customerID)
    if !request.customerID.isEmpty, customer == nil { return ListPlansReply(plans: [], nextPageToken: "") }
    let organization = try caller.confinedOrganization()
    let status = PlanLife.State(request.status)?.rawValue
    let circuit = request.circuit.isEmpty ? nil : Self.likePrefix(request.circuit)
    return try await self.database.withConnection { connection in
      let rows = try await connection.query(
        """
        SELECT \(unescaped: PlanRow.columns) FROM plans p JOIN isp_customers c ON c.customer_id = p.customer_id
        WHERE p.deleted_at IS NULL AND (\(customer)::uuid IS NULL OR p.customer_id = \(customer))
          AND (\(organization)::uuid IS NULL OR c.organization_id = \(organization))
          AND (\(status)::text IS NULL OR p.status = \(status))
          AND (\(circuit)::text IS NULL OR upper(p.circuit) LIKE \(circuit))
          AND (\(page.after?.first)::timestamptz IS NULL OR (p.created_at, p.id) > (\(page.after?.first), \(page.after?.second)))
        ORDER BY p.created_at, p.id LIMIT \(page.limit)
        """, logger: self.logger
      ).decode(PlanRow.Row.self).collect().map(PlanRow.init)
      let (shown, next) = page.cut(rows) { PageKeyPair($0.createdAt, $0.id) }
      return ListPlansReply(plans: try await self.planMessages(Array(shown), on: connection), nextPageToken: next)
    }
  }
}
