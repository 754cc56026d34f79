import BillingAPI
import Foundation
import GRPCCore
import ISPAPI
import RPC
import TestSupport
import Testing
import WireCodec

/// A contract method called with an empty request, whatever its types.
protocol CalledEmpty: Sendable {
  func callEmpty(on server: some RunningServer, token: String) async throws
}

extension UnaryMethod: CalledEmpty {
  func callEmpty(on server: some RunningServer, token: String) async throws {
    _ = try await server.call(self, Request(), token: token)
  }
}

/// Issue 19, must-show 7: every method is refused without its permission, the finer
/// permissions inside methods too, and each staff change leaves a history row.
@Suite(
  "ISP: permissions and history", .enabled(if: TestDatabase.isAvailable, "needs the test PostgreSQL (scripts/test.sh)"))
struct ISPPermissionTests {
  @Test("every ISP method answers PERMISSION_DENIED to a token holding every other permission")
  func everyMethodChecksItsPermission() async throws {
    try await ISPTestbed.with { isp in
      var checked = 0
      for method in ISPContract.contract.methods {
        guard case .permission(let permission) = method.access, let callable = method as? any CalledEmpty else {
          Issue.record("\(method.descriptor) is not a unary method with a permission")
          continue
        }
        let token = try await ISPTestbed.staffToken(ISPTestbed.staffPermissions.filter { $0 != permission })
        let error = await #expect(throws: RPCError.self) { try await callable.callEmpty(on: isp, token: token) }
        #expect(error?.code == .permissionDenied, "\(method.descriptor): \(String(describing: error))")
        checked += 1
      }
      #expect(checked == ISPContract.contract.methods.count && checked >= 33)
    }
  }

  @Test("a value, penalty, due day, closing date or discount needs its own permission; nothing changes when refused")
  func finerPermissions() async throws {
    try await ISPTestbed.with { isp in
      try await isp.planType()
      let customer = try await isp.customer("Julia Prates", contract: "ISP-50", account: "70000050")
      let plan = try await isp.plan(customer, account: "70000050")
      let cases: [(Permission, @Sendable (String) async throws -> Void)] = [
        (
          ISPPermission.planValuesEdit,
          { @Sendable token in
            _ = try await isp.call(
              ISPContract.addPlan,
              AddPlanRequest(
                customerID: customer.customerID, accountNumber: "70000050", planType: "fibra-100",
                value: ExactDecimal("79.90")!, billing: PlanBilling(dueDay: 10)), token: token)
          }
        ),
        (
          ISPPermission.penaltiesEdit,
          { @Sendable token in
            _ = try await isp.call(
              ISPContract.setPlanContract,
              SetPlanContractRequest(planID: plan.id, contract: PlanContract(penalty: ExactDecimal("500")!)),
              token: token)
          }
        ),
        (
          ISPPermission.dueDaysEdit,
          { @Sendable token in
            _ = try await isp.call(
              ISPContract.setPlanBilling,
              SetPlanBillingRequest(planID: plan.id, billing: PlanBilling(paymentMethod: "boleto", dueDay: 20)),
              token: token)
          }
        ),
        (
          ISPPermission.closingDatesEdit,
          { @Sendable token in
            _ = try await isp.call(
              ISPContract.setPlanBilling,
              SetPlanBillingRequest(
                planID: plan.id,
                billing: PlanBilling(
                  paymentMethod: "boleto", dueDay: 10, lastClosingOn: CalendarDate(year: 2026, month: 11, day: 30))),
              token: token)
          }
        ),
        (
          ISPPermission.discountsGrant,
          { @Sendable token in
            _ = try await isp.call(
              ISPContract.setPlanBilling,
              SetPlanBillingRequest(
                planID: plan.id,
                billing: PlanBilling(
                  paymentMethod: "boleto", dueDay: 10,
                  adjustments: [PlanAdjustment(kind: .discount, percent: ExactDecimal("10")!, applied: true)])),
              token: token)
          }
        ),
      ]
      for (permission, action) in cases {
        let token = try await ISPTestbed.staffToken(ISPTestbed.staffPermissions.filter { $0 != permission })
        let error = await #expect(throws: RPCError.self) { try await action(token) }
        #expect(error?.code == .permissionDenied, "\(permission)")
        try await action(try await ISPTestbed.staffToken())
      }
      let after = try await isp.staff(ISPContract.getPlan, GetPlanRequest(planID: plan.id))
      #expect(after.contract.penalty == ExactDecimal("500") && after.billing.adjustments.count == 1)
      let history = try await isp.history(plan.id).map(\.action)
      #expect(history.filter { $0 == "billing" }.count == 3 && history.contains("contract"), "\(history)")
    }
  }

  @Test(
    "the seed's message for a discount flag without value, in Portuguese when asked; a composition charges as computed")
  func compositionMessageAndCharge() async throws {
    try await ISPTestbed.with { isp in
      try await isp.planType()
      let customer = try await isp.customer("Karina Luz", contract: "ISP-51", account: "70000051")
      let plan = try await isp.plan(customer, account: "70000051")
      let error = await #expect(throws: RPCError.self) {
        _ = try await isp.staff(
          ISPContract.setPlanBilling,
          SetPlanBillingRequest(
            planID: plan.id,
            billing: PlanBilling(dueDay: 10, adjustments: [PlanAdjustment(kind: .discount, applied: true)]),
            language: "pt"))
      }
      #expect(error?.violations["billing.adjustments[0].applied"] == "VALUE_REQUIRED")
      #expect(error?.message.contains("Só será possível marcar a opção após informar o valor ou porcentagem.") == true)
      // 99.90 less 10 % (9.99) plus 5.00 = 94.91 this month.
      _ = try await isp.staff(
        ISPContract.setPlanBilling,
        SetPlanBillingRequest(
          planID: plan.id,
          billing: PlanBilling(
            dueDay: 10,
            adjustments: [
              PlanAdjustment(kind: .discount, percent: ExactDecimal("10")!, applied: true, fromMonth: 1, toMonth: 3),
              PlanAdjustment(kind: .surcharge, amount: ExactDecimal("5")!, applied: true),
              PlanAdjustment(kind: .discount, amount: ExactDecimal("50")!, applied: false),
            ])))
      _ = try await isp.staff(ISPContract.chargePlans, ChargePlansRequest())
      let account = try await isp.billing.call(
        BillingContract.getAccount, GetAccountRequest(number: "70000051"), token: isp.billing.staff)
      #expect(account.balance == ExactDecimal("-94.91"))
    }
  }

  @Test("each staff change of a plan writes who, what, before and after")
  func historyOfChanges() async throws {
    try await ISPTestbed.with { isp in
      try await isp.planType()
      let customer = try await isp.customer("Lucas Moura", contract: "ISP-52", account: "70000052")
      let plan = try await isp.plan(customer, account: "70000052", login: "lucas")
      let point = try await isp.accessPoint()
      _ = try await isp.staff(
        ISPContract.editPlan,
        EditPlanRequest(
          planID: plan.id, setReference: true, reference: "Loja 2",
          installationAddress: PostalAddress(street: "Rua B, 5", city: "Ponta Grossa"), reason: "nova loja"))
      _ = try await isp.staff(
        ISPContract.changePlanValue,
        ChangePlanValueRequest(planID: plan.id, value: ExactDecimal("89.90")!, reason: "promoção"))
      _ = try await isp.staff(
        ISPContract.changeLoginPassword, ChangeLoginPasswordRequest(login: "lucas", reason: "esqueceu"))
      let address = try await isp.staff(
        ISPContract.assignAddress, AssignAddressRequest(planID: plan.id, accessPointID: point.id))
      _ = try await isp.staff(ISPContract.releaseAddress, ReleaseAddressRequest(addressID: address.id, reason: "troca"))
      _ = try await isp.staff(ISPContract.setCircuit, SetCircuitRequest(planID: plan.id))
      _ = try await isp.staff(ISPContract.suspendPlan, SuspendPlanRequest(planID: plan.id, reason: "viagem"))
      let entries = try await isp.history(plan.id)
      #expect(
        entries.map(\.action) == [
          "status", "circuit", "address_released", "address_added", "login_password", "value", "edited", "login_added",
          "added",
        ])
      let edited = try #require(entries.first { $0.action == "edited" })
      #expect(edited.before.contains("reference=\n") && edited.after.contains("reference=Loja 2"))
      #expect(edited.after.contains("installation=Rua B, 5, Ponta Grossa") && edited.reason == "nova loja")
      let value = try #require(entries.first { $0.action == "value" })
      #expect(value.before.contains("value=99.90 EUR") && value.after.contains("value=89.90 EUR"))
      #expect(entries.first { $0.action == "circuit" }?.after.contains("circuit=PON") == true)
      #expect(entries.allSatisfy { $0.actor == "staff:staff-1" })
      #expect(!entries.contains { $0.after.contains("senha-lucas") }, "passwords never reach history")
    }
  }
}
