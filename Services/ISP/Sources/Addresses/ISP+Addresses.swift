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

/// Access points with their IP pools, and «Novo IP». Allocation holds the access point's row
/// lock, so concurrent allocations from one pool queue and each sees the others' addresses; the
/// unique index on (access point, address) backs that up.
extension ISP {
  func createAccessPoint(_ request: CreateAccessPointRequest, caller: Caller) async throws -> AccessPoint {
    try caller.require(ISPPermission.accessPointsManage)
    var checks = FieldChecks()
    checks.text(request.name, field: "name", name: "The name", maximum: 100)
    let network = IPv4Network(cidr: request.network)
    if network == nil || !(8...30).contains(network?.prefix ?? 0) {
      checks.add("network", "NETWORK_INVALID", "The pool is an IPv4 block a.b.c.d/n, n from 8 to 30, host bits zero.")
    }
    let gateway = IPv4Network.address(request.gateway)
    if let network, gateway.map({ !network.hosts.contains($0) }) ?? true {
      checks.add("gateway", "GATEWAY_INVALID", "The gateway is one of the pool's host addresses.")
    }
    if !request.nasAddress.isEmpty, NASAddress.parse(request.nasAddress) == nil {
      checks.add("nasAddress", "NAS_ADDRESS_INVALID", "The NAS is an IPv4 address and port, e.g. 192.0.2.1:3799.")
    }
    checks.text(
      request.nasSecret, field: "nasSecret", name: "The NAS secret", maximum: 128, required: !request.nasAddress.isEmpty
    )
    try checks.check()
    return try await self.database.transaction { connection in
      let id =
        try await connection.query(
          """
          INSERT INTO access_points (name, network, gateway, nas_address, nas_secret, created_at)
          VALUES (\(request.name), \(request.network)::cidr, \(request.gateway)::inet, \(request.nasAddress),
            \(request.nasSecret), \(self.now))
          RETURNING id
          """, logger: self.logger
        ).decode(Int64.self).collect().first ?? 0
      guard let point = try await self.accessPoint(id, on: connection) else { throw ISPError.accessPointNotFound }
      return point
    }
  }

  func listAccessPoints(_ request: ListAccessPointsRequest, caller: Caller) async throws -> ListAccessPointsReply {
    try caller.require(ISPPermission.plansRead)
    let page = try Self.pages.page(of: request.page, by: Int64.self)
    let rows = try await self.database.withConnection { connection in
      try await connection.query(
        """
        SELECT \(unescaped: Self.accessPointColumns) FROM access_points ap
        WHERE (\(page.after)::bigint IS NULL OR id > \(page.after)) ORDER BY id LIMIT \(page.limit)
        """, logger: self.logger
      ).decode(AccessPointRow.self).collect()
    }
    let (shown, next) = page.cut(rows) { $0.0 }
    return ListAccessPointsReply(accessPoints: shown.compactMap(Self.accessPoint), nextPageToken: next)
  }

  typealias AccessPointRow = (Int64, String, String, String, String, Int64)
  static let accessPointColumns = """
    id, name, network::text, host(gateway), nas_address,
    (SELECT count(*) FROM plan_addresses WHERE access_point_id = ap.id)
    """

  func accessPoint(_ id: Int64, lock: Bool = false, on connection: PostgresConnection) async throws -> AccessPoint? {
    try await connection.query(
      """
      SELECT \(unescaped: Self.accessPointColumns) FROM access_points ap WHERE id = \(id)
      \(unescaped: lock ? "FOR UPDATE" : "")
      """, logger: self.logger
    ).decode(AccessPointRow.self).collect().first.flatMap(Self.accessPoint)
  }

  static func accessPoint(_ row: AccessPointRow) -> AccessPoint? {
    guard let network = IPv4Network(cidr: row.2) else { return nil }
    let capacity = network.capacity(excluding: IPv4Network.address(row.3))
    return AccessPoint(
      id: row.0, name: row.1, network: row.2, gateway: row.3, mask: IPv4Network.text(network.mask), nasAddress: row.4,
      used: row.5, capacity: Int64(capacity))
  }

  /// «Novo IP». The next free address is the lowest host of the pool not given and not the
  /// gateway: the first host, or one just after a given address or the gateway.
  func assignAddress(_ request: AssignAddressRequest, caller: Caller) async throws -> AssignedAddress {
    try caller.require(ISPPermission.addressesManage)
    let portuguese = request.language == "pt"
    var checks = FieldChecks()
    let mac = request.mac.isEmpty ? nil : MACAddress(request.mac)
    if !request.mac.isEmpty, mac == nil {
      checks.add(
        "mac", "MAC_INVALID", portuguese ? MACAddress.invalidFormat : MACAddress.invalidFormatEnglish)
    }
    let wanted = request.address.isEmpty ? nil : IPv4Network.address(request.address)
    if !request.address.isEmpty, wanted == nil {
      checks.add("address", "ADDRESS_INVALID", "An address is a.b.c.d.")
    }
    Self.checkSpeed(request.downloadKbps, field: "downloadKbps", zeroAllowed: true, into: &checks)
    Self.checkSpeed(request.uploadKbps, field: "uploadKbps", zeroAllowed: true, into: &checks)
    if request.options.count > 20 { checks.add("options", "TOO_MANY", "At most 20 options.") }
    for (index, option) in request.options.prefix(20).enumerated() {
      checks.text(option, field: "options[\(index)]", name: "An option", maximum: 50)
    }
    try checks.check()
    let key: String
    if request.wpa2 {
      var random = SystemRandomNumberGenerator()
      key = RadiusLogin.wpa2Key(using: &random)
    } else {
      key = ""
    }
    let actor = caller.actor
    return try await self.database.transaction { connection in
      let plan = try await self.visiblePlan(request.planID, caller: caller, lock: true, on: connection)
      guard plan.status != .cancelled else { throw ISPError.plan(.cancelled) }
      guard let point = try await self.accessPoint(request.accessPointID, lock: true, on: connection),
        let network = IPv4Network(cidr: point.network)
      else { throw ISPError.accessPointNotFound }
      let address: String
      if let wanted {
        guard network.hosts.contains(wanted), IPv4Network.text(wanted) != point.gateway else {
          throw ValidationFailure([
            FieldViolation("address", "ADDRESS_OUTSIDE_POOL", "The address is not one the pool hands out.")
          ])
        }
        address = IPv4Network.text(wanted)
      } else {
        guard let next = try await self.nextFreeAddress(point, network: network, on: connection) else {
          throw ISPError.poolExhausted
        }
        address = next
      }
      let type = try await self.planType(plan.planType, on: connection)
      let download = request.downloadKbps > 0 ? request.downloadKbps : type?.downloadKbps ?? 1024
      let upload = request.uploadKbps > 0 ? request.uploadKbps : type?.uploadKbps ?? 1024
      let id = try await connection.query(
        """
        INSERT INTO plan_addresses (plan_id, access_point_id, address, secondary, mac, download_kbps, upload_kbps, options,
          wpa2_key, created_at)
        VALUES (\(plan.id), \(point.id), \(address)::inet, \(request.secondary), \(mac?.description)::macaddr, \(download),
          \(upload), \(request.options), \(key), \(self.now))
        ON CONFLICT (access_point_id, address) DO NOTHING RETURNING id
        """, logger: self.logger
      ).decode(Int64.self).collect().first
      guard let id else { throw ISPError.addressTaken }
      try await self.record(
        plan.id, "address_added",
        after: "\(address) (\(point.name))\(request.secondary ? " secondary" : "") mac=\(mac?.description ?? "")",
        actor: actor, on: connection)
      guard
        let assigned = try await self.assignedAddresses(plans: [plan.id], on: connection)[plan.id]?.first(where: {
          $0.id == id
        })
      else { throw ISPError.addressNotFound }
      return assigned
    }
  }

  /// The lowest free host of the pool, or nil when every one is given.
  func nextFreeAddress(_ point: AccessPoint, network: IPv4Network, on connection: PostgresConnection)
    async throws -> String?
  {
    let first = IPv4Network.text(network.hosts.lowerBound)
    let last = IPv4Network.text(network.hosts.upperBound)
    return try await connection.query(
      """
      SELECT host(candidate) FROM (
        SELECT \(first)::inet AS candidate
        UNION SELECT host(address + 1)::inet FROM plan_addresses WHERE access_point_id = \(point.id)
        UNION SELECT host(\(point.gateway)::inet + 1)::inet
      ) c
      WHERE candidate <= \(last)::inet AND candidate <> \(point.gateway)::inet
        AND NOT EXISTS (SELECT 1 FROM plan_addresses a WHERE a.access_point_id = \(point.id) AND a.address = c.candidate)
      ORDER BY candidate LIMIT 1
      """, logger: self.logger
    ).decode(String.self).collect().first
  }

  func releaseAddress(_ request: ReleaseAddressRequest, caller: Caller) async throws -> Plan {
    try caller.require(ISPPermission.addressesManage)
    try Self.checkReason(request.reason)
    let actor = caller.actor
    return try await self.database.transaction { connection in
      guard
        let row = try await connection.query(
          "SELECT plan_id, host(address) FROM plan_addresses WHERE id = \(request.addressID)", logger: self.logger
        ).decode((UUID, String).self).collect().first
      else { throw ISPError.addressNotFound }
      let plan = try await self.visiblePlan(row.0.uuidString, caller: caller, lock: true, on: connection)
      try await connection.query("DELETE FROM plan_addresses WHERE id = \(request.addressID)", logger: self.logger)
      try await self.record(
        plan.id, "address_released", before: row.1, reason: request.reason, actor: actor, on: connection)
      return try await self.freshPlan(plan.id, on: connection)
    }
  }

  /// The addresses of `plans`, by plan, in the order they were given.
  func assignedAddresses(plans: [UUID], on connection: PostgresConnection) async throws -> [UUID: [AssignedAddress]] {
    let rows = try await connection.query(
      """
      SELECT a.plan_id, a.id, a.access_point_id, host(a.address), host(netmask(ap.network)), host(ap.gateway), a.secondary,
        coalesce(upper(a.mac::text), ''), a.download_kbps, a.upload_kbps, a.options, a.wpa2_key
      FROM plan_addresses a JOIN access_points ap ON ap.id = a.access_point_id
      WHERE a.plan_id = ANY(\(plans)::uuid[]) ORDER BY a.id
      """, logger: self.logger
    ).decode((UUID, Int64, Int64, String, String, String, Bool, String, Int32, Int32, [String], String).self).collect()
    return Dictionary(grouping: rows, by: \.0).mapValues { rows in
      rows.map {
        AssignedAddress(
          id: $0.1, accessPointID: $0.2, address: $0.3, mask: $0.4, gateway: $0.5, secondary: $0.6, mac: $0.7,
          downloadKbps: $0.8, uploadKbps: $0.9, options: $0.10, wpa2Key: $0.11)
      }
    }
  }
}
