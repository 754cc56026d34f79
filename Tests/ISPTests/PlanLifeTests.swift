import BillingAPI
import Foundation
import GRPCCore
import ISPAPI
import RPC
import TestSupport
import Testing
import WireCodec

/// Issue 19, must-show 5 and 6: the delete and cancel guards, «Trocar Dono» with and without
/// cancelling the old owner's receivables (checked in Billing's ledger), and circuit names.
@Suite("ISP: plan life", .enabled(if: TestDatabase.isAvailable, "needs the test PostgreSQL (scripts/test.sh)"))
struct PlanLifeTests {
  @Test(
    "delete is refused while a login is linked and works once it is deleted (history kept); cancel is refused while equipment is linked; the last plan's cancel inactivates the customer"
  )
  func guards() async throws {
    try await ISPTestbed.with(settings: ["abonent.isp.inactivateCustomerOnLastCancel": "true"]) { isp in
      try await isp.planType()
      let customer = try await isp.customer("Carla Dias", contract: "ISP-20", account: "70000020")
      let first = try await isp.plan(customer, account: "70000020", login: "carla")
      let second = try await isp.plan(customer, account: "70000020")
      #expect(first.number == 1 && second.number == 2 && first.logins == ["carla"])

      let refused = await #expect(throws: RPCError.self) {
        _ = try await isp.staff(ISPContract.deletePlan, PlanActionRequest(planID: first.id))
      }
      #expect(refused?.reason == "PLAN_HAS_LOGINS")
      _ = try await isp.staff(ISPContract.deleteLogin, LoginActionRequest(login: "carla", reason: "encerrado"))
      _ = try await isp.staff(ISPContract.deletePlan, PlanActionRequest(planID: first.id, reason: "erro de cadastro"))
      let gone = await #expect(throws: RPCError.self) {
        _ = try await isp.staff(ISPContract.getPlan, GetPlanRequest(planID: first.id))
      }
      #expect(gone?.code == .notFound)
      let history = try await isp.history(first.id)
      #expect(history.map(\.action) == ["deleted", "login_deleted", "login_added", "added"])
      #expect(history.first { $0.action == "login_deleted" }?.before == "carla")
      #expect(history.allSatisfy { $0.actor == "staff:staff-1" })

      _ = try await isp.staff(ISPContract.linkEquipment, PlanEquipmentRequest(planID: second.id, serial: "ONU-123"))
      let withEquipment = await #expect(throws: RPCError.self) {
        _ = try await isp.staff(ISPContract.cancelPlan, PlanActionRequest(planID: second.id))
      }
      #expect(withEquipment?.reason == "EQUIPMENT_LINKED")
      _ = try await isp.staff(ISPContract.unlinkEquipment, PlanEquipmentRequest(planID: second.id, serial: "ONU-123"))
      let cancelled = try await isp.staff(ISPContract.cancelPlan, PlanActionRequest(planID: second.id, reason: "mudou"))
      #expect(cancelled.plan.status == .cancelled && cancelled.customerInactivated)
      #expect(
        try await isp.staff(ISPContract.getCustomer, GetISPCustomerRequest(customerID: customer.customerID)).active
          == false)
      let inactive = await #expect(throws: RPCError.self) { _ = try await isp.plan(customer, account: "70000020") }
      #expect(inactive?.reason == "CUSTOMER_INACTIVE")
      // Temporary suspension is off by default.
      let other = try await isp.customer("Davi Rocha", contract: "ISP-21", account: "70000021")
      let plan = try await isp.plan(other, account: "70000021")
      let temporary = await #expect(throws: RPCError.self) {
        _ = try await isp.staff(ISPContract.suspendPlan, SuspendPlanRequest(planID: plan.id, temporary: true))
      }
      #expect(temporary?.reason == "TEMPORARY_SUSPENSION_NOT_ALLOWED")
      // ISP's feed tells other backends each move of the plans' lives, refusals none.
      let events = try await isp.planEvents()
      #expect(
        events.map { "\($0.action):\($0.status)" } == [
          "added:active", "added:active", "deleted:cancelled", "status:cancelled", "added:active",
        ])
      #expect(events.map(\.planID) == [first.id, second.id, first.id, second.id, plan.id])
      #expect(events.allSatisfy { $0.actor == "staff:staff-1" && $0.accountNumber.hasPrefix("700000") })
    }
  }

  @Test("«Trocar Dono»: to an existing customer keeping the old receivables; to a new customer cancelling them")
  func ownerTransfer() async throws {
    try await ISPTestbed.with { isp in
      try await isp.planType()
      let old = try await isp.customer("Eduardo Reis", contract: "ISP-30", account: "70000030")
      let buyer = try await isp.customer("Fabiana Neves", contract: "ISP-31", account: "70000031")
      let kept = try await isp.plan(old, account: "70000030")
      let cancelled = try await isp.plan(old, account: "70000030")
      let charged = try await isp.staff(ISPContract.chargePlans, ChargePlansRequest())
      #expect(charged.recorded == 2 && charged.posted == 2 && charged.pending == 0)
      #expect(try await self.balance(isp, "70000030") == ExactDecimal("-199.80"))
      // Charging the month again charges nothing twice.
      #expect(try await isp.staff(ISPContract.chargePlans, ChargePlansRequest()).recorded == 0)

      let moved = try await isp.staff(
        ISPContract.transferPlan,
        TransferPlanRequest(
          planID: kept.id, toCustomerID: buyer.customerID, toAccountNumber: "70000031", reason: "venda"))
      #expect(moved.plan.customerID == buyer.customerID && moved.plan.accountNumber == "70000031")
      #expect(moved.plan.number == 1 && moved.reversedCharges == 0)
      #expect(try await self.balance(isp, "70000030") == ExactDecimal("-199.80"), "receivables kept")

      let created = try await isp.staff(
        ISPContract.transferPlan,
        TransferPlanRequest(
          planID: cancelled.id,
          newCustomer: NewISPCustomer(
            name: "Gabriel Prado", contractNumber: "ISP-32", email: "gabriel@example.com", city: "Maringá",
            addresses: [PostalAddress(street: "Rua A, 10", city: "Maringá")], accountNumber: "70000032",
            currency: "EUR"), cancelReceivables: true, reason: "herança"))
      #expect(created.reversedCharges == 1 && created.customer.name == "Gabriel Prado")
      #expect(created.plan.accountNumber == "70000032" && created.customer.city == "Maringá")
      // Reversed by the call, or by the poster when it claimed the reversal first.
      var balance = try await self.balance(isp, "70000030")
      for _ in 0..<100 where balance != ExactDecimal("-99.90")! {
        try await Task.sleep(for: .milliseconds(100))
        balance = try await self.balance(isp, "70000030")
      }
      #expect(balance == ExactDecimal("-99.90"), "one month reversed")
      let found = try await isp.billing.call(
        BillingContract.searchCustomers, SearchCustomersRequest(contractNumber: "ISP-32"), token: isp.billing.staff)
      #expect(found.customers.map(\.id) == [created.customer.customerID])
      let owner = try #require(try await isp.history(cancelled.id).first)
      #expect(owner.action == "owner" && owner.reason.contains("carnê cancelado"))
      #expect(owner.before.contains(old.customerID) && owner.after.contains(created.customer.customerID))
      let same = await #expect(throws: RPCError.self) {
        _ = try await isp.staff(
          ISPContract.transferPlan,
          TransferPlanRequest(planID: kept.id, toCustomerID: buyer.customerID, toAccountNumber: "70000031"))
      }
      #expect(same?.reason == "SAME_OWNER")
    }
  }

  @Test("one PostCharges call for a month's charges; a charge Billing refuses is set aside and the rest are posted")
  func refusedChargeSetAside() async throws {
    try await ISPTestbed.with(billingSettings: ["abonent.billing.maxAmount": "100"]) { isp in
      try await isp.planType()
      try await isp.planType("fibra-300", value: "149.90")
      let small = try await isp.customer("Tiago Reis", contract: "ISP-34", account: "70000034")
      let large = try await isp.customer("Ursula Dias", contract: "ISP-35", account: "70000035")
      _ = try await isp.plan(small, account: "70000034")
      _ = try await isp.plan(large, account: "70000035", type: "fibra-300")
      let reply = try await isp.staff(ISPContract.chargePlans, ChargePlansRequest())
      #expect(reply.recorded == 2 && reply.posted == 1 && reply.refused == 1 && reply.pending == 0, "\(reply)")
      #expect(try await self.balance(isp, "70000034") == ExactDecimal("-99.90"))
      #expect(try await self.balance(isp, "70000035") == .zero)
    }
  }

  @Test("the recurring job charges the current month once per plan and sets its last closing date")
  func recurringCharges() async throws {
    try await ISPTestbed.with(settings: ["abonent.isp.chargeInterval": "1s"]) { isp in
      try await isp.planType()
      let customer = try await isp.customer("Sofia Campos", contract: "ISP-33", account: "70000033")
      let plan = try await isp.plan(customer, account: "70000033")
      var balance = ExactDecimal.zero
      for _ in 0..<200 where balance == .zero {
        try await Task.sleep(for: .milliseconds(100))
        balance = try await self.balance(isp, "70000033")
      }
      #expect(balance == ExactDecimal("-99.90"))
      // Two more runs of the job charge nothing twice.
      try await Task.sleep(for: .milliseconds(2_500))
      #expect(try await self.balance(isp, "70000033") == ExactDecimal("-99.90"))
      let closing = try await isp.staff(ISPContract.getPlan, GetPlanRequest(planID: plan.id)).billing.lastClosingOn
      #expect(closing != nil && closing?.components.day ?? 0 >= 28, "\(String(describing: closing))")
    }
  }

  @Test("circuit names: the installation city, the customer's city without addresses, none inherited by a plan change")
  func circuits() async throws {
    try await ISPTestbed.with { isp in
      try await isp.planType()
      try await isp.planType("fibra-300", value: "149.90")
      let withAddress = try await isp.customer(
        "Helena Costa", contract: "ISP-40", account: "70000040", city: "Curitiba",
        addresses: [PostalAddress(street: "Av. Paulista, 1000", city: "São Paulo")])
      let withoutAddress = try await isp.customer(
        "Igor Melo", contract: "ISP-41", account: "70000041", city: "Londrina")
      let code = { (customer: ISPCustomer) in String(format: "%06d", customer.code) }

      let plan = try await isp.plan(withAddress, account: "70000040")
      #expect(plan.installationAddress.isDefault && plan.installationAddress.address.city == "São Paulo")
      let named = try await isp.staff(ISPContract.setCircuit, SetCircuitRequest(planID: plan.id, notes: "poste 12"))
      #expect(named.circuit == "SAO\(code(withAddress))-001")
      let bare = try await isp.plan(withoutAddress, account: "70000041")
      let bareNamed = try await isp.staff(ISPContract.setCircuit, SetCircuitRequest(planID: bare.id))
      #expect(bareNamed.circuit == "LON\(code(withoutAddress))-001")

      let changed = try await isp.staff(
        ISPContract.changePlan, ChangePlanRequest(planID: plan.id, planType: "fibra-300", reason: "upgrade"))
      #expect(changed.circuit.isEmpty && changed.number == 2 && changed.replacesPlanID == plan.id)
      #expect(changed.value == ExactDecimal("149.90"))
      let renamed = try await isp.staff(ISPContract.setCircuit, SetCircuitRequest(planID: changed.id))
      #expect(renamed.circuit == "SAO\(code(withAddress))-002")
      #expect(try await isp.staff(ISPContract.getPlan, GetPlanRequest(planID: plan.id)).status == .cancelled)

      let search = try await isp.staff(ISPContract.listPlans, ListPlansRequest(circuit: "sao\(code(withAddress))"))
      #expect(Set(search.plans.map(\.id)) == [plan.id, changed.id])
      let taken = await #expect(throws: RPCError.self) {
        _ = try await isp.staff(
          ISPContract.setCircuit, SetCircuitRequest(planID: bare.id, name: named.circuit.lowercased()))
      }
      #expect(taken?.reason == "CIRCUIT_TAKEN")
    }
  }

  func balance(_ isp: ISPTestbed, _ account: String) async throws -> ExactDecimal {
    try await isp.billing.call(
      BillingContract.getAccount, GetAccountRequest(number: account), token: isp.billing.staff
    ).balance
  }
}
