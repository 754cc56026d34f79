import PostgresNIO
import RPC
import Storage
import TelecomAPI
import TelecomRules
import WireCodec

/// SmsStatistics (docs/telecom.md, "Call records"; the cabinet manual's SMS statistics): an SMS
/// subscription's messages over a period, counted per day and delivery status, with a page of
/// the messages themselves. Served by the partial index on SMS records by subscription.
extension Telecom {
  func smsStatistics(_ request: SmsStatisticsRequest, caller: Caller) async throws -> SmsStatisticsReply {
    try caller.require(TelecomPermission.callsRead)
    let page = try Self.pages.page(of: request.page, by: PageKeyPair<UTCTimestamp, String>.self)
    var checks = FieldChecks()
    checks.text(request.subscriptionID, field: "subscriptionID", name: "The subscription", maximum: 64)
    let days = Int(request.through.daysSinceEpoch) - Int(request.from.daysSinceEpoch)
    if days < 0 {
      checks.add("through", "BEFORE_FROM", "The last day is on or after the first.")
    } else if days > 92 {
      checks.add("through", "RANGE_TOO_LONG", "SMS statistics cover at most 93 days.")
    }
    try checks.check()
    let from = request.from.midnightUTC
    let to = UTCTimestamp(microsecondsSinceEpoch: (Int64(request.through.daysSinceEpoch) + 1) * 86_400_000_000)
    let status = request.status.code
    if let organization = try self.scope(of: caller) {
      // A customer sees subscriptions whose messages were charged to its organization's accounts.
      let owns = try await self.database.withConnection { connection in
        try await connection.query(
          """
          SELECT EXISTS (SELECT 1 FROM call_records c JOIN sims s ON s.account_number = c.account_number
                         WHERE c.service = 'SMS' AND c.subscription_id = \(request.subscriptionID)
                           AND s.organization_id = \(organization))
          """, logger: self.logger
        ).decode(Bool.self).collect().first ?? false
      }
      guard owns else { throw TelecomError.subscriptionNotFound }
    }
    return try await self.database.withConnection { connection in
      let counts = try await connection.query(
        """
        SELECT (started_at AT TIME ZONE 'UTC')::date, delivery_status, count(*) FROM call_records
        WHERE service = 'SMS' AND subscription_id = \(request.subscriptionID)
          AND started_at >= \(from) AND started_at < \(to) AND (\(status) = '' OR delivery_status = \(status))
        GROUP BY 1, 2 ORDER BY 1, 2
        """, logger: self.logger
      ).decode((CalendarDate, String, Int64).self).collect()
      let rows = try await connection.query(
        """
        SELECT call_id, account_number, dialed, started_at, delivery_status, quantity, retail_minor FROM call_records
        WHERE service = 'SMS' AND subscription_id = \(request.subscriptionID)
          AND started_at >= \(from) AND started_at < \(to) AND (\(status) = '' OR delivery_status = \(status))
          AND (\(page.after?.first)::timestamptz IS NULL
               OR (started_at, call_id) < (\(page.after?.first), \(page.after?.second)))
        ORDER BY started_at DESC, call_id DESC LIMIT \(page.limit)
        """, logger: self.logger
      ).decode((String, String, String, UTCTimestamp, String, Int64, Int64?).self).collect()
      let (shown, next) = page.cut(rows) { PageKeyPair($0.3, $0.0) }
      let daily = counts.map {
        SmsDayCount(day: $0.0, status: SmsDeliveryStatus(code: $0.1) ?? .unspecified, messages: UInt64($0.2))
      }
      var totals: [SmsDeliveryStatus: UInt64] = [:]
      for day in daily { totals[day.status, default: 0] += day.messages }
      return SmsStatisticsReply(
        days: daily,
        totals: totals.keys.sorted { $0.rawValue < $1.rawValue }.map {
          SmsDayCount(day: nil, status: $0, messages: totals[$0] ?? 0)
        },
        messages: shown.map { row in
          SentSms(
            callID: row.0, accountNumber: row.1, dialedNumber: row.2, sentAt: row.3,
            status: SmsDeliveryStatus(code: row.4) ?? .unspecified, quantity: UInt64(clamping: row.5),
            charge: row.6.map { ExactDecimal(units: $0, scale: 2) })
        }, nextPageToken: next)
    }
  }
}
