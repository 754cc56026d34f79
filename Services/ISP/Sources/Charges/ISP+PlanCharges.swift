import BillingAPI
import GRPCCore
import ISPAPI
import ISPRules
import PostgresNIO
import Prometheus
import RPC
import Runtime
import ServiceLifecycle
import Storage
import WireCodec

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// Monthly plan charges: recorded once per plan, month and account in one transaction, then
/// posted to Billing with no transaction open (usage id `isp-plan:<plan>:<YYYY-MM>:<account>`,
/// which Billing charges once). A transfer that cancels the old owner's receivables marks its
/// posted charges `reversing`; the same rounds reverse them in Billing (idempotency key
/// `isp-reverse:<usage id>`).
extension ISP {
  static let chargeClaim: Duration = .seconds(60)
  /// The recurring job that charges the current month (`chargeInterval`).
  static let monthChargeJob = "isp.month-charges"

  func chargePlans(_ request: ChargePlansRequest, caller: Caller) async throws -> ChargePlansReply {
    try caller.require(ISPPermission.chargesPost)
    var checks = FieldChecks()
    checks.date(request.month, field: "month")
    try checks.check()
    let period = (request.month ?? self.today).firstOfMonth
    guard period <= self.today else { throw ISPError.monthNotStarted }
    guard self.billing != nil else { throw ISPError.billingUnavailable }
    return try await self.chargeMonth(period)
  }

  /// Records the charges of `period` not recorded yet, sets the charged plans' last closing
  /// date («Data Último Fechamento: preenchido quando há o faturamento do plano»), and posts
  /// them. The charges are recorded claimed by this call, so the poster leaves them to it (and
  /// takes them over when the claim lapses, should this call die). ChargePlans and the
  /// recurring job both come here.
  func chargeMonth(_ period: CalendarDate) async throws -> ChargePlansReply {
    let recorded = try await self.database.transaction { connection in
      // Plans in use on the month's first day or added during it.
      let plans = try await connection.query(
        """
        SELECT \(unescaped: PlanRow.columns) FROM plans p
        WHERE p.deleted_at IS NULL AND p.first_activation_on <= \(period.lastOfMonth)
          AND (p.status = 'active' OR p.status_since > \(period))
        ORDER BY p.id
        """, logger: self.logger
      ).decode(PlanRow.Row.self).collect().map(PlanRow.init)
      let amounts = plans.map { plan in
        plan.composition.monthlyAmount(valueMinor: plan.valueMinor, month: Self.month(period, since: plan))
      }
      let charged = try await connection.query(
        """
        INSERT INTO plan_charges (plan_id, period, account_number, amount_minor, currency, created_at, claimed_until,
                                  attempts)
        SELECT id, \(period), account, amount, currency, \(self.now), \(self.now.adding(Self.chargeClaim)), 1
        FROM unnest(\(plans.map(\.id))::uuid[], \(plans.map(\.accountNumber))::text[], \(amounts)::bigint[],
          \(plans.map(\.currency))::text[]) AS c(id, account, amount, currency)
        WHERE amount > 0
        ON CONFLICT DO NOTHING RETURNING plan_id, period, account_number, amount_minor, posting, entry_id
        """, logger: self.logger
      ).decode(ClaimedCharge.self).collect()
      try await connection.query(
        """
        UPDATE plans SET last_closing_on = \(period.lastOfMonth)
        WHERE id = ANY(\(charged.map(\.0))::uuid[]) AND (last_closing_on IS NULL OR last_closing_on < \(period.lastOfMonth))
        """, logger: self.logger)
      return charged
    }
    do {
      try await self.post(recorded)
    } catch {
      self.logger.warning("plan charges stay pending", metadata: ["error": "\(error)"])
    }
    let counts = try await self.database.withConnection { connection in
      try await connection.query(
        "SELECT posting, count(*) FROM plan_charges WHERE period = \(period) GROUP BY posting", logger: self.logger
      ).decode((String, Int64).self).collect()
    }
    func count(_ posting: String) -> Int32 { Int32(counts.first { $0.0 == posting }?.1 ?? 0) }
    return ChargePlansReply(
      recorded: Int32(recorded.count), posted: count("posted") + count("reversing") + count("reversed"),
      pending: count("pending"), refused: count("refused"))
  }

  /// The plan's month `period` since its first activation: 1 for the activation's month.
  static func month(_ period: CalendarDate, since plan: PlanRow) -> Int {
    guard let first = plan.firstActivationOn else { return 1 }
    let (year, month, _) = period.components
    let (firstYear, firstMonth, _) = first.components
    return max(1, (year - firstYear) * 12 + (month - firstMonth) + 1)
  }

  static func usageID(plan: UUID, period: CalendarDate, account: String) -> String {
    "isp-plan:\(plan.uuidString.lowercased()):\(period.description.prefix(7)):\(account)"
  }

  /// A plan's month charge as PostCharges carries it.
  func usageCharge(plan: UUID, period: CalendarDate, account: String, amountMinor: Int64) -> UsageCharge {
    UsageCharge(
      usageID: Self.usageID(plan: plan, period: period, account: account), accountNumber: account,
      amount: PlanMoney.decimal(amountMinor), serviceCode: self.settings.chargeServiceCode, subscriptionID: "",
      date: period, comment: "Plano \(period.description.prefix(7))")
  }

  /// ``usageID(plan:period:account:)`` of a `plan_charges` row (aliased `c`), in SQL.
  static let usageIDColumn =
    "('isp-plan:' || c.plan_id::text || ':' || to_char(c.period, 'YYYY-MM') || ':' || c.account_number)"

  /// One round: claims charges to post or reverse (SKIP LOCKED, so replicas share them), calls
  /// Billing outside any transaction, records the answers. Returns how many were claimed.
  func postPlanCharges() async throws -> Int {
    guard self.billing != nil else { return 0 }
    let batch = try await self.database.transaction { connection in
      try await connection.query(
        """
        UPDATE plan_charges c SET claimed_until = \(self.now.adding(Self.chargeClaim)), attempts = c.attempts + 1
        FROM (SELECT plan_id, period, account_number FROM plan_charges
              WHERE posting IN ('pending', 'reversing') AND (claimed_until IS NULL OR claimed_until < \(self.now))
              ORDER BY period, plan_id LIMIT 500 FOR UPDATE SKIP LOCKED) x
        WHERE c.plan_id = x.plan_id AND c.period = x.period AND c.account_number = x.account_number
        RETURNING c.plan_id, c.period, c.account_number, c.amount_minor, c.posting, c.entry_id
        """, logger: self.logger
      ).decode(ClaimedCharge.self).collect()
    }
    try await self.post(batch)
    return batch.count
  }

  /// A charge claimed for posting or reversal: plan, period, account, amount, posting, entry.
  typealias ClaimedCharge = (UUID, CalendarDate, String, Int64, String, Int64?)

  /// Posts (or reverses) `batch`, claimed by the caller, with no transaction open, and records
  /// each answer.
  func post(_ batch: [ClaimedCharge]) async throws {
    let pending = batch.filter { $0.4 == "pending" }
    for start in stride(from: 0, to: pending.count, by: 1000) {
      try await self.postCharges(Array(pending[start..<min(start + 1000, pending.count)]))
    }
    for charge in batch where charge.4 == "reversing" {
      try await self.reverse(charge)
    }
  }

  /// One PostCharges call for up to 1,000 charges; a batch Billing refuses is posted charge by
  /// charge, so one bad charge is set aside and the rest go.
  private func postCharges(_ charges: [ClaimedCharge]) async throws {
    guard let billing = self.billing, !charges.isEmpty else { return }
    let request = PostChargesRequest(
      charges: charges.map { self.usageCharge(plan: $0.0, period: $0.1, account: $0.2, amountMinor: $0.3) })
    do {
      let reply = try await billing.call(BillingContract.postCharges, request, idempotent: true)
      try await self.markCharges(charges, as: "posted", entries: reply.postings.map { $0.entry.id }, reason: "")
    } catch let error as RPCError where error.isRefusalOfContent && charges.count > 1 {
      for charge in charges { try await self.postCharges([charge]) }
    } catch let error as RPCError where error.isRefusalOfContent {
      self.logger.error(
        "Billing refused a plan charge",
        metadata: ["usage": "\(request.charges[0].usageID)", "reason": "\(error.message)"])
      try await self.markCharges(charges, as: "refused", entries: [nil], reason: error.refusalText)
      self.refusedCounter.increment(by: Int64(charges.count))
    } catch {
      try? await self.markCharges(charges, as: "pending", entries: charges.map(\.5), reason: "")
      throw error
    }
  }

  /// Reverses a transferred plan's posted charge in Billing (its entry, once per usage).
  private func reverse(_ charge: ClaimedCharge) async throws {
    guard let billing = self.billing, let entry = charge.5 else { return }
    let usage = Self.usageID(plan: charge.0, period: charge.1, account: charge.2)
    do {
      _ = try await billing.call(
        BillingContract.reverseEntry,
        ReverseEntryRequest(
          idempotencyKey: "isp-reverse:\(usage)", entryID: entry, comment: "Carnê cancelado: plano transferido"),
        idempotent: true)
      try await self.markCharges([charge], as: "reversed", entries: [entry], reason: "")
    } catch let error as RPCError where error.isRefusalOfContent {
      self.logger.error("Billing refused a reversal", metadata: ["usage": "\(usage)", "reason": "\(error.message)"])
      try await self.markCharges([charge], as: "posted", entries: [entry], reason: error.refusalText)
    } catch {
      try? await self.markCharges([charge], as: "reversing", entries: [entry], reason: "")
      throw error
    }
  }

  /// Records what became of `charges` (entry ids in order; one nil for all), releasing the claim.
  private func markCharges(_ charges: [ClaimedCharge], as posting: String, entries: [Int64?], reason: String)
    async throws
  {
    // Arrays carry no NULLs here: 0 (no entry id is) stands for none.
    let ids = charges.indices.map { (entries.count == charges.count ? entries[$0] : entries.first ?? nil) ?? 0 }
    try await self.database.transaction { connection in
      try await connection.query(
        """
        UPDATE plan_charges c SET posting = \(posting), entry_id = coalesce(nullif(k.entry, 0), c.entry_id),
          posting_reason = \(reason), claimed_until = NULL,
          refused_at = CASE WHEN \(posting) = 'refused' THEN \(self.now) ELSE c.refused_at END
        FROM unnest(\(charges.map(\.0))::uuid[], \(charges.map { $0.1.description })::date[], \(charges.map(\.2))::text[],
          \(ids)::bigint[]) AS k(plan, period, account, entry)
        WHERE c.plan_id = k.plan AND c.period = k.period AND c.account_number = k.account
        """, logger: self.logger)
    }
  }

}

/// Posts plan charges Billing did not take yet, and reverses those a transfer cancelled: a
/// round every `postInterval`, again at once while rounds come full.
struct PlanChargePoster: Service {
  let isp: ISP

  func run() async throws {
    await repeatRounds(
      pause: self.isp.settings.postInterval, maxPause: .seconds(60), logger: self.isp.logger,
      what: "posting plan charges"
    ) {
      try await self.isp.postPlanCharges() >= 500
    }
  }
}
