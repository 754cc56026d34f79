import Foundation
import GRPCCore
import RPC
import Storage
import TelecomAPI
import TestSupport
import Testing
import WireCodec

/// SMS statistics (docs/telecom.md, "Call records"; the cabinet manual: "in the SMS
/// subscription one can see the statistics and status of every sent SMS").
@Suite(
  "Call records: SMS statistics",
  .enabled(
    if: TestDatabase.isAvailable && PrivateOsmoHLR.canStart,
    "needs the test PostgreSQL and osmo-hlr (scripts/test.sh provides both)"))
struct SmsStatisticsTests {
  /// Midnight UTC, `days` days ago.
  static func midnight(daysAgo days: Int64) -> UTCTimestamp {
    let today = UTCTimestamp.now.microsecondsSinceEpoch / 86_400_000_000
    return UTCTimestamp(microsecondsSinceEpoch: (today - days) * 86_400_000_000)
  }

  static func sms(_ id: String, _ status: SmsDeliveryStatus, daysAgo: Int64, minute: Int64, subscription: String)
    -> CallDetailRecord
  {
    CallDetailRecord(
      callID: id, accountNumber: "LS-1", caller: "INFO", dialedNumber: "+79161234567", service: .sms,
      placeOfService: "MSK", startedAt: Self.midnight(daysAgo: daysAgo).adding(.seconds(60 * minute)), answered: true,
      durationSeconds: 0, quantity: 1, deliveryStatus: status, subscriptionID: subscription)
  }

  @Test("counts per day and status, totals, the messages paged and filtered by status; another subscription apart")
  func statistics() async throws {
    try await TelecomTestbed.with { bed in
      let ingest = try await TelecomTestbed.staffToken([TelecomPermission.callsIngest])
      let reader = try await TelecomTestbed.staffToken([TelecomPermission.callsRead])
      var records: [CallDetailRecord] = []
      // Two days ago: 3 delivered, 1 failed. Yesterday: 2 delivered, 1 expired, 1 pending.
      for (index, status) in [SmsDeliveryStatus.delivered, .delivered, .delivered, .failed].enumerated() {
        records.append(Self.sms("a\(index)", status, daysAgo: 2, minute: Int64(index), subscription: "SUB-1"))
      }
      for (index, status) in [SmsDeliveryStatus.delivered, .delivered, .expired, .pending].enumerated() {
        records.append(Self.sms("b\(index)", status, daysAgo: 1, minute: Int64(index), subscription: "SUB-1"))
      }
      records.append(Self.sms("other", .delivered, daysAgo: 1, minute: 9, subscription: "SUB-2"))
      _ = try await bed.upload(TelecomContract.ingestCalls, [CallRecordBatch(records: records)], token: ingest)

      let twoDaysAgo = CalendarDate(
        daysSinceEpoch: Int32(Self.midnight(daysAgo: 2).microsecondsSinceEpoch / 86_400_000_000))
      let yesterday = CalendarDate(daysSinceEpoch: twoDaysAgo.daysSinceEpoch + 1)
      let reply = try await bed.call(
        TelecomContract.smsStatistics,
        SmsStatisticsRequest(
          subscriptionID: "SUB-1", from: twoDaysAgo, through: yesterday, status: .unspecified,
          page: PageRequest(size: 5, token: "")), token: reader)
      let days = reply.days.map { "\($0.day?.description ?? "") \($0.status) \($0.messages)" }
      #expect(
        days == [
          "\(twoDaysAgo) delivered 3", "\(twoDaysAgo) failed 1", "\(yesterday) delivered 2",
          "\(yesterday) expired 1", "\(yesterday) pending 1",
        ])
      #expect(
        reply.totals.map { "\($0.status) \($0.messages)" } == ["delivered 5", "pending 1", "failed 1", "expired 1"])
      #expect(reply.messages.map(\.callID) == ["b3", "b2", "b1", "b0", "a3"] && !reply.nextPageToken.isEmpty)
      let rest = try await bed.call(
        TelecomContract.smsStatistics,
        SmsStatisticsRequest(
          subscriptionID: "SUB-1", from: twoDaysAgo, through: yesterday, status: .unspecified,
          page: PageRequest(size: 5, token: reply.nextPageToken)), token: reader)
      #expect(rest.messages.map(\.callID) == ["a2", "a1", "a0"] && rest.nextPageToken.isEmpty)

      let failed = try await bed.call(
        TelecomContract.smsStatistics,
        SmsStatisticsRequest(
          subscriptionID: "SUB-1", from: twoDaysAgo, through: yesterday, status: .failed, page: .init()),
        token: reader)
      #expect(failed.messages.map(\.callID) == ["a3"] && failed.totals.map(\.messages) == [1])

      // An SMS without its status, or a call with one, is refused.
      var noStatus = Self.sms("c", .unspecified, daysAgo: 1, minute: 1, subscription: "SUB-1")
      let refused = await bed.refusal {
        _ = try await bed.upload(TelecomContract.ingestCalls, [CallRecordBatch(records: [noStatus])], token: ingest)
      }
      #expect(refused?.message.contains("records[0].deliveryStatus") == true)
      noStatus.service = .outgoingCall
      noStatus.deliveryStatus = .delivered
      let callWithStatus = await bed.refusal {
        _ = try await bed.upload(TelecomContract.ingestCalls, [CallRecordBatch(records: [noStatus])], token: ingest)
      }
      #expect(callWithStatus?.message.contains("SMS records only") == true)

      let tooLong = await bed.refusal {
        _ = try await bed.call(
          TelecomContract.smsStatistics,
          SmsStatisticsRequest(
            subscriptionID: "SUB-1", from: CalendarDate(daysSinceEpoch: yesterday.daysSinceEpoch - 93),
            through: yesterday, status: .unspecified, page: .init()), token: reader)
      }
      #expect(tooLong?.message.contains("93 days") == true)
      let customer = try await TestTokens.make(
        audience: "abonent-telecom", permissions: [TelecomPermission.callsRead], userID: "u-1",
        organizationID: UUID().uuidString, kind: .customer)
      let foreign = await bed.refusal {
        _ = try await bed.call(
          TelecomContract.smsStatistics,
          SmsStatisticsRequest(
            subscriptionID: "SUB-1", from: twoDaysAgo, through: yesterday, status: .unspecified, page: .init()),
          token: customer)
      }
      #expect(foreign?.reason == "SUBSCRIPTION_NOT_FOUND")
    }
  }
}
