import PostgresNIO
import RPC
import Storage
import TelecomAPI
import TelecomRules
import WireCodec

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// SearchCalls (docs/telecom.md, "Call records"; the seed's «Просмотр CDR»): an account's
/// records of one billed service — the current hour's, or the archive's over a period —
/// optionally by the dialed number's beginning, newest first, in keyset pages. The service is
/// required, as the seed says: call recording and unlimited call recording are different
/// services, and the question is whether a CALLS_REC line exists for a number.
extension Telecom {
  /// What "current" covers: calls started in the last 60 minutes.
  static let currentCalls: Int64 = 3_600 * 1_000_000
  /// The longest archive period one search covers (93 days: a quarter).
  static let longestCallPeriod: Int64 = 93 * 86_400 * 1_000_000

  func searchCalls(_ request: SearchCallsRequest, caller: Caller) async throws -> SearchCallsReply {
    try caller.require(TelecomPermission.callsRead)
    let page = try Self.pages.page(of: request.page, by: PageKeyPair<UTCTimestamp, String>.self)
    let search = try self.callSearch(request)
    try await self.requireCallAccount(request.accountNumber, organization: try self.scope(of: caller))
    let rows = try await self.database.withConnection { connection in
      try await self.callRows(search, after: page.after, limit: page.limit, on: connection)
    }
    let (shown, next) = page.cut(rows) { PageKeyPair($0.startedAt, $0.callID) }
    return SearchCallsReply(records: Array(shown), nextPageToken: next)
  }

  /// A checked search: the account, the service, the starts it covers and the dialed digits.
  struct CallSearch: Sendable {
    let accountNumber: String
    let service: BilledService
    let from: UTCTimestamp
    let to: UTCTimestamp
    let digits: String
  }

  func callSearch(_ request: SearchCallsRequest) throws(ValidationFailure) -> CallSearch {
    let (from, to) = try self.callPeriod(request)
    let digits =
      request.dialedNumber.isEmpty
      ? "" : try Self.dialedNumber(request.dialedNumber, field: "dialedNumber").description
    return CallSearch(
      accountNumber: request.accountNumber, service: request.service, from: from, to: to, digits: digits)
  }

  /// A customer sees the accounts its SIMs are on, and no other (as if it did not exist).
  func requireCallAccount(_ account: String, organization: UUID?) async throws {
    guard let organization else { return }
    let owns = try await self.database.withConnection { connection in
      try await connection.query(
        """
        SELECT EXISTS (SELECT 1 FROM sims WHERE account_number = \(account) AND organization_id = \(organization))
        """, logger: self.logger
      ).decode(Bool.self).collect().first ?? false
    }
    guard owns else { throw TelecomError.accountNotFound }
  }

  /// Up to `limit` records of `search`, newest first, after the (start, call id) `after`.
  func callRows(
    _ search: CallSearch, after: PageKeyPair<UTCTimestamp, String>?, limit: Int, on connection: PostgresConnection
  ) async throws -> [CallRecordRow] {
    try await connection.query(
      """
      SELECT call_id, caller, dialed, place, started_at, answered, duration_seconds, quantity, reason,
             COALESCE(lock_id::text, ''), provider, retail_minor, retail_currency, source
      FROM call_records
      WHERE account_number = \(search.accountNumber) AND service = \(search.service.code)
        AND started_at >= \(search.from) AND started_at < \(search.to)
        AND (\(search.digits) = '' OR dialed LIKE \(search.digits) || '%')
        AND (\(after?.first)::timestamptz IS NULL OR (started_at, call_id) < (\(after?.first), \(after?.second)))
      ORDER BY started_at DESC, call_id DESC
      LIMIT \(limit)
      """, logger: self.logger
    ).decode(
      (
        String, String, String, String, UTCTimestamp, Bool, Int32, Int64, String, String, String, Int64?, String,
        String
      ).self
    ).collect().map { row in
      CallRecordRow(
        callID: row.0, accountNumber: search.accountNumber, caller: row.1, dialedNumber: row.2,
        service: search.service, placeOfService: row.3, startedAt: row.4, answered: row.5,
        durationSeconds: UInt32(clamping: row.6), quantity: UInt64(clamping: row.7), unratedReason: row.8,
        lockID: row.9, provider: row.10, charge: row.11.map { ExactDecimal(units: $0, scale: 2) }, currency: row.12,
        source: row.13)
    }
  }

  /// The starts a search covers, or the fields' refusals.
  func callPeriod(_ request: SearchCallsRequest) throws(ValidationFailure) -> (UTCTimestamp, UTCTimestamp) {
    var checks = FieldChecks()
    checks.text(request.accountNumber, field: "accountNumber", name: "The account number", maximum: 32)
    if request.service == .unspecified {
      checks.add(
        "service", "SERVICE_REQUIRED",
        "Choose the billed service (call recording and unlimited call recording are different services).")
    }
    let now = self.now.microsecondsSinceEpoch
    let hourAgo = now - Self.currentCalls
    var period = (
      UTCTimestamp(microsecondsSinceEpoch: hourAgo), UTCTimestamp(microsecondsSinceEpoch: now + Self.newestCall)
    )
    switch request.view {
    case .unspecified:
      checks.add("view", "VIEW_REQUIRED", "Choose current (the last 60 minutes) or archive.")
    case .current:
      break
    case .archive:
      if let from = request.from, let to = request.to {
        if to.microsecondsSinceEpoch <= from.microsecondsSinceEpoch {
          checks.add("to", "BEFORE_FROM", "The period ends after it starts.")
        } else if to.microsecondsSinceEpoch - from.microsecondsSinceEpoch > Self.longestCallPeriod {
          checks.add("to", "RANGE_TOO_LONG", "An archive search covers at most 93 days.")
        }
        period = (from, UTCTimestamp(microsecondsSinceEpoch: min(to.microsecondsSinceEpoch, hourAgo)))
      } else {
        checks.add("from", "PERIOD_REQUIRED", "An archive search needs its period, from and to.")
      }
    }
    try checks.check()
    return period
  }
}
