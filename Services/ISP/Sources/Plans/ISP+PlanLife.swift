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

/// The plan's life (`PlanLife` decides; this writes): suspend, reactivate, cancel, delete,
/// «Mudar Plano». A suspended or cancelled plan's logins are refused by FreeRADIUS at their next
/// request: the RADIUS views read the plan's status.
extension ISP {
  func suspendPlan(_ request: SuspendPlanRequest, caller: Caller) async throws -> PlanStatusReply {
    try caller.require(ISPPermission.plansSuspend)
    try Self.checkReason(request.reason)
    let plan = try await self.move(
      request.planID, .suspend(temporary: request.temporary), reason: request.reason, caller: caller,
      language: request.language)
    let message = request.language == "pt" ? "Plano suspenso com sucesso" : "Plan suspended."
    return PlanStatusReply(plan: plan, message: message)
  }

  func reactivatePlan(_ request: PlanActionRequest, caller: Caller) async throws -> PlanStatusReply {
    try caller.require(ISPPermission.plansReactivate)
    try Self.checkReason(request.reason)
    let plan = try await self.move(request.planID, .reactivate, reason: request.reason, caller: caller)
    return PlanStatusReply(plan: plan, message: "Plan reactivated.")
  }

  func cancelPlan(_ request: PlanActionRequest, caller: Caller) async throws -> CancelPlanReply {
    try caller.require(ISPPermission.plansCancel)
    try Self.checkReason(request.reason)
    let actor = caller.actor
    return try await self.database.transaction { connection in
      let plan = try await self.visiblePlan(request.planID, caller: caller, lock: true, on: connection)
      _ = try await self.customer(plan.customerID, lock: true, on: connection)
      try await self.setState(plan, .cancel, reason: request.reason, actor: actor, on: connection)
      var inactivated = false
      if self.settings.inactivateCustomerOnLastCancel {
        inactivated =
          try await connection.query(
            """
            UPDATE isp_customers SET active = false WHERE customer_id = \(plan.customerID) AND active
              AND NOT EXISTS (SELECT 1 FROM plans WHERE customer_id = \(plan.customerID) AND deleted_at IS NULL
                AND status <> 'cancelled')
            RETURNING customer_id
            """, logger: self.logger
          ).decode(UUID.self).collect().isEmpty == false
        if inactivated {
          try await self.record(
            plan.id, "customer_inactivated", reason: "last plan cancelled", actor: actor, on: connection)
        }
      }
      return CancelPlanReply(plan: try await self.freshPlan(plan.id, on: connection), customerInactivated: inactivated)
    }
  }

  /// «Apagar Plano»: refused while a login or e-mail is linked. The plan leaves every list; its
  /// addresses go back to their pools, its equipment is unlinked; its history stays.
  func deletePlan(_ request: PlanActionRequest, caller: Caller) async throws -> Plan {
    try caller.require(ISPPermission.plansDelete)
    try Self.checkReason(request.reason)
    let actor = caller.actor
    return try await self.database.transaction { connection in
      let plan = try await self.visiblePlan(request.planID, caller: caller, lock: true, on: connection)
      let items = try await self.items(of: plan.id, on: connection)
      if case .failure(let refusal) = self.life.apply(.delete, to: plan.status, items: items) {
        throw ISPError.plan(refusal)
      }
      let shown = try await self.planMessage(plan, on: connection)
      try await connection.query("DELETE FROM plan_addresses WHERE plan_id = \(plan.id)", logger: self.logger)
      try await connection.query("DELETE FROM plan_equipment WHERE plan_id = \(plan.id)", logger: self.logger)
      try await connection.query(
        "UPDATE plans SET deleted_at = \(self.now), circuit = NULL WHERE id = \(plan.id)", logger: self.logger)
      try await self.record(
        plan.id, "deleted", before: plan.summary, reason: request.reason, actor: actor, on: connection)
      try await self.publish(plan, "deleted", actor: actor, on: connection)
      return shown
    }
  }

  /// «Mudar Plano»: the plan is cancelled and a new plan of `planType` on the same account takes
  /// its logins, addresses and equipment. The circuit stays with the old plan: the manual says
  /// the new plan does not inherit it.
  func changePlan(_ request: ChangePlanRequest, caller: Caller) async throws -> Plan {
    try caller.require(ISPPermission.plansChange)
    var checks = FieldChecks()
    checks.text(request.planType, field: "planType", name: "The plan type", maximum: 40)
    let value = PlanMoney.minor(request.value)
    if value == nil { checks.add("value", "AMOUNT_INVALID", "A value is 0–100,000,000 with at most 2 decimals.") }
    checks.text(request.reason, field: "reason", name: "The reason", maximum: 500, required: false)
    try checks.check()
    if let value, value > 0 { try caller.require(ISPPermission.planValuesEdit) }
    let actor = caller.actor
    let newID = UUID()
    return try await self.database.transaction { connection in
      let old = try await self.visiblePlan(request.planID, caller: caller, lock: true, on: connection)
      if case .failure(let refusal) = self.life.apply(.change, to: old.status, items: PlanLife.Items(0, 0, 0)) {
        throw ISPError.plan(refusal)
      }
      guard let type = try await self.planType(request.planType, on: connection) else {
        throw ISPError.planTypeNotFound
      }
      guard type.currency == old.currency else { throw ISPError.currencyMismatch }
      _ = try await self.customer(old.customerID, lock: true, on: connection)
      let number = try await self.nextPlanNumber(old.customerID, on: connection)
      let newValue = value.flatMap { $0 > 0 ? $0 : nil } ?? PlanMoney.minor(type.value) ?? 0
      try await connection.query(
        """
        INSERT INTO plans (id, number, customer_id, account_number, plan_type, value_minor, currency, reference,
          installation_address, billing_address, fiscal_address, franchise_gb, first_activation_on, contract_starts_on,
          contract_ends_on, contract_template, penalty_minor, payment_method, due_day, last_closing_on, adjustments,
          status, status_since, replaces_plan_id, created_at)
        SELECT \(newID), \(number), customer_id, account_number, \(type.code), \(newValue), currency, reference,
          installation_address, billing_address, fiscal_address, \(type.franchiseGB), first_activation_on, contract_starts_on,
          contract_ends_on, contract_template, penalty_minor, payment_method, due_day, last_closing_on, adjustments,
          status, \(self.today), id, \(self.now)
        FROM plans WHERE id = \(old.id)
        """, logger: self.logger)
      for table in ["radius_logins", "plan_addresses", "plan_equipment"] {
        try await connection.query(
          "UPDATE \(unescaped: table) SET plan_id = \(newID) WHERE plan_id = \(old.id)", logger: self.logger)
      }
      try await connection.query(
        "UPDATE plans SET status = 'cancelled', status_since = \(self.today) WHERE id = \(old.id)", logger: self.logger)
      guard let new = try await self.planRow(newID, on: connection) else { throw ISPError.planNotFound }
      try await self.record(
        old.id, "changed", before: old.summary, after: "replaced by \(newID.uuidString.lowercased())",
        reason: request.reason, actor: actor, on: connection)
      try await self.record(
        newID, "added", before: "replaces \(old.id.uuidString.lowercased())", after: new.summary,
        reason: request.reason,
        actor: actor, on: connection)
      if let cancelled = try await self.planRow(old.id, on: connection) {
        try await self.publish(cancelled, "changed", actor: actor, on: connection)
      }
      try await self.publish(new, "added", actor: actor, on: connection)
      return try await self.planMessage(new, on: connection)
    }
  }

  static func checkReason(_ reason: String) throws {
    var checks = FieldChecks()
    checks.text(reason, field: "reason", name: "The reason", maximum: 500, required: false)
    try checks.check()
  }

  private func move(
    _ planID: String, _ action: PlanLife.Action, reason: String, caller: Caller, language: String = ""
  ) async throws -> Plan {
    let actor = caller.actor
    return try await self.database.transaction { connection in
      let plan = try await self.visiblePlan(planID, caller: caller, lock: true, on: connection)
      try await self.setState(plan, action, reason: reason, actor: actor, language: language, on: connection)
      return try await self.freshPlan(plan.id, on: connection)
    }
  }

  /// Applies `action` to the locked `plan` as `PlanLife` decides, with its history row.
  func setState(
    _ plan: PlanRow, _ action: PlanLife.Action, reason: String, actor: String, language: String = "",
    on connection: PostgresConnection
  ) async throws {
    let items = try await self.items(of: plan.id, on: connection)
    switch self.life.apply(action, to: plan.status, items: items) {
    case .failure(let refusal):
      throw ISPError.plan(refusal, language: language)
    case .success(let state):
      guard let state else { return }
      try await connection.query(
        "UPDATE plans SET status = \(state.rawValue), status_since = \(self.today) WHERE id = \(plan.id)",
        logger: self.logger)
      try await self.record(
        plan.id, "status", before: plan.status.rawValue, after: state.rawValue, reason: reason, actor: actor,
        on: connection)
      var changed = plan
      changed.status = state
      try await self.publish(changed, "status", actor: actor, on: connection)
    }
  }
}

extension PlanLife.Items {
  init(_ equipment: Int, _ logins: Int, _ mailboxes: Int) {
    self.init(equipment: equipment, logins: logins, mailboxes: mailboxes)
  }
}
