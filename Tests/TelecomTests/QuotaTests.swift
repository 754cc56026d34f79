import Foundation
import GRPCCore
import PostgresNIO
import RPC
import Storage
import TelecomAPI
import TestSupport
import Testing
import WireCodec

/// Quota thresholds (docs/telecom.md, "Quota thresholds"): set by a customer on a SIM or a
/// group, evaluated as usage arrives; a `notify` quota rings the bell of whoever set it, once
/// per SIM and month; a `block` quota also blocks the SIM in osmo-hlr.
@Suite(
  "Quota thresholds",
  .enabled(
    if: TestDatabase.isAvailable && PrivateOsmoHLR.canStart,
    "needs the test PostgreSQL and osmo-hlr (scripts/test.sh provides both)"))
struct QuotaTests {
  /// Mid-November: a day's usage before it stays within one calendar month.
  static let through = UTCTimestamp(rfc3339: "2026-11-15T12:00:00Z")!

  func simulate(_ bed: TelecomTestbed, _ iccid: String, count: UInt32) async throws -> [SimulatedUsageRecord] {
    try await bed.call(
      TelecomContract.simulateUsage,
      SimulateUsageRequest(
        iccid: iccid, count: count, from: Self.through.adding(.seconds(-86_400)), through: Self.through),
      token: try await TelecomTestbed.staffToken(TelecomPermission.all)
    ).records
  }

  func quota(iccid: String = "", group: String = "", _ metric: QuotaMetric, _ threshold: Int64, _ action: QuotaAction)
    -> SetQuotaRequest
  {
    SetQuotaRequest(
      quota: Quota(
        id: "", iccid: iccid, group: group, metric: metric, threshold: threshold, action: action, createdBy: "",
        createdAt: .now))
  }

  @Test("a notify quota on a SIM and a block quota on a group act once each as usage arrives")
  func notifyAndBlock() async throws {
    try await TelecomTestbed.with(settings: UsageChargeTests.usageSettings) { bed in
      let organization = UUID().uuidString.lowercased()
      let customer = try await TelecomTestbed.customerToken(
        organization: organization,
        permissions: [TelecomPermission.simsRead, TelecomPermission.simsOperate, TelecomPermission.simsBlock])
      let iccids = try await bed.importSims(240...242)
      try await bed.assign(iccids, account: "Q-1", organization: organization)
      _ = try await bed.call(
        TelecomContract.editSim, EditSimRequest(iccid: iccids[1], name: "Насос 1", groups: ["pumps"], comment: ""),
        token: customer)

      let sms = try await bed.call(
        TelecomContract.setQuota, self.quota(iccid: iccids[0], .smsCount, 3, .notify), token: customer)
      #expect(sms.createdBy.hasPrefix("user-") && sms.metric == .smsCount && sms.action == .notify)
      _ = try await bed.call(
        TelecomContract.setQuota, self.quota(group: "pumps", .costMinor, 1, .block), token: customer)

      let first = try await self.simulate(bed, iccids[0], count: 60)
      #expect(first.filter { $0.kind == "sms" }.count >= 3)
      let pumped = try await self.simulate(bed, iccids[1], count: 20)
      #expect(pumped.contains { $0.costMinor > 0 })
      _ = try await self.simulate(bed, iccids[2], count: 20)

      func bell() async throws -> ListNotificationsReply {
        try await bed.call(TelecomContract.listNotifications, ListNotificationsRequest(), token: customer)
      }
      try await eventually("both quotas reached") {
        try await bell().notifications.filter { $0.kind == "quota.reached" }.count == 2
      }
      try await eventually("the pump SIM blocked") {
        try await bed.call(TelecomContract.getSim, GetSimRequest(iccid: iccids[1]), token: customer).state == .blocked
      }
      let stored = try #require(try await bed.hlr.storedSubscriber(imsi: TelecomTestbed.imsi(241)))
      #expect(!stored.namCS && !stored.namPS)
      let history = try await bed.call(
        TelecomContract.listSimOperations, ListSimOperationsRequest(iccid: iccids[1], page: PageRequest()),
        token: customer)
      #expect(history.operations.first?.kind == .block && history.operations.first?.actor.hasPrefix("quota:") == true)
      for iccid in [iccids[0], iccids[2]] {
        #expect(
          try await bed.call(TelecomContract.getSim, GetSimRequest(iccid: iccid), token: customer).state == .active)
      }

      // More usage in the same month: no second notification for the same quota and SIM.
      _ = try await self.simulate(bed, iccids[0], count: 30)
      try await eventually("the second batch stored") {
        try await TestDatabase.running(bed.database) { database in
          try await database.withConnection { connection in
            try await connection.query("SELECT count(*) FROM usage_records", logger: database.logger)
              .decode(Int64.self).collect().first == 130
          }
        }
      }
      let notes = try await bell()
      #expect(notes.notifications.filter { $0.kind == "quota.reached" }.count == 2)
      #expect(notes.unreadCount == 2)
      let read = try await bed.call(
        TelecomContract.markNotificationsRead, MarkNotificationsReadRequest(ids: [], all: true), token: customer)
      #expect(read.unreadCount == 0)
      #expect(try await bell().notifications.allSatisfy { $0.readAt != nil })
    }
  }

  @Test("quotas are the customer's own; bad ones are refused and change nothing")
  func confinedAndChecked() async throws {
    try await TelecomTestbed.with(settings: UsageChargeTests.usageSettings) { bed in
      let mine = UUID().uuidString.lowercased()
      let theirs = UUID().uuidString.lowercased()
      let me = try await TelecomTestbed.customerToken(
        organization: mine, permissions: [TelecomPermission.simsRead, TelecomPermission.simsOperate])
      let them = try await TelecomTestbed.customerToken(
        organization: theirs, permissions: [TelecomPermission.simsRead, TelecomPermission.simsOperate])
      let iccids = try await bed.importSims(250...250)
      try await bed.assign(iccids, account: "Q-2", organization: mine)
      let quota = try await bed.call(
        TelecomContract.setQuota, self.quota(iccid: iccids[0], .dataBytes, 1_000_000, .notify), token: me)

      let list = { (token: String) in
        try await bed.call(TelecomContract.listQuotas, ListQuotasRequest(iccid: "", page: PageRequest()), token: token)
      }
      #expect(try await list(me).quotas.map(\.id) == [quota.id])
      #expect(try await list(them).quotas.isEmpty)
      let foreign = await bed.refusal {
        _ = try await bed.call(TelecomContract.deleteQuota, DeleteQuotaRequest(id: quota.id), token: them)
      }
      #expect(foreign?.reason == "QUOTA_NOT_FOUND")
      let foreignSim = await bed.refusal {
        _ = try await bed.call(
          TelecomContract.setQuota, self.quota(iccid: iccids[0], .dataBytes, 1, .block), token: them)
      }
      #expect(foreignSim?.reason == "SIM_NOT_FOUND")
      for bad in [
        self.quota(iccid: iccids[0], group: "pumps", .dataBytes, 1, .notify),
        self.quota(.dataBytes, 1, .notify),
        self.quota(iccid: iccids[0], .dataBytes, 0, .notify),
        self.quota(iccid: iccids[0], .dataBytes, Int64.max, .notify),
        self.quota(iccid: iccids[0], .unspecified, 1, .notify),
        self.quota(iccid: iccids[0], .dataBytes, 1, .unspecified),
        self.quota(group: String(repeating: "g", count: 101), .dataBytes, 1, .notify),
      ] {
        let refusal = await bed.refusal { _ = try await bed.call(TelecomContract.setQuota, bad, token: me) }
        #expect(refusal?.code == .invalidArgument, "\(bad)")
      }
      #expect(try await list(me).quotas.count == 1)
      _ = try await bed.call(TelecomContract.deleteQuota, DeleteQuotaRequest(id: quota.id), token: me)
      #expect(try await list(me).quotas.isEmpty)
    }
  }
}
