import GRPCCore
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

/// What an operation sets besides the state (NULL in the row: left as it is).
struct OperationValues: Sendable {
  var name: String?
  var groups: [String]?
  var limitDataMegabytes: Int64?
  var limitSpend: String?
  var package: String?
  var accountNumber: String?
  var customerName: String?
  var organizationID: UUID?
  /// What changed, for the history.
  var detail = ""
}

extension Telecom {
  /// The job that carries out a recorded operation: a debt operation the feed consumer
  /// recorded, or one a replica left pending (it died between recording the operation and
  /// recording the network's answer).
  static let operationRecoveryJob = "telecom.sim-operation"

  /// Runs `operation` on one SIM: the lifecycle decides (a refusal changes nothing), the
  /// operation is recorded pending in one transaction, the network is asked outside any
  /// transaction with the operation's id, and the outcome is recorded in another. Operations
  /// the network has no part in are recorded done at once.
  func run(
    _ operation: SimOperation, iccid: String, caller: Caller, permission: Permission, comment: String,
    values: OperationValues = OperationValues()
  ) async throws -> SimOperationReply {
    try Self.checkComment(comment)
    let id = UUID()
    let (sim, step) = try await self.database.transaction { connection -> (SimRow, NetworkStep) in
      guard let sim = try await self.sim(iccid: iccid, forUpdate: true, on: connection) else {
        throw TelecomError.simNotFound
      }
      try self.authorize(caller, sim: sim, with: permission)
      let step = try await self.begin(
        id, operation, on: sim, values: values, actor: caller.actor, comment: comment, on: connection
      ).mapError(TelecomError.refused).get()
      return (sim, step)
    }
    if step != .none {
      try await self.callNetwork(id, step: step, sim: sim, values: values)
    }
    return try await self.database.transaction { connection in
      let record = try await self.operation(id: id, on: connection)
      if record.status == .failed {
        throw TelecomError(
          code: record.reason == "NETWORK_UNAVAILABLE" ? .unavailable : .failedPrecondition,
          reason: record.reason, message: record.message)
      }
      guard let after = try await self.sim(iccid: iccid, forUpdate: false, on: connection) else {
        throw TelecomError.simNotFound
      }
      return SimOperationReply(operation: record, sim: after.message)
    }
  }

  /// Who asks the network for an operation that `begin` recorded.
  enum NetworkCaller {
    /// The caller, right after the transaction; the recovery job only if it has not answered
    /// within `operationRecoveryAfter` (a replica that died mid-call).
    case caller
    /// The operation job, due at once: operations recorded inside another's transaction
    /// (debt from Billing's feed, a quota reached as usage is stored).
    case job
    /// The bulk operation's chunk job, which is its items' recovery: no job of their own.
    case bulk
  }

  /// The first step of an operation, in the caller's transaction with the SIM locked: the
  /// lifecycle decides (a refusal writes nothing), then the operation is recorded pending
  /// with what the SIM becomes, and its job queued as `caller` says. An operation the network
  /// has no part in is recorded done at once (`.none`). Single, bulk (docs/telecom.md, "Bulk
  /// operations"), debt and quota operations all start here.
  func begin(
    _ id: UUID, _ operation: SimOperation, on sim: SimRow, values: OperationValues, actor: String, comment: String,
    networkCaller: NetworkCaller = .caller, on connection: PostgresConnection
  ) async throws -> Result<NetworkStep, SimRefusal> {
    let transition: SimTransition
    switch SimLifecycle.apply(operation, to: sim.status) {
    case .success(let allowed): transition = allowed
    case .failure(let refusal): return .failure(refusal)
    }
    let step = NetworkStep(transition.network)
    try await self.record(
      id: id, operation, on: sim, to: transition.after, step: step, values: values, actor: actor, comment: comment,
      on: connection)
    if step == .none {
      try await self.finish(id, presence: nil, on: connection)
    } else if networkCaller != .bulk {
      let runAt = networkCaller == .job ? self.now : self.now.adding(self.settings.operationRecoveryAfter)
      try await JobQueue.enqueue(
        JobRequest(kind: Self.operationRecoveryJob, key: id.uuidString, runAt: runAt), on: connection,
        logger: self.logger)
    }
    return .success(step)
  }

  /// Asks the network, then records the outcome (if the operation is still pending: the
  /// recovery job may have finished it meanwhile).
  func callNetwork(_ id: UUID, step: NetworkStep, sim: SimRow, values: OperationValues) async throws {
    let outcome = await self.askNetwork(id, step: step, sim: sim, values: values)
    try await self.database.transaction { connection in
      try await self.recordOutcome(id, outcome, on: connection)
    }
  }

  /// The network call of an operation, outside any transaction, with the operation's id.
  func askNetwork(_ id: UUID, step: NetworkStep, sim: SimRow, values: OperationValues) async
    -> Result<NetworkPresence?, NetworkError>
  {
    var network = MobileNetwork.Values()
    if step == .limit {
      network.limit = SimLimit(
        dataBytes: values.limitDataMegabytes.flatMap { $0 == 0 ? nil : $0 * 1_048_576 }, spendMinor: nil)
    }
    if step == .package { network.package = values.package.flatMap { $0.isEmpty ? nil : $0 } }
    do {
      return .success(try await self.network.perform(step, imsi: sim.imsi, values: network, operation: id))
    } catch {
      return .failure(error)
    }
  }

  /// What the network answered, in the caller's transaction: the operation done (the SIM takes
  /// its values) or failed (the SIM stays as it was); nothing if it has ended already.
  func recordOutcome(_ id: UUID, _ outcome: Result<NetworkPresence?, NetworkError>, on connection: PostgresConnection)
    async throws
  {
    try await connection.query(
      "UPDATE sim_operations SET attempts = attempts + 1 WHERE id = \(id)", logger: self.logger)
    switch outcome {
    case .success(let presence): try await self.finish(id, presence: presence, on: connection)
    case .failure(let error): try await self.fail(id, error, on: connection)
    }
  }

  /// The recovery job: an operation still pending is asked of the network again, same id.
  func recover(_ job: LeasedJob) async throws {
    guard let id = UUID(uuidString: job.job.key) else { return }
    let pending = try await self.database.transaction { connection in
      try await self.pendingOperation(id, on: connection)
    }
    guard let (sim, step, values) = pending else { return }
    // Debt operations always come this way; others only when their replica died mid-call.
    self.logger.info(
      "carrying out a recorded SIM operation", metadata: ["operation": "\(id)", "iccid": "\(sim.iccid)"])
    try await self.callNetwork(id, step: step, sim: sim, values: values)
  }

  /// Operation `id` if it is still pending: its SIM, what the network is to do, and the
  /// values the network needs (a retry sends the same).
  func pendingOperation(_ id: UUID, on connection: PostgresConnection) async throws
    -> (SimRow, NetworkStep, OperationValues)?
  {
    let rows = try await connection.query(
      """
      SELECT o.iccid, o.network_action, o.new_limit_data_mb, o.new_package FROM sim_operations o
      WHERE o.id = \(id) AND o.status = 'pending'
      """, logger: self.logger
    ).decode((String, String, Int64?, String?).self).collect()
    guard let row = rows.first, let step = NetworkStep(column: row.1),
      let sim = try await self.sim(iccid: row.0, forUpdate: false, on: connection)
    else { return nil }
    return (sim, step, OperationValues(limitDataMegabytes: row.2, package: row.3))
  }

  /// A comment is kept in the history: bounded like every text a caller sends.
  static func checkComment(_ comment: String) throws {
    var checks = FieldChecks()
    checks.text(comment, field: "comment", name: "The comment", maximum: 500, required: false)
    try checks.check()
  }
}

extension NetworkStep {
  init(_ action: NetworkAction) {
    switch action {
    case .none: self = .none
    case .access(let enabled): self = .access(enabled: enabled)
    case .reset: self = .reset
    case .limit: self = .limit
    case .package: self = .package
    case .status: self = .status
    case .remove: self = .remove
    }
  }
}
