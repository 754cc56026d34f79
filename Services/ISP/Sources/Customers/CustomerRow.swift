import ISPAPI
import RPC
import WireCodec

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// An address as the `jsonb` columns keep it.
struct AddressRecord: Codable, Equatable {
  var street, district, city, state, postalCode: String

  init(_ address: PostalAddress) {
    self.street = address.street
    self.district = address.district
    self.city = address.city
    self.state = address.state
    self.postalCode = address.postalCode
  }

  var message: PostalAddress {
    PostalAddress(
      street: self.street, district: self.district, city: self.city, state: self.state, postalCode: self.postalCode)
  }

  var summary: String {
    [self.street, self.district, self.city, self.state, self.postalCode].filter { !$0.isEmpty }.joined(separator: ", ")
  }

  static func json(_ addresses: [PostalAddress]) -> String {
    let data = (try? JSONEncoder().encode(addresses.map(AddressRecord.init))) ?? Data("[]".utf8)
    return String(decoding: data, as: UTF8.self)
  }

  static func json(_ address: PostalAddress?) -> String? {
    guard let address else { return nil }
    let data = (try? JSONEncoder().encode(AddressRecord(address))) ?? Data("{}".utf8)
    return String(decoding: data, as: UTF8.self)
  }

  static func list(_ json: String) -> [AddressRecord] {
    (try? JSONDecoder().decode([AddressRecord].self, from: Data(json.utf8))) ?? []
  }

  static func one(_ json: String?) -> AddressRecord? {
    json.flatMap { try? JSONDecoder().decode(AddressRecord.self, from: Data($0.utf8)) }
  }

  /// Field checks of addresses a caller sends.
  static func check(_ address: PostalAddress, field: String, into checks: inout FieldChecks) {
    checks.text(address.street, field: "\(field).street", name: "The street", maximum: 200, required: false)
    checks.text(address.district, field: "\(field).district", name: "The district", maximum: 100, required: false)
    checks.text(address.city, field: "\(field).city", name: "The city", maximum: 100, required: false)
    checks.text(address.state, field: "\(field).state", name: "The state", maximum: 50, required: false)
    checks.text(address.postalCode, field: "\(field).postalCode", name: "The postal code", maximum: 20, required: false)
  }
}

/// A row of `isp_customers`.
struct CustomerRow {
  static let columns =
    "c.customer_id, c.code, c.name, c.city, c.addresses::text, c.active, c.created_at, c.organization_id"
  typealias Row = (UUID, Int32, String, String, String, Bool, UTCTimestamp, UUID?)

  let id: UUID
  let code: Int32
  let name: String
  let city: String
  let addresses: [AddressRecord]
  let active: Bool
  let createdAt: UTCTimestamp
  let organizationID: UUID?

  init(_ row: Row) {
    (self.id, self.code, self.name, self.city) = (row.0, row.1, row.2, row.3)
    self.addresses = AddressRecord.list(row.4)
    (self.active, self.createdAt, self.organizationID) = (row.5, row.6, row.7)
  }

  /// «PADRÃO-INSTALAÇÃO»: the first address.
  var installationDefault: AddressRecord? { self.addresses.first }
  /// «PADRÃO» billing and fiscal: the second address, else the first.
  var billingDefault: AddressRecord? { self.addresses.count > 1 ? self.addresses[1] : self.addresses.first }

  var message: ISPCustomer {
    ISPCustomer(
      customerID: self.id.uuidString.lowercased(), code: self.code, name: self.name, city: self.city,
      addresses: self.addresses.map(\.message), active: self.active, createdAt: self.createdAt)
  }
}
