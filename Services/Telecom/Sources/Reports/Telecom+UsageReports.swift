import RPC
import Storage
import TelecomAPI
import WireCodec

/// Usage reports by the seed's three templates (docs/telecom.md, "Usage reports and
/// downloads"): sessions, days, calls and SMS, over chosen SIMs and days, paged, with the whole
/// report's totals. A customer sees only the usage recorded for its organization.
extension Telecom {
  func usageReport(_ request: UsageReportRequest, caller: Caller) async throws -> UsageReportReply {
    try caller.require(TelecomPermission.reportsRead)
    let query = try self.reportQuery(request, caller: caller)
    let page = try Self.pages.page(of: request.page, by: UsageReportCursor.self)
    let (rows, totals) = try await self.database.withConnection { connection in
      (
        try await self.usageReportRows(query, after: page.after, limit: page.limit, on: connection),
        try await self.usageReportTotals(query, on: connection)
      )
    }
    let (shown, next) = page.cut(rows) { row in
      query.template == .days ? UsageReportCursor.day(row) : UsageReportCursor.record(start: row.start, id: row.id)
    }
    return UsageReportReply(
      rows: shown.map(\.wire), nextPageToken: next, totalRows: UInt64(max(totals.rows, 0)), totals: totals.tally.wire,
      timeZone: query.timeZone)
  }

  /// The request checked, confined to the caller's organization when it is a customer.
  func reportQuery(_ request: UsageReportRequest, caller: Caller) throws -> UsageReportQuery {
    try UsageReportQuery(request, organization: try self.scope(of: caller), timeZone: self.settings.reportTimeZone)
  }
}
