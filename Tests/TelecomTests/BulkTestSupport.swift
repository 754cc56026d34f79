import Foundation
import Logging
import PostgresNIO
import RPC
import Storage
import TelecomAPI
import TestSupport
import Testing

/// What the bulk operation tests share: importing and assigning many SIMs over any running
/// Telecom, following a bulk operation, and reading the register's and the database's own
/// records to prove each SIM was operated once.
enum BulkTestSupport {
  /// Imports `serials` (TC for even, TD for odd) in files of at most 10,000 lines.
  static func importSims(_ serials: ClosedRange<Int>, into server: some RunningServer) async throws -> [String] {
    for start in stride(from: serials.lowerBound, through: serials.upperBound, by: 10_000) {
      let part = start...min(serials.upperBound, start + 9_999)
      let lines = part.map {
        "\(TelecomTestbed.iccid($0)),\(TelecomTestbed.msisdn($0)),\(TelecomTestbed.imsi($0)),\($0 % 2 == 0 ? "TC" : "TD")"
      }
      let reply = try await server.call(
        TelecomContract.importSims, ImportSimsRequest(csv: lines.joined(separator: "\n"), apn: ""),
        token: try await TelecomTestbed.staffToken(),
        timeout: .seconds(1200))
      #expect(reply.errors.isEmpty, "\(reply.errors.prefix(5))")
    }
    return serials.map(TelecomTestbed.iccid)
  }

  /// Puts `iccids` on `account` of `organization`, 1,000 at a time (AssignSims's bound).
  static func assign(_ iccids: [String], account: String, organization: String, on server: some RunningServer)
    async throws
  {
    // A token per call: a run of 10,000 SIMs outlasts one token's ten minutes.
    for start in stride(from: 0, to: iccids.count, by: 1000) {
      _ = try await server.call(
        TelecomContract.assignSims,
        AssignSimsRequest(
          iccids: Array(iccids[start..<min(iccids.count, start + 1000)]), accountNumber: account,
          customerName: "ООО «\(account)»", organizationID: organization),
        token: try await TelecomTestbed.staffToken(), timeout: .seconds(1200))
    }
  }

  /// Follows a bulk operation until it has ended, returning the progress seen on the way
  /// (each poll's done + failed + refused + cancelled).
  static func waitUntilEnded(
    _ id: String, on server: some RunningServer, token: String, limit: Duration = .seconds(120)
  ) async throws -> (BulkOperation, [UInt64]) {
    var seen: [UInt64] = []
    let deadline = ContinuousClock.now + limit
    while true {
      let bulk = try await server.call(TelecomContract.getBulkOperation, GetBulkOperationRequest(id: id), token: token)
      seen.append(bulk.done + bulk.failed + bulk.refused + bulk.cancelled)
      if [.finished, .cancelled, .failed].contains(bulk.state) { return (bulk, seen) }
      try #require(ContinuousClock.now < deadline, "the bulk operation did not end: \(bulk)")
      try await Task.sleep(for: .milliseconds(50))
    }
  }

  /// Every item of a bulk operation, page by page.
  static func items(
    _ id: String, statuses: [BulkItemStatus] = [], on server: some RunningServer, token: String, pageSize: UInt32 = 1000
  ) async throws -> [BulkOperationItem] {
    var items: [BulkOperationItem] = []
    var next = ""
    repeat {
      let page = try await server.call(
        TelecomContract.listBulkOperationItems,
        ListBulkOperationItemsRequest(id: id, statuses: statuses, page: PageRequest(size: pageSize, token: next)),
        token: token)
      items += page.items
      next = page.nextPageToken
    } while !next.isEmpty
    return items
  }

  /// Each IMSI osmo-hlr holds, with whether it may use the network (CS or PS access on), read
  /// from the HLR's own database file in one go.
  static func hlrAccess(_ hlr: PrivateOsmoHLR) async throws -> [String: Bool] {
    let output = FileManager.default.temporaryDirectory.appendingPathComponent("hlr-\(UUID().uuidString).txt")
    _ = FileManager.default.createFile(atPath: output.path, contents: nil)
    defer { try? FileManager.default.removeItem(at: output) }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [
      "sqlite3", "-readonly", "-separator", "|", hlr.databasePath, "SELECT imsi, nam_cs, nam_ps FROM subscriber",
    ]
    process.standardOutput = try FileHandle(forWritingTo: output)
    try process.run()
    // Poll rather than waitUntilExit(), which would hold one of the few pool threads.
    while process.isRunning { try await Task.sleep(for: .milliseconds(10)) }
    try #require(process.terminationStatus == 0, "sqlite3 could not read \(hlr.databasePath)")
    var access: [String: Bool] = [:]
    for line in try String(contentsOf: output, encoding: .utf8).split(separator: "\n") {
      let fields = line.split(separator: "|", omittingEmptySubsequences: false)
      guard fields.count == 3 else { continue }
      access[String(fields[0])] = fields[1] == "1" || fields[2] == "1"
    }
    return access
  }

  /// For the bulk operation's items: how many ended done with a done `sim_operations` row of
  /// their own id and `kind`, and how many operations of `kind` each of `iccids` has in all.
  static func operations(task: String, kind: String, iccids: [String], database settings: DatabaseSettings)
    async throws -> (linked: Int64, perSim: [String: Int64])
  {
    let id = try #require(UUID(uuidString: task))
    return try await TestDatabase.running(settings) { database in
      try await database.withConnection { connection in
        let linked =
          try await connection.query(
            """
            SELECT count(*) FROM bulk_operation_items i JOIN sim_operations o ON o.id = i.operation_id
            WHERE i.task_id = \(id) AND o.kind = \(kind) AND o.status = 'done' AND i.status = 'done'
            """, logger: database.logger
          ).decode(Int64.self).collect().first ?? 0
        var perSim: [String: Int64] = [:]
        for (iccid, count) in try await connection.query(
          """
          SELECT iccid, count(*) FROM sim_operations WHERE kind = \(kind) AND iccid = ANY(\(iccids)) GROUP BY iccid
          """, logger: database.logger
        ).decode((String, Int64).self).collect() {
          perSim[iccid] = count
        }
        return (linked, perSim)
      }
    }
  }
}
