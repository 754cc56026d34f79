import PostgresNIO
import RPC
import Storage
import TelecomAPI
import TelecomRules
import WireCodec

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// Reading SIMs and running the cabinet's operations on one (docs/telecom.md, "SIM cards").
extension Telecom {
  func getSim(_ request: GetSimRequest, caller: Caller) async throws -> Sim {
    let sim = try await self.database.withConnection { connection in
      try await self.sim(iccid: request.iccid, forUpdate: false, on: connection)
    }
    guard let sim else { throw TelecomError.simNotFound }
    try self.authorize(caller, sim: sim, with: TelecomPermission.simsRead)
    return sim.message
  }

  /// The operations that take nothing but the SIM and a comment (BlockSim, UnblockSim,
  /// RebootSim, RefreshSim, RetireSim), each under its permission.
  func act(_ operation: SimOperation, _ request: SimActionRequest, caller: Caller) async throws -> SimOperationReply {
    let permission =
      switch operation {
      case .block, .unblock: TelecomPermission.simsBlock
      case .retire, .assign: TelecomPermission.simsManage
      default: TelecomPermission.simsOperate
      }
    return try await self.run(
      operation, iccid: request.iccid, caller: caller, permission: permission, comment: request.comment)
  }

  func edit(_ request: EditSimRequest, caller: Caller) async throws -> SimOperationReply {
    var checks = FieldChecks()
    checks.text(request.name, field: "name", name: "The name", maximum: 200, required: false)
    if request.groups.count > 20 { checks.add("groups", "COUNT", "A SIM has at most 20 groups.") }
    for (index, group) in request.groups.enumerated() {
      checks.text(group, field: "groups[\(index)]", name: "A group's name", maximum: 100)
    }
    try checks.check()
    let groups = Array(Set(request.groups.map(\.trimmingWhitespace))).sorted()
    return try await self.run(
      .edit, iccid: request.iccid, caller: caller, permission: TelecomPermission.simsOperate, comment: request.comment,
      values: OperationValues(
        name: request.name.trimmingWhitespace, groups: groups,
        detail: "name: \(request.name.trimmingWhitespace); groups: \(groups.joined(separator: ", "))"))
  }

  /// The most a cap may be: a petabyte of data, a spend of 10^12 with 4 decimals.
  static let maximumDataMegabytes: Int64 = 1_073_741_824
  static let maximumSpend = ExactDecimal(units: 1_000_000_000_000, scale: 0)

  func setLimits(_ request: SetSimLimitsRequest, caller: Caller) async throws -> SimOperationReply {
    var checks = FieldChecks()
    if !(0...Self.maximumDataMegabytes).contains(request.limits.dataMegabytes) {
      checks.add("limits.dataMegabytes", "OUT_OF_RANGE", "The data cap is 0 to \(Self.maximumDataMegabytes) MB.")
    }
    let spend = request.limits.spend
    if spend < .zero || Self.maximumSpend < spend || spend.scale > 4 {
      checks.add("limits.spend", "OUT_OF_RANGE", "The spend cap is 0 to 10^12 with at most 4 decimals.")
    }
    try checks.check()
    return try await self.run(
      .setLimit, iccid: request.iccid, caller: caller, permission: TelecomPermission.simsOperate,
      comment: request.comment,
      values: OperationValues(
        limitDataMegabytes: request.limits.dataMegabytes, limitSpend: spend.description,
        detail: "limits: \(request.limits.dataMegabytes) MB, spend \(spend)"))
  }

  func setPackage(_ request: SetSimPackageRequest, caller: Caller) async throws -> SimOperationReply {
    var checks = FieldChecks()
    checks.text(request.package, field: "package", name: "The package code", maximum: 64, required: false)
    try checks.check()
    return try await self.run(
      .setPackage, iccid: request.iccid, caller: caller, permission: TelecomPermission.simsOperate,
      comment: request.comment,
      values: OperationValues(package: request.package, detail: "package: \(request.package)"))
  }

  func getOperation(_ request: GetSimOperationRequest, caller: Caller) async throws -> SimOperationRecord {
    guard let id = UUID(uuidString: request.id) else { throw TelecomError.operationNotFound }
    let record = try await self.database.withConnection { connection in
      try await self.operation(id: id, on: connection)
    }
    // Visible exactly when its SIM is.
    _ = try await self.getSim(GetSimRequest(iccid: record.iccid), caller: caller)
    return record
  }

  func listOperations(_ request: ListSimOperationsRequest, caller: Caller) async throws -> ListSimOperationsReply {
    _ = try await self.getSim(GetSimRequest(iccid: request.iccid), caller: caller)
    let page = try Self.pages.page(of: request.page, by: Int64.self)
    let rows = try await self.database.withConnection { connection in
      try await connection.query(
        """
        SELECT \(unescaped: Self.operationColumns) FROM sim_operations o
        WHERE o.iccid = \(request.iccid) AND (\(page.after)::bigint IS NULL OR o.seq < \(page.after))
        ORDER BY o.seq DESC LIMIT \(page.limit)
        """, logger: self.logger
      ).decode(OperationRow.self).collect()
    }
    let (shown, next) = page.cut(rows) { $0.12 }
    return ListSimOperationsReply(operations: shown.map(Self.record), nextPageToken: next)
  }

  /// The operations the caller's permissions allow, in the cabinet's order, each with the
  /// SIMs it would run on and why the others would be refused.
  func availableOperations(_ request: AvailableSimOperationsRequest, caller: Caller) async throws
    -> AvailableSimOperationsReply
  {
    try caller.require(TelecomPermission.simsRead)
    guard (1...Self.maximumSelection).contains(request.iccids.count) else {
      throw ValidationFailure([FieldViolation("iccids", "COUNT", "Name 1 to \(Self.maximumSelection) SIMs.")])
    }
    let organization = try self.scope(of: caller)
    let sims = try await self.database.withConnection { connection in
      try await connection.query(
        "SELECT \(unescaped: SimRow.columns) FROM sims s WHERE s.iccid = ANY(\(request.iccids)) ORDER BY s.iccid",
        logger: self.logger
      ).decode(SimRow.Row.self).collect().map(SimRow.init)
    }.filter { organization == nil || $0.organizationID == organization }
    let buttons: [(SimOperation, Permission)] = [
      (.block, TelecomPermission.simsBlock), (.unblock, TelecomPermission.simsBlock),
      (.reboot, TelecomPermission.simsOperate), (.edit, TelecomPermission.simsOperate),
      (.setLimit, TelecomPermission.simsOperate), (.setPackage, TelecomPermission.simsOperate),
      (.refresh, TelecomPermission.simsOperate), (.assign, TelecomPermission.simsManage),
      (.retire, TelecomPermission.simsManage),
    ]
    let known = Set(sims.map(\.iccid))
    let missing = Set(request.iccids).subtracting(known).sorted().map {
      SimRefusalNote(iccid: $0, reason: TelecomError.simNotFound.reason)
    }
    return AvailableSimOperationsReply(
      operations: buttons.filter { caller.has($0.1) }.map { operation, _ in
        var availability = SimOperationAvailability(kind: operation.wire, allowed: 0, refused: missing)
        for sim in sims {
          switch SimLifecycle.apply(operation, to: sim.status) {
          case .success: availability.allowed += 1
          case .failure(let refusal):
            availability.refused.append(SimRefusalNote(iccid: sim.iccid, reason: refusal.reason))
          }
        }
        return availability
      })
  }
}
