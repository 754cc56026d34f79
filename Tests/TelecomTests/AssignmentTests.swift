import BillingAPI
import Foundation
import GRPCCore
import RPC
import TelecomAPI
import TestSupport
import Testing
import WireCodec

/// AssignSims against a real Billing (docs/telecom.md, "Importing SIMs"): the account must be
/// Billing's and open, the customer's name and organization are Billing's, and every refusal
/// leaves the SIMs in stock.
@Suite(
  "Assignment checked with Billing",
  .enabled(
    if: TestDatabase.isAvailable && PrivateOsmoHLR.canStart,
    "needs the test PostgreSQL and osmo-hlr (scripts/test.sh provides both)"))
struct AssignmentTests {
  func assign(
    _ bed: TelecomTestbed, _ iccids: [String], account: String, name: String = "", organization: String = ""
  ) async throws -> ListSimsReply {
    try await bed.call(
      TelecomContract.assignSims,
      AssignSimsRequest(iccids: iccids, accountNumber: account, customerName: name, organizationID: organization),
      token: try await TelecomTestbed.staffToken())
  }

  /// The SIMs' state, account and organization as Telecom has them.
  func stored(_ bed: TelecomTestbed, _ iccids: [String]) async throws -> [String] {
    var rows: [String] = []
    for iccid in iccids {
      let sim = try await bed.call(
        TelecomContract.getSim, GetSimRequest(iccid: iccid), token: try await TelecomTestbed.staffToken())
      rows.append("\(sim.state) \(sim.accountNumber) \(sim.organizationID)")
    }
    return rows
  }

  @Test(
    "the account is Billing's: unknown, blocked or another organization's refused; name and organization from Billing")
  func checkedWithBilling() async throws {
    try await BillingForTelecom.with { billing in
      try await billing.running { remote in
        try await TelecomTestbed.with(settings: billing.telecomSettings) { bed in
          let iccids = try await bed.importSims(300...303)
          let stock = Array(repeating: "ready  ", count: 2)

          // Unknown to Billing: NOT_FOUND, nothing assigned.
          let unknown = await bed.refusal {
            _ = try await self.assign(bed, Array(iccids[0...1]), account: "NO-SUCH-1", organization: "\(UUID())")
          }
          #expect(unknown?.code == .notFound && unknown?.reason == "ACCOUNT_NOT_FOUND")
          #expect(try await self.stored(bed, Array(iccids[0...1])) == stock)

          // Billing knows the account but not the customer's organization: the caller gives it,
          // and the customer's name is Billing's, whatever the caller wrote.
          let plain = try await billing.account(in: remote, contract: "AS-1")
          let missing = await bed.refusal {
            _ = try await self.assign(bed, [iccids[0]], account: plain.number)
          }
          #expect(missing?.code == .invalidArgument && missing?.violations == ["organizationID": "REQUIRED"])
          let organization = UUID().uuidString.lowercased()
          let assigned = try await self.assign(
            bed, [iccids[0]], account: plain.number, name: "a name of the caller's", organization: organization)
          #expect(assigned.sims.map(\.customerName) == ["ООО «AS-1»"])
          #expect(try await self.stored(bed, [iccids[0]]) == ["active \(plain.number) \(organization)"])

          // A customer Billing links to an Identity organization: that one, or refused.
          let linked = UUID().uuidString.lowercased()
          let customer = try await remote.call(
            BillingContract.createCustomer,
            CreateCustomerRequest(
              details: CustomerDetails(
                kind: .legalEntity, name: "АО «Связь»", taxID: "7736207543", contractNumber: "AS-2",
                country: .russia, region: "Москва", agent: "", manager: "", tags: [], email: "s@example.ru", phone: "",
                organizationID: linked)), token: billing.staff)
          let account = try await remote.call(
            BillingContract.openAccount,
            OpenAccountRequest(customerID: customer.id, number: "", currency: "RUB", paymentMode: .prepaid),
            token: billing.staff)
          let other = await bed.refusal {
            _ = try await self.assign(bed, [iccids[1]], account: account.number, organization: "\(UUID())")
          }
          #expect(other?.code == .invalidArgument && other?.reason == "ORGANIZATION_MISMATCH")
          #expect(try await self.stored(bed, [iccids[1]]) == ["ready  "])
          _ = try await self.assign(bed, [iccids[1]], account: account.number)
          #expect(try await self.stored(bed, [iccids[1]]) == ["active \(account.number) \(linked)"])

          // Blocked in Billing: refused at once, whether or not Telecom has read the event yet.
          _ = try await remote.call(
            BillingContract.blockAccount, SetAccountBlockedRequest(number: account.number, reason: "Долг"),
            token: billing.staff)
          let blocked = await bed.refusal {
            _ = try await self.assign(bed, [iccids[2]], account: account.number)
          }
          #expect(blocked?.code == .failedPrecondition && blocked?.reason == "ACCOUNT_BLOCKED_FOR_DEBT")
          #expect(try await self.stored(bed, [iccids[2]]) == ["ready  "])
        }
      }
    }
  }

  @Test("Billing away, or refusing Telecom the lookup: UNAVAILABLE, and the SIMs stay in stock")
  func billingUnreachable() async throws {
    try await BillingForTelecom.with { billing in
      // No Billing runs behind the proxy.
      try await TelecomTestbed.with(settings: billing.telecomSettings) { bed in
        let iccids = try await bed.importSims(310...310)
        let away = await bed.refusal {
          _ = try await self.assign(bed, iccids, account: "100000001", organization: "\(UUID())")
        }
        #expect(away?.code == .unavailable && away?.reason == "BILLING_UNAVAILABLE")
        #expect(try await self.stored(bed, iccids) == ["ready  "])
      }
      // A service token that may read the feed and post charges but not look accounts up.
      let narrow = try await TestTokens.make(
        audience: "abonent-billing", permissions: [BillingPermission.eventsRead, BillingPermission.chargesPost],
        userID: "svc-telecom", organizationID: nil, kind: .service)
      let settings = billing.telecomSettings.merging(["abonent.telecom.billingToken": narrow]) { _, new in new }
      try await billing.running { remote in
        let account = try await billing.account(in: remote, contract: "AS-3")
        try await TelecomTestbed.with(settings: settings) { bed in
          let iccids = try await bed.importSims(311...311)
          let denied = await bed.refusal {
            _ = try await self.assign(bed, iccids, account: account.number, organization: "\(UUID())")
          }
          #expect(denied?.code == .unavailable && denied?.reason == "BILLING_UNAVAILABLE")
          #expect(denied?.message.contains(BillingPermission.accountsRead.name) == true)
          #expect(try await self.stored(bed, iccids) == ["ready  "])
        }
      }
    }
  }
}
