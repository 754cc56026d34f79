import BillingAPI
import PostgresNIO
import RPC
import Storage
import WireCodec

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

extension Billing {
  func openAccount(_ request: OpenAccountRequest, caller: Caller) async throws -> Account {
    let customerID = try parseID(request.customerID, notFound: .customerNotFound)
    var checks = FieldChecks()
    let currency = checks.currency(request.currency)
    let (creditLimit, critical) = checks.paymentTerms(
      request.paymentMode, creditLimit: request.creditLimit, criticalBalance: request.criticalBalance,
      currency: currency,
      limits: self.settings.amountLimits)
    let number = request.number.trimmingWhitespace
    if !number.isEmpty, number.count > 32 || !number.allSatisfy({ $0.isNumber || $0.isLetter || $0 == "-" }) {
      checks.add("number", "ACCOUNT_NUMBER_INVALID", "An account number is 1–32 letters, digits or '-'.")
    }
    try checks.check()

    let id = UUID()
    let (limit, threshold) = (creditLimit, critical)
    return try await self.database.transaction { connection in
      let owner = try await connection.query(
        "SELECT organization_id FROM customers WHERE id = \(customerID)", logger: self.logger
      ).decode(UUID?.self).collect()
      guard let organization = owner.first else { throw BillingError.customerNotFound }
      try self.authorize(
        caller, organization: organization, with: BillingPermission.accountsManage, notFound: .customerNotFound)
      try await connection.query(
        """
        INSERT INTO accounts (id, number, customer_id, currency, payment_mode, credit_limit_minor, critical_balance_minor, created_at,
                              postpaid_since)
        VALUES (\(id), COALESCE(\(number.nonEmpty), nextval('account_numbers')::text), \(customerID), \(currency),
                \(request.paymentMode.column), \(limit), \(threshold), \(self.now), \(request.paymentMode == .postpaid ? self.today : nil))
        """, logger: self.logger)
      guard let opened = try await self.account(.id(id), on: connection) else { throw BillingError.accountNotFound }
      return opened.message
    }
  }

  func getAccount(_ request: GetAccountRequest, caller: Caller) async throws -> Account {
    let account = try await self.database.withConnection { connection in
      try await self.account(
        request.accountID.isEmpty ? .number(request.number) : .id(UUID(uuidString: request.accountID)), on: connection)
    }
    return try self.visible(account, to: caller, with: BillingPermission.accountsRead).message
  }

  func listAccounts(_ request: ListAccountsRequest, caller: Caller) async throws -> ListAccountsReply {
    let customerID = try parseID(request.customerID, notFound: .customerNotFound)
    let page = try Self.pages.page(of: request.page, by: Int64.self)
    let after = page.after ?? 0
    let rows = try await self.database.withConnection { connection in
      // Another organization's customer is not found, as GetCustomer says.
      let owner = try await connection.query(
        "SELECT organization_id FROM customers WHERE id = \(customerID)", logger: self.logger
      )
      .decode(UUID?.self).collect()
      guard let customerOrganization = owner.first else { throw BillingError.customerNotFound }
      try self.authorize(
        caller, organization: customerOrganization, with: BillingPermission.accountsRead, notFound: .customerNotFound)
      return try await connection.query(
        """
        SELECT \(unescaped: AccountRow.columns) FROM accounts a JOIN customers c ON c.id = a.customer_id
        WHERE a.customer_id = \(customerID) AND a.seq > \(after)
        ORDER BY a.seq LIMIT \(page.limit)
        """, logger: self.logger
      ).decode(AccountRow.Row.self).collect().map(AccountRow.init)
    }
    let (shown, next) = page.cut(rows) { $0.seq }
    return ListAccountsReply(accounts: shown.map(\.message), nextPageToken: next)
  }

  /// One account (by id or number) with its customer's organization; `forUpdate` locks the
  /// account row until the transaction ends, which serializes postings to one account.
  func account(_ key: AccountKey, forUpdate: Bool = false, on connection: PostgresConnection) async throws
    -> AccountRow?
  {
    let lock = forUpdate ? " FOR UPDATE OF a" : ""
    let rows: PostgresRowSequence
    switch key {
    case .id(let id):
      rows = try await connection.query(
        "SELECT \(unescaped: AccountRow.columns) FROM accounts a JOIN customers c ON c.id = a.customer_id WHERE a.id = \(id)\(unescaped: lock)",
        logger: self.logger)
    case .number(let number):
      rows = try await connection.query(
        "SELECT \(unescaped: AccountRow.columns) FROM accounts a JOIN customers c ON c.id = a.customer_id WHERE a.number = \(number)\(unescaped: lock)",
        logger: self.logger)
    }
    return try await rows.decode(AccountRow.Row.self).collect().first.map(AccountRow.init)
  }

  /// `account` if `caller` may see it with `permission`; customers learn nothing about
  /// accounts of other organizations, not even that they exist.
  func visible(_ account: AccountRow?, to caller: Caller, with permission: Permission) throws -> AccountRow {
    try self.visible(account, organization: \.organizationID, notFound: .accountNotFound, to: caller, with: permission)
  }

  /// `record` if `caller` may see it with `permission`. A missing record is `notFound`, and so
  /// is another organization's for a customer (``authorize(_:organization:with:notFound:)``).
  func visible<Record>(
    _ record: Record?, organization: (Record) -> UUID?, notFound: BillingError, to caller: Caller,
    with permission: Permission
  ) throws -> Record {
    try caller.require(permission)
    guard let record else { throw notFound }
    try self.authorize(caller, organization: organization(record), with: permission, notFound: notFound)
    return record
  }
}

/// How a request names an account.
enum AccountKey: Sendable {
  case id(UUID?)
  case number(String)
}
