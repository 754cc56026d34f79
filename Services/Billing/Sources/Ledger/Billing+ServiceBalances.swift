import BillingAPI
import PostgresNIO
import RPC
import Storage
import WireCodec

extension Billing {
  /// Per service of an account: the sum of its entries over the period and its subscriptions
  /// by status — the "services" page of a customer cabinet.
  func serviceBalances(_ request: ServiceBalancesRequest, caller: Caller) async throws -> ServiceBalancesReply {
    let to = request.to ?? self.today
    let from = request.from
    var checks = FieldChecks()
    if let from, from > to {
      checks.add("from", "PERIOD_INVALID", "The period starts (\(from)) after it ends (\(to)).")
    }
    try checks.check()
    return try await self.database.withConnection { connection in
      let account = try self.visible(
        try await self.account(.number(request.accountNumber), on: connection), to: caller,
        with: BillingPermission.accountsRead)
      let sums = try await connection.query(
        """
        SELECT service_code, sum(amount_minor)::text FROM ledger_entries
        WHERE account_id = \(account.id) AND service_code <> '' AND value_date <= \(to)
          AND (\(from)::date IS NULL OR value_date >= \(from))
        GROUP BY service_code
        """, logger: self.logger
      ).decode((String, String).self).collect().map { code, sum in
        (code, try self.checked(sum, currency: account.currency, what: "The balance of service \(code)"))
      }
      let counts = try await connection.query(
        """
        SELECT t.service_code, s.status, count(*) FROM subscriptions s JOIN tariffs t ON t.id = s.tariff_id
        WHERE s.account_id = \(account.id) GROUP BY t.service_code, s.status
        """, logger: self.logger
      ).decode((String, SubscriptionRow.Status, Int64).self).collect()
      let codes = Set(sums.map(\.0)).union(counts.map(\.0)).sorted()
      let names = try await connection.query(
        "SELECT code, name FROM catalogue_services WHERE code = ANY(\(codes))", logger: self.logger
      ).decode((String, String).self).collect()
      let nameOf = Dictionary(names, uniquingKeysWith: { first, _ in first })
      let sumOf = Dictionary(sums, uniquingKeysWith: { first, _ in first })
      let statuses = SubscriptionRow.Status.allCases
      return ServiceBalancesReply(
        currency: account.currency,
        services: codes.map { code in
          ServiceBalance(
            serviceCode: code, serviceName: nameOf[code] ?? "",
            balance: Money.decimal(sumOf[code] ?? 0, currency: account.currency),
            subscriptionsByStatus: statuses.map { status in
              counts.first { $0.0 == code && $0.1 == status }?.2 ?? 0
            })
        })
    }
  }
}
