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

/// Reading plans and writing their history: the store side of the plan operations.
extension ISP {
  func planRow(_ id: UUID, lock: Bool = false, includeDeleted: Bool = false, on connection: PostgresConnection)
    async throws -> PlanRow?
  {
    try await connection.query(
      """
      SELECT \(unescaped: PlanRow.columns) FROM plans p WHERE p.id = \(id) AND (p.deleted_at IS NULL OR \(includeDeleted))
      \(unescaped: lock ? "FOR UPDATE" : "")
      """, logger: self.logger
    ).decode(PlanRow.Row.self).collect().first.map(PlanRow.init)
  }

  /// The plan, locked when asked, NOT_FOUND when it is not the caller's to see (or deleted,
  /// unless `includeDeleted`: a deleted plan's history stays readable).
  func visiblePlan(
    _ text: String, caller: Caller, lock: Bool = false, includeDeleted: Bool = false, on connection: PostgresConnection
  ) async throws -> PlanRow {
    let id = try Self.uuid(text, field: "planID", missing: ISPError.planNotFound)
    guard let plan = try await self.planRow(id, lock: lock, includeDeleted: includeDeleted, on: connection) else {
      throw ISPError.planNotFound
    }
    if let organization = try caller.confinedOrganization() {
      guard try await self.customer(plan.customerID, on: connection)?.organizationID == organization else {
        throw ISPError.planNotFound
      }
    }
    return plan
  }

  /// The plan with its items, as callers see it.
  func planMessage(_ plan: PlanRow, on connection: PostgresConnection) async throws -> Plan {
    try await self.planMessages([plan], on: connection)[0]
  }

  /// Plans with their items: one query per kind of item for all of them, not per plan.
  func planMessages(_ plans: [PlanRow], on connection: PostgresConnection) async throws -> [Plan] {
    guard !plans.isEmpty else { return [] }
    let ids = plans.map(\.id)
    var customers: [UUID: CustomerRow] = [:]
    for row in try await connection.query(
      """
      SELECT \(unescaped: CustomerRow.columns) FROM isp_customers c
      WHERE c.customer_id = ANY(\(Array(Set(plans.map(\.customerID))))::uuid[])
      """, logger: self.logger
    ).decode(CustomerRow.Row.self).collect() {
      customers[row.0] = CustomerRow(row)
    }
    let equipment = Dictionary(
      grouping: try await connection.query(
        "SELECT plan_id, serial FROM plan_equipment WHERE plan_id = ANY(\(ids)::uuid[]) ORDER BY serial",
        logger: self.logger
      ).decode((UUID, String).self).collect(), by: \.0)
    let logins = Dictionary(
      grouping: try await connection.query(
        "SELECT plan_id, login FROM radius_logins WHERE plan_id = ANY(\(ids)::uuid[]) ORDER BY login",
        logger: self.logger
      ).decode((UUID, String).self).collect(), by: \.0)
    let addresses = try await self.assignedAddresses(plans: ids, on: connection)
    let blocked = Set(
      try await connection.query(
        """
        SELECT account_number FROM debt_blocked_accounts
        WHERE account_number = ANY(\(Array(Set(plans.map(\.accountNumber))))::text[])
        """, logger: self.logger
      ).decode(String.self).collect())
    func shown(_ own: AddressRecord?, _ standard: AddressRecord?) -> PlanAddress {
      PlanAddress(address: (own ?? standard)?.message ?? PostalAddress(), isDefault: own == nil)
    }
    return plans.map { plan in
      let customer = customers[plan.customerID]
      let billingDefault = customer?.billingDefault
      return Plan(
        id: plan.id.uuidString.lowercased(), number: plan.number, customerID: plan.customerID.uuidString.lowercased(),
        accountNumber: plan.accountNumber, planType: plan.planType, value: PlanMoney.decimal(plan.valueMinor),
        currency: plan.currency, reference: plan.reference,
        installationAddress: shown(plan.installation, customer?.installationDefault),
        billingAddress: shown(plan.billingAddress, billingDefault),
        fiscalAddress: shown(plan.fiscal, billingDefault),
        franchiseGB: plan.franchiseGB, firstActivationOn: plan.firstActivationOn,
        contract: PlanContract(
          startsOn: plan.contractStartsOn, endsOn: plan.contractEndsOn, template: plan.contractTemplate,
          penalty: PlanMoney.decimal(plan.penaltyMinor)),
        billing: PlanBilling(
          paymentMethod: plan.paymentMethod, dueDay: plan.dueDay, lastClosingOn: plan.lastClosingOn,
          adjustments: plan.adjustments.map(\.message)),
        status: plan.status.message, circuit: plan.circuit ?? "", circuitNotes: plan.circuitNotes,
        equipment: equipment[plan.id]?.map(\.1) ?? [], logins: logins[plan.id]?.map(\.1) ?? [],
        addresses: addresses[plan.id] ?? [],
        replacesPlanID: plan.replacesPlanID?.uuidString.lowercased() ?? "", createdAt: plan.createdAt,
        debtBlocked: blocked.contains(plan.accountNumber))
    }
  }

  /// The plan as it is now in this transaction.
  func freshPlan(_ id: UUID, on connection: PostgresConnection) async throws -> Plan {
    guard let row = try await self.planRow(id, on: connection) else { throw ISPError.planNotFound }
    return try await self.planMessage(row, on: connection)
  }

  /// One history row of a plan, in the transaction of the change.
  func record(
    _ plan: UUID, _ action: String, before: String = "", after: String = "", reason: String = "", actor: String,
    on connection: PostgresConnection
  ) async throws {
    try await connection.query(
      """
      INSERT INTO plan_history (plan_id, at, actor, action, before, after, reason)
      VALUES (\(plan), \(self.now), \(actor), \(action), \(before), \(after), \(String(reason.prefix(500))))
      """, logger: self.logger)
  }

  /// Publishes the plan's life change on ISP's feed, in the change's transaction.
  func publish(_ plan: PlanRow, _ action: String, actor: String, on connection: PostgresConnection) async throws {
    let event = PlanEvent(
      planID: plan.id.uuidString.lowercased(), action: action, customerID: plan.customerID.uuidString.lowercased(),
      accountNumber: plan.accountNumber, planType: plan.planType,
      status: action == "deleted" ? .cancelled : plan.status.message, at: self.now, actor: actor)
    try await EventOutbox.append(
      [OutboxEvent(ISPEvents.planChanged, key: event.planID, message: event)], on: connection, at: self.now,
      logger: self.logger)
  }

  func planHistory(_ request: PlanHistoryRequest, caller: Caller) async throws -> PlanHistoryReply {
    try caller.require(ISPPermission.plansRead)
    let page = try Self.pages.page(of: request.page, by: Int64.self)
    return try await self.database.withConnection { connection in
      let plan = try await self.visiblePlan(request.planID, caller: caller, includeDeleted: true, on: connection)
      let rows = try await connection.query(
        """
        SELECT id, at, actor, action, before, after, reason FROM plan_history
        WHERE plan_id = \(plan.id) AND (\(page.after)::bigint IS NULL OR id < \(page.after))
        ORDER BY id DESC LIMIT \(page.limit)
        """, logger: self.logger
      ).decode((Int64, UTCTimestamp, String, String, String, String, String).self).collect()
      let (shown, next) = page.cut(rows) { $0.0 }
      return PlanHistoryReply(
        entries: shown.map {
          PlanHistoryEntry(at: $0.1, actor: $0.2, action: $0.3, before: $0.4, after: $0.5, reason: $0.6)
        }, nextPageToken: next)
    }
  }

  /// Counts the guards of the plan's life look at.
  func items(of plan: UUID, on connection: PostgresConnection) async throws -> PlanLife.Items {
    let counts =
      try await connection.query(
        """
        SELECT (SELECT count(*) FROM plan_equipment WHERE plan_id = \(plan)),
          (SELECT count(*) FROM radius_logins WHERE plan_id = \(plan))
        """, logger: self.logger
      ).decode((Int64, Int64).self).collect().first ?? (Int64(0), Int64(0))
    // Mailboxes arrive with the mail issue; none can be linked yet.
    return PlanLife.Items(equipment: Int(counts.0), logins: Int(counts.1), mailboxes: 0)
  }
}
