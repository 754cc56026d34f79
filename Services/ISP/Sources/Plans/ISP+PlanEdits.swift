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

/// Changes of a plan's data: each under the plan's row lock, with its history row.
extension ISP {
  func editPlan(_ request: EditPlanRequest, caller: Caller) async throws -> Plan {
    try caller.require(ISPPermission.plansEdit)
    var checks = FieldChecks()
    checks.text(request.reference, field: "reference", name: "The reference", maximum: 100, required: false)
    for (field, address) in [
      ("installationAddress", request.installationAddress), ("billingAddress", request.billingAddress),
      ("fiscalAddress", request.fiscalAddress),
    ] {
      if let address { AddressRecord.check(address, field: field, into: &checks) }
    }
    if request.setFranchise, !(0...100_000).contains(request.franchiseGB) {
      checks.add("franchiseGB", "OUT_OF_RANGE", "The franchise is 0–100000 GB.")
    }
    checks.text(request.reason, field: "reason", name: "The reason", maximum: 500, required: false)
    try checks.check()
    return try await self.changingPlan(request.planID, action: "edited", reason: request.reason, caller: caller) {
      plan, connection in
      let reset = request.defaultAddresses
      try await connection.query(
        """
        UPDATE plans SET
          reference = CASE WHEN \(request.setReference) THEN \(request.reference) ELSE reference END,
          installation_address = CASE WHEN \(reset) THEN NULL
            ELSE coalesce(\(AddressRecord.json(request.installationAddress))::jsonb, installation_address) END,
          billing_address = CASE WHEN \(reset) THEN NULL
            ELSE coalesce(\(AddressRecord.json(request.billingAddress))::jsonb, billing_address) END,
          fiscal_address = CASE WHEN \(reset) THEN NULL
            ELSE coalesce(\(AddressRecord.json(request.fiscalAddress))::jsonb, fiscal_address) END,
          franchise_gb = CASE WHEN \(request.setFranchise) THEN \(request.franchiseGB) ELSE franchise_gb END
        WHERE id = \(plan.id)
        """, logger: self.logger)
    }
  }

  func changePlanValue(_ request: ChangePlanValueRequest, caller: Caller) async throws -> Plan {
    try caller.require(ISPPermission.planValuesEdit)
    var checks = FieldChecks()
    let value = PlanMoney.minor(request.value)
    if value == nil { checks.add("value", "AMOUNT_INVALID", "A value is 0–100,000,000 with at most 2 decimals.") }
    checks.text(request.reason, field: "reason", name: "The reason", maximum: 500)
    try checks.check()
    return try await self.changingPlan(request.planID, action: "value", reason: request.reason, caller: caller) {
      plan, connection in
      guard plan.status != .cancelled else { throw ISPError.plan(.cancelled) }
      try await connection.query("UPDATE plans SET value_minor = \(value) WHERE id = \(plan.id)", logger: self.logger)
    }
  }

  /// «Informação de Cobrança». The due day, the last closing date and discounts each need
  /// their own permission when they change.
  func setPlanBilling(_ request: SetPlanBillingRequest, caller: Caller) async throws -> Plan {
    try caller.require(ISPPermission.billingTermsManage)
    var checks = FieldChecks()
    let terms = PlanTerms(
      contract: PlanContract(), billing: request.billing, portuguese: request.language == "pt", checks: &checks)
    checks.text(request.reason, field: "reason", name: "The reason", maximum: 500, required: false)
    try checks.check()
    return try await self.changingPlan(
      request.planID, action: "billing", reason: request.reason, caller: caller, part: .billing
    ) { plan, connection in
      for permission in PlanTerms.permissionsNeeded(
        penaltyMinor: nil, dueDay: request.billing.dueDay, lastClosingOn: .some(request.billing.lastClosingOn),
        composition: PlanComposition(lines: terms.adjustments), plan: plan)
      {
        try caller.require(permission)
      }
      try await connection.query(
        """
        UPDATE plans SET payment_method = \(request.billing.paymentMethod), due_day = \(request.billing.dueDay),
          last_closing_on = \(request.billing.lastClosingOn),
          adjustments = \(PlanRow.adjustmentsJSON(terms.adjustments))::jsonb
        WHERE id = \(plan.id)
        """, logger: self.logger)
    }
  }

  /// «Contrato»: dates and template; the penalty needs «Alterar Multa».
  func setPlanContract(_ request: SetPlanContractRequest, caller: Caller) async throws -> Plan {
    try caller.require(ISPPermission.contractsManage)
    var checks = FieldChecks()
    let terms = PlanTerms(
      contract: request.contract, billing: PlanBilling(dueDay: 10), portuguese: false, checks: &checks)
    checks.text(request.reason, field: "reason", name: "The reason", maximum: 500, required: false)
    try checks.check()
    return try await self.changingPlan(
      request.planID, action: "contract", reason: request.reason, caller: caller, part: .contract
    ) { plan, connection in
      for permission in PlanTerms.permissionsNeeded(
        penaltyMinor: terms.penaltyMinor, dueDay: nil, lastClosingOn: nil, composition: nil, plan: plan)
      {
        try caller.require(permission)
      }
      try await connection.query(
        """
        UPDATE plans SET contract_starts_on = \(request.contract.startsOn), contract_ends_on = \(request.contract.endsOn),
          contract_template = \(request.contract.template), penalty_minor = \(terms.penaltyMinor)
        WHERE id = \(plan.id)
        """, logger: self.logger)
    }
  }

  func linkEquipment(_ request: PlanEquipmentRequest, caller: Caller) async throws -> Plan {
    try await self.equipment(request, link: true, caller: caller)
  }

  func unlinkEquipment(_ request: PlanEquipmentRequest, caller: Caller) async throws -> Plan {
    try await self.equipment(request, link: false, caller: caller)
  }

  private func equipment(_ request: PlanEquipmentRequest, link: Bool, caller: Caller) async throws -> Plan {
    try caller.require(ISPPermission.assetsManage)
    var checks = FieldChecks()
    checks.text(request.serial, field: "serial", name: "The serial number", maximum: 64)
    checks.text(request.reason, field: "reason", name: "The reason", maximum: 500, required: false)
    try checks.check()
    let actor = caller.actor
    return try await self.database.transaction { connection in
      let plan = try await self.visiblePlan(request.planID, caller: caller, lock: true, on: connection)
      if link {
        guard plan.status != .cancelled else { throw ISPError.plan(.cancelled) }
        try await connection.query(
          """
          INSERT INTO plan_equipment (plan_id, serial, linked_at) VALUES (\(plan.id), \(request.serial), \(self.now))
          ON CONFLICT DO NOTHING
          """, logger: self.logger)
        try await self.record(
          plan.id, "equipment_linked", after: request.serial, reason: request.reason, actor: actor, on: connection)
      } else {
        let removed = try await connection.query(
          "DELETE FROM plan_equipment WHERE plan_id = \(plan.id) AND serial = \(request.serial) RETURNING serial",
          logger: self.logger
        ).decode(String.self).collect()
        guard !removed.isEmpty else { throw ISPError.equipmentNotLinked }
        try await self.record(
          plan.id, "equipment_unlinked", before: request.serial, reason: request.reason, actor: actor, on: connection)
      }
      return try await self.freshPlan(plan.id, on: connection)
    }
  }

  /// Runs `change` on the locked plan and records `action` with the plan's summary before and
  /// after (or `part` of it), in one transaction.
  func changingPlan(
    _ planID: String, action: String, reason: String, caller: Caller,
    part: PlanRow.Part = .all,
    _ change: @escaping @Sendable (PlanRow, PostgresConnection) async throws -> Void
  ) async throws -> Plan {
    let actor = caller.actor
    return try await self.database.transaction { connection in
      let before = try await self.visiblePlan(planID, caller: caller, lock: true, on: connection)
      try await change(before, connection)
      guard let after = try await self.planRow(before.id, on: connection) else { throw ISPError.planNotFound }
      try await self.record(
        before.id, action, before: before.summary(of: part), after: after.summary(of: part), reason: reason,
        actor: actor, on: connection)
      return try await self.planMessage(after, on: connection)
    }
  }
}
