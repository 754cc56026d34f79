import BillingAPI
import GRPCCore
import PostgresNIO
import Prometheus
import RPC
import Runtime
import ServiceLifecycle
import Storage
import UtilitiesAPI
import UtilitiesRules
import WireCodec

extension Utilities {
  /// How long a claimed batch is kept from other replicas: longer than a PostCharges call may take.
  static let chargeClaim: Duration = .seconds(60)

  /// One round: claims pending month charges (SKIP LOCKED, so replicas share them), posts them
  /// to Billing with no transaction open, records the answer. Each charge's usage id is its
  /// account, month and service, and PostCharges charges a usage id once: a batch posted again
  /// after a crash or a lost answer charges nothing twice. Returns how many were claimed.
  func postPendingCharges() async throws -> Int {
    let billing = try self.requireBilling()
    let batch = try await self.database.transaction { connection in
      try await connection.query(
        """
        UPDATE month_charges c SET claimed_until = \(self.now.adding(Self.chargeClaim)), attempts = c.attempts + 1
        FROM (SELECT account_number, period, service FROM month_charges
              WHERE posting = 'pending' AND (claimed_until IS NULL OR claimed_until < \(self.now))
              ORDER BY period, account_number, service LIMIT 500 FOR UPDATE SKIP LOCKED) p
        WHERE c.account_number = p.account_number AND c.period = p.period AND c.service = p.service
        RETURNING c.account_number, c.period, c.service, c.gross_minor, c.litres
        """, logger: self.logger
      ).decode((String, CalendarDate, String, Int64, Int64).self).collect()
    }
    guard !batch.isEmpty else { return 0 }
    let charges = batch.map { self.usageCharge(account: $0.0, period: $0.1, service: $0.2, gross: $0.3, litres: $0.4) }
    do {
      do {
        _ = try await billing.call(BillingContract.postCharges, PostChargesRequest(charges: charges), idempotent: true)
        try await self.markPosting(batch.map { ($0.0, $0.1, $0.2) }, as: "posted", reason: "")
      } catch let error as RPCError where error.isRefusalOfContent {
        // One bad charge refuses the batch: each alone finds it; the rest go.
        for (index, charge) in charges.enumerated() {
          let key = [(batch[index].0, batch[index].1, batch[index].2)]
          do {
            _ = try await billing.call(
              BillingContract.postCharges, PostChargesRequest(charges: [charge]), idempotent: true)
            try await self.markPosting(key, as: "posted", reason: "")
          } catch let error as RPCError where error.isRefusalOfContent {
            self.logger.error("Billing refused a month charge", metadata: ["usage": "\(charge.usageID)"])
            try await self.markPosting(key, as: "refused", reason: error.refusalText)
            self.refusedCounter.increment()
          }
        }
      }
    } catch {
      try? await self.markPosting(batch.map { ($0.0, $0.1, $0.2) }, as: "pending", reason: "")
      throw error
    }
    return batch.count
  }

  /// A month charge as PostCharges carries it. The usage id is its account, month and service
  /// (`<account>:<YYYY-MM>:<water|sewer>`, as ``usageIDColumn`` makes it in SQL), so Billing
  /// charges each at most once.
  func usageCharge(account: String, period: CalendarDate, service: String, gross: Int64, litres: Int64) -> UsageCharge {
    let (year, month, _) = period.components
    let name = BillingMonth(year: year, month: month)?.russianName ?? ""
    return UsageCharge(
      usageID: "\(account):\(period.description.prefix(7)):\(service)", accountNumber: account,
      amount: Tenge.decimal(gross),
      serviceCode: service == "sewer" ? self.settings.sewerServiceCode : self.settings.waterServiceCode,
      subscriptionID: "", date: period.lastOfMonth,
      comment:
        "\(service == "sewer" ? "Водоотведение" : "Водоснабжение") за \(name) \(year): \(ExactDecimal(units: litres, scale: 3).normalized) м³"
    )
  }

  /// The usage id of a `month_charges` row (aliased `c`), as ``usageCharge`` makes it.
  static let usageIDColumn = "(c.account_number || ':' || to_char(c.period, 'YYYY-MM') || ':' || c.service)"

  private func markPosting(_ keys: [(String, CalendarDate, String)], as posting: String, reason: String) async throws {
    try await self.database.transaction { connection in
      try await connection.query(
        """
        UPDATE month_charges c SET posting = \(posting), posting_reason = \(String(reason.prefix(500))), claimed_until = NULL,
          posted_at = CASE WHEN \(posting) = 'posted' THEN \(self.now) ELSE posted_at END,
          refused_at = CASE WHEN \(posting) = 'refused' THEN \(self.now) ELSE refused_at END
        FROM unnest(\(keys.map(\.0))::text[], \(keys.map { $0.1.description })::date[], \(keys.map(\.2))::text[]) AS k(a, p, s)
        WHERE c.account_number = k.a AND c.period = k.p AND c.service = k.s AND c.posting = 'pending'
        """, logger: self.logger)
    }
  }
}

/// Posts month charges Billing did not take at the close (it was away): a round every
/// `postInterval`, again at once while rounds come full.
struct MonthChargePoster: Service {
  let utilities: Utilities

  func run() async throws {
    await repeatRounds(
      pause: self.utilities.settings.postInterval, maxPause: .seconds(60), logger: self.utilities.logger,
      what: "posting month charges"
    ) {
      try await self.utilities.postPendingCharges() >= 500
    }
  }
}
