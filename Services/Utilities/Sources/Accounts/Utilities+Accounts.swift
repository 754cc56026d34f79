import BillingAPI
import PostgresNIO
import RPC
import Storage
import UtilitiesAPI
import WireCodec

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// A personal account row with its contract.
struct AccountRow: Sendable {
  static let columns = """
    a.number, c.number, c.payer, a.tariff_group, a.water_recipient, a.sewer_recipient, a.created_at, c.organization_id,
    c.customer_id
    """
  typealias Row = (String, String, String, Int32, String, String, UTCTimestamp, UUID?, UUID)

  let message: UtilityAccount
  let organizationID: UUID?
  let customerID: UUID

  init(_ row: Row) {
    self.message = UtilityAccount(
      number: row.0, contractNumber: row.1, payer: row.2, tariffGroup: row.3, waterRecipient: row.4,
      sewerRecipient: row.5, createdAt: row.6)
    self.organizationID = row.7
    self.customerID = row.8
  }
}

extension Utilities {
  /// Opens a personal account on a Billing account. Billing, not the caller, says whose account
  /// it is: its customer becomes the contract (number, payer, organization). Repeating it with
  /// the same number answers the account as it is.
  func createAccount(_ request: CreateAccountRequest, caller: Caller) async throws -> UtilityAccount {
    try caller.require(UtilitiesPermission.accountsManage)
    var checks = FieldChecks()
    checks.text(request.accountNumber, field: "accountNumber", name: "The account number", maximum: 32)
    if !(1...999).contains(request.tariffGroup) {
      checks.add("tariffGroup", "OUT_OF_RANGE", "The tariff group is 1–999.")
    }
    checks.text(request.waterRecipient, field: "waterRecipient", name: "The water recipient", maximum: 200)
    checks.text(request.sewerRecipient, field: "sewerRecipient", name: "The sewerage recipient", maximum: 200)
    try checks.check()
    if let existing = try await self.database.withConnection({ try await self.account(request.accountNumber, on: $0) })
    {
      return existing.message
    }
    // Billing is asked before any transaction opens.
    guard
      let account = try await self.askBilling({
        try await $0.call(
          BillingContract.getAccount, GetAccountRequest(accountID: "", number: request.accountNumber), idempotent: true)
      })
    else { throw UtilitiesError.billingAccountNotFound }
    guard account.currency == "KZT" else { throw UtilitiesError.currencyNotKZT }
    guard
      let customer = try await self.askBilling({
        try await $0.call(
          BillingContract.getCustomer, GetCustomerRequest(customerID: account.customerID), idempotent: true)
      })
    else { throw UtilitiesError.billingAccountNotFound }
    guard !customer.details.contractNumber.isEmpty, let customerID = UUID(uuidString: customer.id) else {
      throw UtilitiesError.contractNumberMissing
    }
    let actor = caller.actor
    return try await self.database.transaction { connection in
      try await connection.query(
        """
        INSERT INTO utility_contracts (customer_id, number, payer, organization_id, created_at)
        VALUES (\(customerID), \(customer.details.contractNumber), \(customer.details.name),
          \(UUID(uuidString: customer.details.organizationID)), \(self.now))
        ON CONFLICT (customer_id) DO UPDATE SET payer = EXCLUDED.payer, organization_id = EXCLUDED.organization_id
        """, logger: self.logger)
      try await connection.query(
        """
        INSERT INTO utility_accounts (number, customer_id, tariff_group, water_recipient, sewer_recipient, created_by, created_at)
        VALUES (\(account.number), \(customerID), \(request.tariffGroup), \(request.waterRecipient),
          \(request.sewerRecipient), \(actor), \(self.now))
        ON CONFLICT (number) DO NOTHING
        """, logger: self.logger)
      try await self.applyConfirmation(contract: customer.details.contractNumber, on: connection)
      guard let row = try await self.account(account.number, on: connection) else {
        throw UtilitiesError.accountNotFound
      }
      return row.message
    }
  }

  func listAccounts(_ request: ListUtilityAccountsRequest, caller: Caller) async throws -> ListUtilityAccountsReply {
    try caller.require(UtilitiesPermission.metersRead)
    let page = try Self.pages.page(of: request.page, by: String.self)
    let organization = try caller.confinedOrganization()
    let contract = request.contractNumber.isEmpty ? nil : request.contractNumber
    let rows = try await self.database.withConnection { connection in
      try await connection.query(
        """
        SELECT \(unescaped: AccountRow.columns) FROM utility_accounts a JOIN utility_contracts c ON c.customer_id = a.customer_id
        WHERE (\(contract)::text IS NULL OR c.number = \(contract))
          AND (\(organization)::uuid IS NULL OR c.organization_id = \(organization))
          AND (\(page.after)::text IS NULL OR a.number > \(page.after))
        ORDER BY a.number LIMIT \(page.limit)
        """, logger: self.logger
      ).decode(AccountRow.Row.self).collect()
    }
    let (shown, next) = page.cut(rows) { $0.0 }
    return ListUtilityAccountsReply(accounts: shown.map { AccountRow($0).message }, nextPageToken: next)
  }

  func account(_ number: String, on connection: PostgresConnection) async throws -> AccountRow? {
    try await connection.query(
      """
      SELECT \(unescaped: AccountRow.columns) FROM utility_accounts a JOIN utility_contracts c ON c.customer_id = a.customer_id
      WHERE a.number = \(number)
      """, logger: self.logger
    ).decode(AccountRow.Row.self).collect().first.map(AccountRow.init)
  }

  /// The account `number` as `caller` may see it: another organization's is NOT_FOUND, so
  /// account numbers cannot be probed.
  func visibleAccount(_ number: String, caller: Caller, on connection: PostgresConnection) async throws -> AccountRow {
    guard let account = try await self.account(number, on: connection) else { throw UtilitiesError.accountNotFound }
    if let organization = try caller.confinedOrganization(), account.organizationID != organization {
      throw UtilitiesError.accountNotFound
    }
    return account
  }

  /// A contract as `caller` may see it; a customer's own when `number` is empty.
  func visibleContract(_ number: String, caller: Caller, on connection: PostgresConnection) async throws -> ContractRow
  {
    let organization = try caller.confinedOrganization()
    let key = number.isEmpty ? nil : number
    if key == nil && organization == nil {
      var checks = FieldChecks()
      checks.add("contractNumber", "REQUIRED", "Name the contract.")
      try checks.check()
    }
    let rows = try await connection.query(
      """
      SELECT customer_id, number, payer, notice_enabled, notice_email, notice_changed_by, notice_changed_at
      FROM utility_contracts
      WHERE (\(key)::text IS NULL OR number = \(key)) AND (\(organization)::uuid IS NULL OR organization_id = \(organization))
      ORDER BY number LIMIT 1
      """, logger: self.logger
    ).decode((UUID, String, String, Bool, String, String, UTCTimestamp?).self).collect()
    guard let row = rows.first else { throw UtilitiesError.contractNotFound }
    return ContractRow(
      customerID: row.0, number: row.1, payer: row.2, noticeEnabled: row.3, noticeEmail: row.4, noticeChangedBy: row.5,
      noticeChangedAt: row.6)
  }
}

struct ContractRow: Sendable {
  let customerID: UUID
  let number: String
  let payer: String
  let noticeEnabled: Bool
  let noticeEmail: String
  let noticeChangedBy: String
  let noticeChangedAt: UTCTimestamp?
}
