import BillingAPI
import ISPAPI
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
  /// Registers a Billing customer as a subscriber. Billing is asked first, outside any
  /// transaction, for the name and organization; a second call updates city and addresses and
  /// keeps the code.
  func registerCustomer(_ request: RegisterCustomerRequest, caller: Caller) async throws -> ISPCustomer {
    try caller.require(ISPPermission.plansCreate)
    var checks = FieldChecks()
    Self.checkCustomer(city: request.city, addresses: request.addresses, into: &checks)
    try checks.check()
    let id = try Self.uuid(request.customerID, field: "customerID", missing: ISPError.billingCustomerNotFound)
    guard
      let customer = try await self.askBilling({
        try await $0.call(
          BillingContract.getCustomer, GetCustomerRequest(customerID: request.customerID), idempotent: true)
      })
    else { throw ISPError.billingCustomerNotFound }
    return try await self.database.transaction { connection in
      let row = try await self.saveCustomer(
        id, name: customer.details.name, organization: UUID(uuidString: customer.details.organizationID),
        city: request.city, addresses: request.addresses, on: connection)
      return row.message
    }
  }

  static func checkCustomer(city: String, addresses: [PostalAddress], into checks: inout FieldChecks) {
    checks.text(city, field: "city", name: "The city", maximum: 100, required: false)
    if addresses.count > 10 { checks.add("addresses", "TOO_MANY", "At most 10 addresses.") }
    for (index, address) in addresses.prefix(10).enumerated() {
      AddressRecord.check(address, field: "addresses[\(index)]", into: &checks)
    }
  }

  /// Inserts or updates a subscriber; a new one takes the next customer code.
  func saveCustomer(
    _ id: UUID, name: String, organization: UUID?, city: String, addresses: [PostalAddress],
    on connection: PostgresConnection
  ) async throws -> CustomerRow {
    do {
      try await connection.query(
        """
        INSERT INTO isp_customers (customer_id, code, name, organization_id, city, addresses, created_at)
        SELECT \(id), nextval('isp_customer_codes'), \(name), \(organization), \(city), \(AddressRecord.json(addresses))::jsonb,
          \(self.now)
        WHERE NOT EXISTS (SELECT 1 FROM isp_customers WHERE customer_id = \(id))
        ON CONFLICT (customer_id) DO NOTHING
        """, logger: self.logger)
    } catch let error as PSQLError where error.serverInfo?[.sqlState] == "2200H" {
      throw ISPError.customerCodesExhausted
    }
    try await connection.query(
      """
      UPDATE isp_customers SET name = \(name), organization_id = \(organization), city = \(city),
        addresses = \(AddressRecord.json(addresses))::jsonb
      WHERE customer_id = \(id)
      """, logger: self.logger)
    guard let row = try await self.customer(id, on: connection) else { throw ISPError.customerNotFound }
    return row
  }

  func getCustomer(_ request: GetISPCustomerRequest, caller: Caller) async throws -> ISPCustomer {
    try caller.require(ISPPermission.plansRead)
    let id = try Self.uuid(request.customerID, field: "customerID", missing: ISPError.customerNotFound)
    return try await self.database.withConnection { connection in
      try await self.visibleCustomer(id, caller: caller, on: connection).message
    }
  }

  func customer(_ id: UUID, lock: Bool = false, on connection: PostgresConnection) async throws -> CustomerRow? {
    try await connection.query(
      """
      SELECT \(unescaped: CustomerRow.columns) FROM isp_customers c WHERE c.customer_id = \(id)
      \(unescaped: lock ? "FOR UPDATE" : "")
      """, logger: self.logger
    ).decode(CustomerRow.Row.self).collect().first.map(CustomerRow.init)
  }

  /// The customer, NOT_FOUND for customers of another organization (they do not learn it exists).
  func visibleCustomer(_ id: UUID, caller: Caller, lock: Bool = false, on connection: PostgresConnection)
    async throws -> CustomerRow
  {
    let organization = try caller.confinedOrganization()
    guard let row = try await self.customer(id, lock: lock, on: connection),
      organization == nil || row.organizationID == organization
    else { throw ISPError.customerNotFound }
    return row
  }
}
