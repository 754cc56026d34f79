import Foundation
import GRPCCore
import ISPAPI
import RPC
import TestSupport
import Testing
import WireCodec

/// No input may crash ISP: numbers, decimals, dates, addresses and texts across their whole
/// wire ranges, over real gRPC. Every answer is a success or a refusal with a stable reason,
/// and a refused request changes nothing.
@Suite(
  "ISP: inputs across their whole wire ranges", .enabled(if: TestDatabase.isAvailable, "needs the test PostgreSQL"))
struct ISPInputRangeTests {
  static let texts = [
    "10.0.0.0/24", "10.0.0.1", "300.1.1.1", "0.0.0.0/0", "AA:BB:CC:DD:EE:FF", "aa-bb", "127.0.0.1:3799", "São",
    "fibra-100", "joão", String(repeating: "x", count: 300),
  ]

  @Test("random plan types, plans, terms, addresses, pools, logins, circuits, extracts and pages")
  func wholeRanges() async throws {
    try await ISPTestbed.with { isp in
      try await isp.planType()
      let customer = try await isp.customer("Nina Ramos", contract: "ISP-60", account: "70000060")
      let plan = try await isp.plan(customer, account: "70000060")
      let point = try await isp.accessPoint("10.9.0.0/29", gateway: "10.9.0.1")
      let token = try await ISPTestbed.staffToken()
      var random = SeededRandom.forTest("isp inputs")
      func text() -> String { WireRanges.text(&random, extra: Self.texts) }
      for _ in 0..<150 {
        let type = PlanType(
          code: text(), name: text(), value: WireRanges.decimal(&random), currency: text(),
          downloadKbps: WireRanges.int32(&random), uploadKbps: WireRanges.int32(&random),
          franchiseGB: WireRanges.int32(&random))
        await WireRanges.judge("SetPlanType \(type)") {
          _ = try await isp.call(ISPContract.setPlanType, type, token: token)
        }
        let adjustment = PlanAdjustment(
          kind: AdjustmentKind(rawValue: WireRanges.int32(&random) & 3) ?? .discount,
          amount: WireRanges.decimal(&random),
          percent: WireRanges.decimal(&random), applied: Bool.random(using: &random),
          fromMonth: WireRanges.int32(&random), toMonth: WireRanges.int32(&random), description: text())
        let billing = PlanBilling(
          paymentMethod: text(), dueDay: WireRanges.int32(&random), lastClosingOn: WireRanges.date(&random),
          adjustments: [adjustment])
        let contract = PlanContract(
          startsOn: WireRanges.date(&random), endsOn: WireRanges.date(&random), template: text(),
          penalty: WireRanges.decimal(&random))
        let add = AddPlanRequest(
          customerID: Bool.random(using: &random) ? customer.customerID : text(), accountNumber: text(),
          planType: "fibra-100", value: WireRanges.decimal(&random), reference: text(),
          installationAddress: PostalAddress(street: text(), city: text()), franchiseGB: WireRanges.int32(&random),
          contract: contract, billing: billing, login: text(), password: text())
        await WireRanges.judge("AddPlan") { _ = try await isp.call(ISPContract.addPlan, add, token: token) }
        await WireRanges.judge("SetPlanBilling") {
          _ = try await isp.call(
            ISPContract.setPlanBilling, SetPlanBillingRequest(planID: plan.id, billing: billing), token: token)
        }
        await WireRanges.judge("SetPlanContract") {
          _ = try await isp.call(
            ISPContract.setPlanContract, SetPlanContractRequest(planID: plan.id, contract: contract), token: token)
        }
        await WireRanges.judge("ChangePlanValue") {
          _ = try await isp.call(
            ISPContract.changePlanValue,
            ChangePlanValueRequest(planID: plan.id, value: WireRanges.decimal(&random), reason: "x"), token: token)
        }
        let assign = AssignAddressRequest(
          planID: plan.id, accessPointID: Bool.random(using: &random) ? point.id : WireRanges.int64(&random),
          address: text(), secondary: true, mac: text(), downloadKbps: WireRanges.int32(&random),
          uploadKbps: WireRanges.int32(&random), options: [text()], wpa2: Bool.random(using: &random))
        await WireRanges.judge("AssignAddress") {
          _ = try await isp.call(ISPContract.assignAddress, assign, token: token)
        }
        await WireRanges.judge("ReleaseAddress") {
          _ = try await isp.call(
            ISPContract.releaseAddress, ReleaseAddressRequest(addressID: WireRanges.int64(&random)), token: token)
        }
        await WireRanges.judge("CreateAccessPoint") {
          _ = try await isp.call(
            ISPContract.createAccessPoint,
            CreateAccessPointRequest(
              name: text(), network: text(), gateway: text(), nasAddress: text(), nasSecret: text()),
            token: token)
        }
        await WireRanges.judge("CreateLogin") {
          _ = try await isp.call(
            ISPContract.createLogin, CreateLoginRequest(planID: plan.id, login: text(), password: text()), token: token)
        }
        await WireRanges.judge("SetCircuit") {
          _ = try await isp.call(ISPContract.setCircuit, SetCircuitRequest(planID: text(), name: text()), token: token)
        }
        let from = UTCTimestamp(microsecondsSinceEpoch: WireRanges.int64(&random))
        let until = UTCTimestamp(microsecondsSinceEpoch: WireRanges.int64(&random))
        await WireRanges.judge("ConnectionExtract") {
          _ = try await isp.call(
            ISPContract.connectionExtract,
            ConnectionExtractRequest(
              login: text(), from: from, until: until,
              page: PageRequest(size: UInt32(truncatingIfNeeded: WireRanges.int32(&random)), token: text())),
            token: token)
        }
        await WireRanges.judge("ListPlans") {
          _ = try await isp.call(
            ISPContract.listPlans,
            ListPlansRequest(
              customerID: text(), circuit: text(),
              status: PlanStatus(rawValue: WireRanges.int32(&random) & 7) ?? .active,
              page: PageRequest(size: UInt32(truncatingIfNeeded: WireRanges.int32(&random)), token: text())),
            token: token)
        }
        await WireRanges.judge("ChargePlans") {
          _ = try await isp.call(
            ISPContract.chargePlans, ChargePlansRequest(month: WireRanges.date(&random)), token: token)
        }
      }
      // The server still answers, and the pool never handed out more than it holds.
      let points = try await isp.staff(ISPContract.listAccessPoints, ListAccessPointsRequest())
      #expect(points.accessPoints.allSatisfy { $0.used <= $0.capacity })
      #expect(try await isp.staff(ISPContract.getPlan, GetPlanRequest(planID: plan.id)).id == plan.id)
    }
  }

  @Test("logins: accents refused with «Bloquear Acentos» on, taken without it; a login required with the setting")
  func loginSettings() async throws {
    try await ISPTestbed.with { isp in
      try await isp.planType()
      let customer = try await isp.customer("Otávio Braga", contract: "ISP-61", account: "70000061")
      let plan = try await isp.plan(customer, account: "70000061")
      let accented = await #expect(throws: RPCError.self) {
        _ = try await isp.staff(ISPContract.createLogin, CreateLoginRequest(planID: plan.id, login: "otávio"))
      }
      #expect(accented?.violations["login"] == "LOGIN_INVALID")
      let generated = try await isp.staff(ISPContract.createLogin, CreateLoginRequest(planID: plan.id, login: "otavio"))
      #expect(generated.password.count == 12 && generated.state == .active)
      let hidden = try await isp.call(
        ISPContract.getLogin, LoginActionRequest(login: "otavio"),
        token: try await ISPTestbed.staffToken([ISPPermission.plansRead]))
      #expect(hidden.password.isEmpty)
      #expect(
        try await isp.staff(ISPContract.getLogin, LoginActionRequest(login: "otavio")).password == generated.password)
      let taken = await #expect(throws: RPCError.self) {
        _ = try await isp.staff(ISPContract.createLogin, CreateLoginRequest(planID: plan.id, login: "otavio"))
      }
      #expect(taken?.reason == "LOGIN_TAKEN")
    }
    try await ISPTestbed.with(settings: [
      "abonent.isp.blockAccentsInLogins": "false", "abonent.isp.loginRequired": "true",
    ]) {
      isp in
      try await isp.planType()
      let customer = try await isp.customer("Paula Sá", contract: "ISP-62", account: "70000062")
      let missing = await #expect(throws: RPCError.self) { _ = try await isp.plan(customer, account: "70000062") }
      #expect(missing?.violations["login"] == "LOGIN_REQUIRED")
      let plan = try await isp.plan(customer, account: "70000062", login: "paulasá")
      #expect(plan.logins == ["paulasá"])
    }
  }

  @Test("a customer's token sees its own organization's plans only")
  func customerConfinement() async throws {
    try await ISPTestbed.with { isp in
      try await isp.planType()
      let customer = try await isp.customer("Quitéria Lopes", contract: "ISP-63", account: "70000063")
      let plan = try await isp.plan(customer, account: "70000063")
      let stranger = try await TestTokens.make(
        audience: "abonent-isp", permissions: [ISPPermission.plansRead, ISPPermission.plansCancel],
        userID: "user-x", organizationID: UUID().uuidString.lowercased(), kind: .customer)
      let hidden = await #expect(throws: RPCError.self) {
        _ = try await isp.call(ISPContract.getPlan, GetPlanRequest(planID: plan.id), token: stranger)
      }
      #expect(hidden?.reason == "PLAN_NOT_FOUND")
      let cancel = await #expect(throws: RPCError.self) {
        _ = try await isp.call(ISPContract.cancelPlan, PlanActionRequest(planID: plan.id), token: stranger)
      }
      #expect(cancel?.reason == "PLAN_NOT_FOUND")
      #expect(try await isp.call(ISPContract.listPlans, ListPlansRequest(), token: stranger).plans.isEmpty)
      #expect(try await isp.staff(ISPContract.getPlan, GetPlanRequest(planID: plan.id)).status == .active)
      // The organization's own user sees and cancels its plan.
      let organization = UUID().uuidString.lowercased()
      let own = try await isp.customer(
        "Rui Tavares", contract: "ISP-64", account: "70000064", organization: organization)
      let ownPlan = try await isp.plan(own, account: "70000064")
      let owner = try await TestTokens.make(
        audience: "abonent-isp", permissions: [ISPPermission.plansRead, ISPPermission.plansCancel], userID: "user-o",
        organizationID: organization, kind: .customer)
      #expect(
        try await isp.call(ISPContract.listPlans, ListPlansRequest(), token: owner).plans.map(\.id) == [ownPlan.id])
      let cancelled = try await isp.call(ISPContract.cancelPlan, PlanActionRequest(planID: ownPlan.id), token: owner)
      #expect(cancelled.plan.status == .cancelled)
      #expect(try await isp.history(ownPlan.id).first?.actor == "customer:user-o")
    }
  }
}
