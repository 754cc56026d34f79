import BillingAPI
import GRPCCore
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

/// «Trocar Dono do Plano». Billing is called before and after the one transaction that moves
/// the plan, never inside it: the new customer and account are created first (a retry with the
/// same contract and account numbers finds them), the receivables are reversed after (their
/// intent is recorded with the move, so the charge poster finishes what a crash interrupts).
extension ISP {
  func transferPlan(_ request: TransferPlanRequest, caller: Caller) async throws -> TransferPlanReply {
    try caller.require(ISPPermission.plansTransfer)
    var checks = FieldChecks()
    checks.text(request.reason, field: "reason", name: "The reason", maximum: 500, required: false)
    if let new = request.newCustomer {
      checks.text(new.name, field: "newCustomer.name", name: "The name", maximum: 200)
      checks.contractNumber(new.contractNumber, field: "newCustomer.contractNumber")
      checks.text(new.email, field: "newCustomer.email", name: "The e-mail", maximum: 200, required: false)
      checks.text(new.accountNumber, field: "newCustomer.accountNumber", name: "The account number", maximum: 32)
      checks.text(new.currency, field: "newCustomer.currency", name: "The currency", maximum: 3)
      var nested = FieldChecks()
      Self.checkCustomer(city: new.city, addresses: new.addresses, into: &nested)
      checks.violations += nested.nested(in: "newCustomer").violations
    } else if request.toCustomerID.isEmpty || request.toAccountNumber.isEmpty {
      throw ISPError.transferTargetMissing
    }
    try checks.check()
    let planID = try Self.uuid(request.planID, field: "planID", missing: ISPError.planNotFound)
    let target = try await self.transferTarget(request)
    let actor = caller.actor
    let (plan, customer, toReverse) = try await self.database.transaction { connection in
      let plan = try await self.visiblePlan(request.planID, caller: caller, lock: true, on: connection)
      if case .failure(let refusal) = self.life.apply(.change, to: plan.status, items: PlanLife.Items(0, 0, 0)) {
        throw ISPError.plan(refusal)
      }
      guard plan.customerID != target.customer else { throw ISPError.sameOwner }
      guard target.account.currency == plan.currency else { throw ISPError.currencyMismatch }
      let customer: CustomerRow
      if let new = request.newCustomer {
        customer = try await self.saveCustomer(
          target.customer, name: new.name, organization: nil, city: new.city, addresses: new.addresses,
          on: connection)
      } else {
        guard let existing = try await self.customer(target.customer, lock: true, on: connection) else {
          throw ISPError.customerNotFound
        }
        customer = existing
      }
      guard customer.active else { throw ISPError.customerInactive }
      let number = try await self.nextPlanNumber(target.customer, on: connection)
      try await connection.query(
        """
        UPDATE plans SET customer_id = \(target.customer), account_number = \(target.account.number), number = \(number)
        WHERE id = \(planID)
        """, logger: self.logger)
      var toReverse: [ClaimedCharge] = []
      if request.cancelReceivables {
        // Posted charges of the old owner from this month on are reversed, claimed by this call;
        // ones not posted yet are dropped before they reach Billing.
        toReverse =
          try await connection.query(
            """
            UPDATE plan_charges SET posting = CASE WHEN posting = 'posted' THEN 'reversing' ELSE 'reversed' END,
              claimed_until = \(self.now.adding(Self.chargeClaim))
            WHERE plan_id = \(planID) AND account_number = \(plan.accountNumber) AND period >= \(self.today.firstOfMonth)
              AND posting IN ('posted', 'pending')
            RETURNING plan_id, period, account_number, amount_minor, posting, entry_id
            """, logger: self.logger
          ).decode(ClaimedCharge.self).collect().filter { $0.4 == "reversing" }
      }
      guard let after = try await self.planRow(planID, on: connection) else { throw ISPError.planNotFound }
      try await self.publish(after, "owner", actor: actor, on: connection)
      try await self.record(
        planID, "owner", before: "customer=\(plan.customerID.uuidString.lowercased())\n\(plan.summary)",
        after: "customer=\(target.customer.uuidString.lowercased())\n\(after.summary)",
        reason: request.cancelReceivables ? "\(request.reason) [carnê cancelado]" : request.reason, actor: actor,
        on: connection)
      return (after, customer, toReverse)
    }
    if !toReverse.isEmpty {
      do {
        try await self.post(toReverse)
      } catch {
        self.logger.warning("receivables stay to reverse", metadata: ["error": "\(error)"])
      }
    }
    let shown = try await self.database.withConnection { try await self.planMessage(plan, on: $0) }
    return TransferPlanReply(plan: shown, customer: customer.message, reversedCharges: Int32(toReverse.count))
  }

  /// The new owner's customer id and account: existing ones checked in Billing, or created
  /// there («Novo Cliente»).
  private func transferTarget(_ request: TransferPlanRequest) async throws -> (customer: UUID, account: Account) {
    guard let new = request.newCustomer else {
      let customer = try Self.uuid(request.toCustomerID, field: "toCustomerID", missing: ISPError.customerNotFound)
      return (customer, try await self.billingAccount(request.toAccountNumber, of: customer))
    }
    let details = CustomerDetails(
      kind: new.company ? .legalEntity : .individual, name: new.name, taxID: "", contractNumber: new.contractNumber,
      country: .other, region: "", regionIsTest: false, agent: "", manager: "", tags: [], email: new.email, phone: "",
      excludedFromMailings: false, mailingComment: "", organizationID: "")
    let customer: Customer
    do {
      guard
        let created = try await self.askBilling({
          try await $0.call(BillingContract.createCustomer, CreateCustomerRequest(details: details))
        })
      else { throw ISPError.billingCustomerNotFound }
      customer = created
    } catch let error as ISPError where error.code == .alreadyExists {
      // A retry: the contract number names the customer created the first time.
      guard
        let found = try await self.askBilling({
          try await $0.call(
            BillingContract.searchCustomers, SearchCustomersRequest(contractNumber: new.contractNumber),
            idempotent: true)
        })?.customers.first
      else { throw error }
      customer = found
    }
    guard let customerID = UUID(uuidString: customer.id) else { throw ISPError.billingCustomerNotFound }
    do {
      _ = try await self.askBilling({
        try await $0.call(
          BillingContract.openAccount,
          OpenAccountRequest(
            customerID: customer.id, number: new.accountNumber, currency: new.currency, paymentMode: .prepaid))
      })
    } catch let error as ISPError where error.code == .alreadyExists {
      // Opened by a first try: whose it is is checked below.
    }
    return (customerID, try await self.billingAccount(new.accountNumber, of: customerID))
  }
}
