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

/// A customers row, as selected by ``columns``.
struct CustomerRow {
  static let columns = """
    c.id, c.kind, c.name, c.tax_id, c.contract_number, c.country, c.region, c.region_is_test, c.agent, c.manager, c.tags,
    c.email, c.phone, c.excluded_from_mailings, c.mailing_comment, c.organization_id, c.created_at, c.seq
    """
  typealias Row = (
    UUID, String, String, String?, String, String, String, Bool, String, String, [String], String, String, Bool, String,
    UUID?,
    UTCTimestamp, Int64
  )

  let id: UUID
  let seq: Int64
  let organizationID: UUID?
  let message: Customer

  init(_ row: Row) {
    let (
      id, kind, name, taxID, contract, country, region, regionIsTest, agent, manager, tags, email, phone, excluded,
      comment, organization, created, seq
    ) = row
    self.seq = seq
    self.id = id
    self.organizationID = organization
    let details = CustomerDetails(
      kind: CustomerKind(column: kind), name: name, taxID: taxID ?? "", contractNumber: contract,
      country: Country(column: country),
      region: region, regionIsTest: regionIsTest, agent: agent, manager: manager, tags: tags, email: email,
      phone: phone,
      excludedFromMailings: excluded, mailingComment: comment,
      organizationID: organization?.uuidString.lowercased() ?? "")
    self.message = Customer(id: id.uuidString.lowercased(), details: details, createdAt: created)
  }
}
