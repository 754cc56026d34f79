import BillingAPI
import PostgresNIO
import RPC
import Storage
import WireCodec

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

extension Billing {
  /// An account's entries, filtered, in posting order (the page token is the last entry id),
  /// with totals per service over every matching entry (not just the page).
  func listTransactions(_ request: ListTransactionsRequest, caller: Caller) async throws -> ListTransactionsReply {
    let page = try Self.pages.page(of: request.page, by: Int64.self)
    return try await self.database.withConnection { connection in
      let account = try self.visible(
        try await self.account(.number(request.accountNumber), on: connection), to: caller,
        with: BillingPermission.accountsRead)
      let filter = TransactionFilter(request, accountID: account.id)
      let rows = try await connection.query(
        filter.page(newestFirst: request.order != .oldestFirst, after: page.after, limit: page.limit),
        logger: self.logger
      )
      .decode(EntryRow.Row.self).collect()
      let totals = try await connection.query(filter.totals(), logger: self.logger).decode((String, String, Int64).self)
        .collect()
        .map { code, sum, count in
          (code, try self.checked(sum, currency: account.currency, what: "The total of service \(code)"), count)
        }
      let (shown, next) = page.cut(rows) { $0.0 }
      let entries = shown.map { EntryRow($0).message }
      return ListTransactionsReply(
        entries: Array(entries), nextPageToken: next,
        totals: totals.map {
          ServiceTotal(serviceCode: $0.0, total: Money.decimal($0.1, currency: account.currency), count: $0.2)
        })
    }
  }
}

/// The filters of ListTransactions as bound parameters; an unset filter is NULL (or an
/// empty array) and matches everything.
struct TransactionFilter {
  let accountID: UUID
  let service: String?
  let kinds: [String]
  let source: String?
  let from: CalendarDate?
  let to: CalendarDate?

  init(_ request: ListTransactionsRequest, accountID: UUID) {
    self.accountID = accountID
    self.service = request.serviceCode.nonEmpty
    self.kinds = request.kinds.filter { $0 != .unspecified }.map(\.column)
    self.source = request.source.nonEmpty
    self.from = request.from
    self.to = request.to
  }

  func page(newestFirst: Bool, after cursor: Int64?, limit: Int) -> PostgresQuery {
    if newestFirst {
      return """
        SELECT \(unescaped: EntryRow.columns) FROM ledger_entries e
        WHERE e.account_id = \(self.accountID) AND (\(self.service)::text IS NULL OR e.service_code = \(self.service))
          AND (cardinality(\(self.kinds)::text[]) = 0 OR e.kind = ANY(\(self.kinds))) AND (\(self.source)::text IS NULL OR e.source = \(self.source))
          AND (\(self.from)::date IS NULL OR e.value_date >= \(self.from)) AND (\(self.to)::date IS NULL OR e.value_date <= \(self.to))
          AND e.id < \(cursor ?? Int64.max)
        ORDER BY e.id DESC LIMIT \(limit)
        """
    }
    return """
      SELECT \(unescaped: EntryRow.columns) FROM ledger_entries e
      WHERE e.account_id = \(self.accountID) AND (\(self.service)::text IS NULL OR e.service_code = \(self.service))
        AND (cardinality(\(self.kinds)::text[]) = 0 OR e.kind = ANY(\(self.kinds))) AND (\(self.source)::text IS NULL OR e.source = \(self.source))
        AND (\(self.from)::date IS NULL OR e.value_date >= \(self.from)) AND (\(self.to)::date IS NULL OR e.value_date <= \(self.to))
        AND e.id > \(cursor ?? 0)
      ORDER BY e.id LIMIT \(limit)
      """
  }

  func totals() -> PostgresQuery {
    """
    SELECT e.service_code, sum(e.amount_minor)::text, count(*) FROM ledger_entries e
    WHERE e.account_id = \(self.accountID) AND (\(self.service)::text IS NULL OR e.service_code = \(self.service))
      AND (cardinality(\(self.kinds)::text[]) = 0 OR e.kind = ANY(\(self.kinds))) AND (\(self.source)::text IS NULL OR e.source = \(self.source))
      AND (\(self.from)::date IS NULL OR e.value_date >= \(self.from)) AND (\(self.to)::date IS NULL OR e.value_date <= \(self.to))
    GROUP BY e.service_code ORDER BY e.service_code
    """
  }
}
