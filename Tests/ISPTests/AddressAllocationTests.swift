import Foundation
import GRPCCore
import ISPAPI
import RPC
import TestSupport
import Testing

/// Issue 19, must-show 4: «Novo IP» under concurrency, and the MAC check with the manual's text.
@Suite("ISP: IP pools", .enabled(if: TestDatabase.isAvailable, "needs the test PostgreSQL (scripts/test.sh)"))
struct AddressAllocationTests {
  @Test("20 parallel allocations on a pool with 10 free addresses: exactly 10 succeed, all different, 10 exhausted")
  func parallelAllocations() async throws {
    try await ISPTestbed.with { isp in
      try await isp.planType()
      let customer = try await isp.customer("Pedro Alves", contract: "ISP-10", account: "70000010")
      let plan = try await isp.plan(customer, account: "70000010")
      // A /28 has 14 hosts; less the gateway, 13; three given beforehand leave 10.
      let point = try await isp.accessPoint("10.20.30.0/28", gateway: "10.20.30.1")
      #expect(point.capacity == 13 && point.mask == "255.255.255.240")
      for chosen in ["10.20.30.5", "10.20.30.9", "10.20.30.14"] {
        _ = try await isp.staff(
          ISPContract.assignAddress, AssignAddressRequest(planID: plan.id, accessPointID: point.id, address: chosen))
      }
      let token = try await ISPTestbed.staffToken()
      let outcomes = try await withThrowingTaskGroup(of: Result<String, RPCError>.self) { group in
        for _ in 0..<20 {
          group.addTask {
            do {
              let address = try await isp.call(
                ISPContract.assignAddress, AssignAddressRequest(planID: plan.id, accessPointID: point.id),
                token: token)
              return .success(address.address)
            } catch let error as RPCError {
              return .failure(error)
            }
          }
        }
        return try await group.reduce(into: []) { $0.append($1) }
      }
      let given = outcomes.compactMap { try? $0.get() }
      let refused = outcomes.compactMap { outcome -> RPCError? in
        if case .failure(let error) = outcome { return error } else { return nil }
      }
      #expect(given.count == 10 && Set(given).count == 10, "\(given)")
      #expect(
        refused.count == 10 && refused.allSatisfy { $0.code == .resourceExhausted && $0.reason == "POOL_EXHAUSTED" })
      #expect(!given.contains("10.20.30.1") && !given.contains("10.20.30.0") && !given.contains("10.20.30.15"))
      let all = try await isp.staff(ISPContract.getPlan, GetPlanRequest(planID: plan.id)).addresses.map(\.address)
      #expect(Set(all).count == 13 && all.count == 13)
      // A chosen address already given is refused.
      let taken = await #expect(throws: RPCError.self) {
        _ = try await isp.staff(
          ISPContract.assignAddress,
          AssignAddressRequest(planID: plan.id, accessPointID: point.id, address: "10.20.30.5"))
      }
      #expect(taken?.reason == "ADDRESS_TAKEN")
    }
  }

  @Test(
    "a MAC that is not six hexadecimal pairs is refused with «Formato do MAC é Inválido» in Portuguese; WPA2 gets a key"
  )
  func macAndWPA2() async throws {
    try await ISPTestbed.with { isp in
      try await isp.planType()
      let customer = try await isp.customer("Rita Gomes", contract: "ISP-11", account: "70000011")
      let plan = try await isp.plan(customer, account: "70000011")
      let point = try await isp.accessPoint()
      for mac in ["GG:11:22:33:44:55", "AA:BB:CC:DD:EE", "AA:BB-CC:DD:EE:FF", "aabbccddeeff00"] {
        let error = await #expect(throws: RPCError.self) {
          _ = try await isp.staff(
            ISPContract.assignAddress,
            AssignAddressRequest(planID: plan.id, accessPointID: point.id, mac: mac, language: "pt"))
        }
        #expect(error?.violations["mac"] == "MAC_INVALID", "\(mac)")
        #expect(error?.message == "mac: Formato do MAC é Inválido", "\(mac): \(error?.message ?? "")")
      }
      let english = await #expect(throws: RPCError.self) {
        _ = try await isp.staff(
          ISPContract.assignAddress, AssignAddressRequest(planID: plan.id, accessPointID: point.id, mac: "xyz"))
      }
      #expect(english?.violations["mac"] == "MAC_INVALID" && english?.message.hasPrefix("mac: The MAC") == true)
      let saved = try await isp.staff(
        ISPContract.assignAddress,
        AssignAddressRequest(planID: plan.id, accessPointID: point.id, mac: "0a1b2c3d4e5f", wpa2: true))
      #expect(saved.mac == "0A:1B:2C:3D:4E:5F" && saved.wpa2Key.count == 20)
      #expect(try await isp.staff(ISPContract.getPlan, GetPlanRequest(planID: plan.id)).addresses.count == 1)
    }
  }
}
