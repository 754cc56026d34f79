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
  /// Whether a customer with this tax id holds this contract, or an account that is not
  /// closed. On a match the customer is linked to the given Identity organization if it has
  /// none yet; the reply names the organization it is linked to, so a registration retried
  /// after a failure reuses the first link. A mismatch says nothing more than "no".
  func verifyCustomerReference(_ request: VerifyCustomerReferenceRequest) async throws -> VerifyCustomerReferenceReply {
    let taxID = request.taxID.trimmingWhitespace
    let reference = request.reference.trimmingWhitespace
    var checks = FieldChecks()
    checks.text(taxID, field: "taxID", name: "The tax id", maximum: 32)
    checks.text(reference, field: "reference", name: "The contract or account number", maximum: 64)
    let link: UUID? = request.linkOrganizationID.isEmpty ? nil : UUID(uuidString: request.linkOrganizationID)
    if !request.linkOrganizationID.isEmpty, link == nil {
      checks.add("linkOrganizationID", "ORGANIZATION_ID_INVALID", "Not a UUID.")
    }
    try checks.check()
    return try await self.database.transaction { connection in
      let rows = try await connection.query(
        """
        SELECT c.id, c.organization_id FROM customers c
        WHERE c.tax_id = \(taxID)
          AND (c.contract_number = \(reference)
               OR EXISTS (SELECT 1 FROM accounts a WHERE a.customer_id = c.id AND a.number = \(reference) AND a.status <> 'closed'))
        ORDER BY c.seq LIMIT 1 FOR UPDATE OF c
        """, logger: self.logger
      ).decode((UUID, UUID?).self).collect()
      guard let (customerID, linked) = rows.first else { return VerifyCustomerReferenceReply(holds: false) }
      var organization = linked
      if organization == nil, let link {
        try await connection.query(
          "UPDATE customers SET organization_id = \(link) WHERE id = \(customerID)", logger: self.logger)
        organization = link
      }
      return VerifyCustomerReferenceReply(
        holds: true, customerID: customerID.uuidString.lowercased(),
        organizationID: organization?.uuidString.lowercased() ?? "")
    }
  }
}
