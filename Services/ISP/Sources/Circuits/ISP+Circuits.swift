import ISPAPI
import ISPRules
import PostgresNIO
import RPC
import Storage

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// «Circuito»: a name per plan, unique in any case, found by ListPlans' circuit filter. A plan
/// made by «Mudar Plano» starts without one (the manual: the new plan does not inherit it).
extension ISP {
  func setCircuit(_ request: SetCircuitRequest, caller: Caller) async throws -> Plan {
    try caller.require(ISPPermission.circuitsManage)
    var checks = FieldChecks()
    if !request.name.isEmpty, !CircuitName.isValid(request.name) {
      checks.add("name", "CIRCUIT_INVALID", "A circuit name is 3–40 printable characters without spaces.")
    }
    checks.text(request.notes, field: "notes", name: "The notes", maximum: 500, required: false)
    try checks.check()
    return try await self.changingPlan(
      request.planID, action: "circuit", reason: request.notes, caller: caller, part: .circuit
    ) { plan, connection in
      guard plan.status != .cancelled else { throw ISPError.plan(.cancelled) }
      let name: String
      if request.name.isEmpty {
        name = try await self.generatedCircuit(plan, on: connection)
      } else {
        name = request.name
      }
      try await connection.query(
        "UPDATE plans SET circuit = \(name), circuit_notes = \(request.notes) WHERE id = \(plan.id)",
        logger: self.logger)
    }
  }

  /// The manual's name: the installation city (the plan's own address, else the customer's
  /// first), else the customer's record's city; the customer's code; the plan's number.
  func generatedCircuit(_ plan: PlanRow, on connection: PostgresConnection) async throws -> String {
    guard let customer = try await self.customer(plan.customerID, on: connection) else {
      throw ISPError.customerNotFound
    }
    let installation = plan.installation ?? customer.installationDefault
    guard
      let name = CircuitName.make(
        installationCity: installation?.city, customerCity: customer.city, customerCode: Int(customer.code),
        planNumber: Int(plan.number))
    else { throw ISPError.planNotFound }
    return name
  }

  func removeCircuit(_ request: PlanActionRequest, caller: Caller) async throws -> Plan {
    try caller.require(ISPPermission.circuitsManage)
    try Self.checkReason(request.reason)
    return try await self.changingPlan(
      request.planID, action: "circuit", reason: request.reason, caller: caller, part: .circuit
    ) { plan, connection in
      try await connection.query(
        "UPDATE plans SET circuit = NULL, circuit_notes = '' WHERE id = \(plan.id)", logger: self.logger)
    }
  }
}
