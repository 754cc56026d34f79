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
  func createCustomer(_ request: CreateCustomerRequest, caller: Caller) async throws -> Customer {
    var details = request.details
    details.name = details.name.trimmingWhitespace
    details.contractNumber = details.contractNumber.trimmingWhitespace
    var checks = FieldChecks()
    if details.kind == .unspecified {
      checks.add("kind", "REQUIRED", "Say whether the customer is an individual or a legal entity.")
    }
    if details.country == .unspecified {
      checks.add("country", "REQUIRED", "The country is required (RU, KZ or other).")
    }
    checks.text(details.name, field: "name", name: "The name", maximum: 300)
    if details.kind == .legalEntity || !details.taxID.isEmpty {
      checks.taxID(details.taxID, country: details.country.taxCountry)
    }
    let phone = details.phone.trimmingWhitespace.isEmpty ? "" : PhoneNumber.e164(details.phone)
    if phone == nil {
      checks.add(
        "phone", "PHONE_INVALID",
        "'\(details.phone)' is not a phone number: give it with its country code (+7 495 000-00-00) or as dialled in Russia or Kazakhstan."
      )
    }
    checks.contractNumber(details.contractNumber)
    checks.text(
      details.mailingComment, field: "mailingComment", name: "The mailing comment", maximum: 1000, required: false)
    let organization: UUID? = details.organizationID.isEmpty ? nil : UUID(uuidString: details.organizationID)
    if !details.organizationID.isEmpty, organization == nil {
      checks.add("organizationID", "ORGANIZATION_ID_INVALID", "Not a UUID.")
    }
    try checks.nested(in: "details").check()
    try self.authorize(caller, organization: organization, with: BillingPermission.customersManage)

    let id = UUID()
    let created = self.now
    let record = details
    try await self.database.transaction { connection in
      try await connection.query(
        """
        INSERT INTO customers (id, kind, name, tax_id, contract_number, country, region, region_is_test, agent, manager, tags,
                               email, phone, phone_e164, excluded_from_mailings, mailing_comment, organization_id, created_at)
        VALUES (\(id), \(record.kind.column), \(record.name), \(record.taxID.nonEmpty), \(record.contractNumber),
                \(record.country.column), \(record.region), \(record.regionIsTest), \(record.agent), \(record.manager),
                \(record.tags), \(record.email), \(record.phone), \(phone ?? ""), \(record.excludedFromMailings), \(record.mailingComment),
                \(organization), \(created))
        """, logger: self.logger)
    }
    return Customer(id: id.uuidString.lowercased(), details: details, createdAt: created)
  }

  func getCustomer(_ request: GetCustomerRequest, caller: Caller) async throws -> Customer {
    let id = try parseID(request.customerID, notFound: .customerNotFound)
    let row = try await self.database.withConnection { connection in
      try await connection.query(
        "SELECT \(unescaped: CustomerRow.columns) FROM customers c WHERE c.id = \(id)", logger: self.logger
      ).decode(CustomerRow.Row.self).collect().first
    }
    try caller.require(BillingPermission.customersRead)
    guard let row else { throw BillingError.customerNotFound }
    let customer = CustomerRow(row)
    try self.authorize(
      caller, organization: customer.organizationID, with: BillingPermission.customersRead, notFound: .customerNotFound)
    return customer.message
  }

  /// Search: each filled criterion narrows the result; everything is a bound parameter, and
  /// the page size bounds every query.
  func searchCustomers(_ request: SearchCustomersRequest, caller: Caller) async throws -> SearchCustomersReply {
    let page = try Self.pages.page(of: request.page, by: Int64.self)
    let after = page.after ?? 0
    let organization = try self.scope(of: caller)
    let pattern = request.name.trimmingWhitespace.nonEmpty.map(NamePattern.like)
    let phone = request.phone.trimmingWhitespace.nonEmpty.map { PhoneNumber.e164($0) }
    if case .some(nil) = phone {
      throw ValidationFailure([
        FieldViolation(
          "phone", "PHONE_INVALID", "'\(request.phone)' is not a phone number in any spelling Billing reads.")
      ])
    }
    let rows = try await self.database.withConnection { connection in
      try await connection.query(
        """
        SELECT \(unescaped: CustomerRow.columns) FROM customers c
        WHERE c.seq > \(after)
          AND (\(organization)::uuid IS NULL OR c.organization_id = \(organization))
          AND (\(pattern)::text IS NULL OR c.name ILIKE \(pattern) ESCAPE '\\')
          AND (\(request.taxID.nonEmpty)::text IS NULL OR c.tax_id = \(request.taxID.nonEmpty))
          AND (\(request.contractNumber.nonEmpty)::text IS NULL OR c.contract_number = \(request.contractNumber.nonEmpty))
          AND (\(phone ?? nil)::text IS NULL OR c.phone_e164 = \(phone ?? nil))
          AND (\(request.accountNumber.nonEmpty)::text IS NULL
               OR EXISTS (SELECT 1 FROM accounts a WHERE a.customer_id = c.id AND a.number = \(request.accountNumber.nonEmpty)))
        ORDER BY c.seq LIMIT \(page.limit)
        """, logger: self.logger
      ).decode(CustomerRow.Row.self).collect().map(CustomerRow.init)
    }
    let (shown, next) = page.cut(rows) { $0.seq }
    let customers = shown.map(\.message)
    return SearchCustomersReply(customers: Array(customers), nextPageToken: next)
  }
}

/// Turns what an operator types into an ILIKE pattern: `%` stays a wildcard, while the other
/// LIKE metacharacters (`_` and the escape character `\`) match only themselves.
enum NamePattern {
  static func like(_ typed: String) -> String {
    var pattern = ""
    for character in typed {
      switch character {
      case "\\": pattern += "\\\\"
      case "_": pattern += "\\_"
      default: pattern.append(character)
      }
    }
    return pattern
  }
}

extension CustomerKind {
  var column: String { self == .individual ? "individual" : "legal_entity" }
  init(column: String) { self = column == "individual" ? .individual : .legalEntity }
}

extension Country {
  /// Whose tax-id rules apply to a customer of this country; `nil` (other countries): a tax id
  /// valid by either country's rules.
  var taxCountry: TaxID.Country? {
    switch self {
    case .russia: .russia
    case .kazakhstan: .kazakhstan
    case .other, .unspecified: nil
    }
  }

  var column: String {
    switch self {
    case .russia: "RU"
    case .kazakhstan: "KZ"
    case .other, .unspecified: "other"
    }
  }

  init(column: String) {
    switch column {
    case "RU": self = .russia
    case "KZ": self = .kazakhstan
    default: self = .other
    }
  }
}
