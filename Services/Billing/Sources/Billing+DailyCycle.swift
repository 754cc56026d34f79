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
  /// The nightly job's kind; one job per day (the day is its key), whatever the replica count.
  static let dailyCycleJob = "billing.daily-cycle"

  func runDailyCycle(_ request: RunDailyCycleRequest) async throws -> RunDailyCycleReply {
    let date = request.date ?? self.today
    var checks = FieldChecks()
    if date > self.today { checks.add("date", "DATE_IN_FUTURE", "The cycle runs for today or a past day, not for \(date).") }
    try checks.check()
    return try await self.runDailyCycle(for: date)
  }

  /// Everything Billing does once a day, for `date`. Each step works item by item, each item in
  /// a transaction of its own and idempotent, so a run that dies half-way is finished by the
  /// next one and two runs at once change nothing twice.
  func runDailyCycle(for date: CalendarDate) async throws -> RunDailyCycleReply {
    var reply = RunDailyCycleReply(date: date)
    (reply.activated, reply.shortOfFunds) = try await self.activatePlanned(upTo: date)
    reply.monthlyCharges = try await self.chargeMonthlySubscriptions(on: date)
    (reply.invoicesIssued, reply.invoicesWithoutRate) = try await self.issueMonthlyInvoices(on: date)
    let collections = try await self.runCollections(on: date)
    (reply.paymentsCredited, reply.remindersSent, reply.accountsBlocked, reply.accountsUnblocked) =
      (collections.credited, collections.reminders, collections.blocked, collections.unblocked)
    let credit = try await self.settlePostpaidCredit(on: date)
    (reply.creditsRenewed, reply.creditsClosed, reply.creditsRestored) = (credit.renewed, credit.closed, credit.restored)
    self.logger.info(
      "daily cycle done",
      metadata: [
        "date": "\(date)", "activated": "\(reply.activated)", "short": "\(reply.shortOfFunds)", "charges": "\(reply.monthlyCharges)",
        "invoices": "\(reply.invoicesIssued)", "withoutRate": "\(reply.invoicesWithoutRate)", "credited": "\(reply.paymentsCredited)",
        "reminders": "\(reply.remindersSent)", "blocked": "\(reply.accountsBlocked)", "unblocked": "\(reply.accountsUnblocked)",
        "creditsRenewed": "\(reply.creditsRenewed)", "creditsClosed": "\(reply.creditsClosed)", "creditsRestored": "\(reply.creditsRestored)",
      ])
    return reply
  }

  /// Planned activations due by `date` (missed days included): activated when the account can
  /// pay the first period, else left New with the customer told.
  func activatePlanned(upTo date: CalendarDate) async throws -> (activated: Int64, short: Int64) {
    let due = try await self.database.withConnection { connection in
      try await connection.query("""
        SELECT id FROM subscriptions WHERE status = 'new' AND planned_activation <= \(date) ORDER BY planned_activation, seq
        """, logger: self.logger).decode(UUID.self).collect()
    }
    var activated: Int64 = 0
    var short: Int64 = 0
    for id in due {
      let outcome = try await self.skippingRefusals(of: id) { connection -> ActivationOutcome? in
        // Re-read under the lock: another runner may have handled it meanwhile.
        guard let subscription = try await self.subscriptionRow(id, lock: true, on: connection), subscription.status == "new",
          let planned = subscription.message.plannedActivation, planned <= date
        else { return nil }
        return try await self.activate(subscription, on: date, actor: Self.system.userID, reason: "planned activation", on: connection)
      }
      switch outcome {
      case .activated: activated += 1
      case .shortOfFunds: short += 1
      case nil: break
      }
    }
    return (activated, short)
  }

  /// The month's charge of every Active monthly subscription that does not have it yet.
  /// Charged whatever the balance: a negative balance is for collections to act on.
  func chargeMonthlySubscriptions(on date: CalendarDate) async throws -> Int64 {
    let month = date.monthKey
    let due = try await self.database.withConnection { connection in
      try await connection.query("""
        SELECT s.id FROM subscriptions s JOIN tariffs t ON t.id = s.tariff_id
        WHERE s.status = 'active' AND t.period = 'monthly'
          AND NOT EXISTS (SELECT 1 FROM ledger_entries e WHERE e.idempotency_key = 'subscription:' || s.id::text || ':' || \(month))
        ORDER BY s.seq
        """, logger: self.logger).decode(UUID.self).collect()
    }
    var charged: Int64 = 0
    for id in due {
      let posted = try await self.skippingRefusals(of: id) { connection -> Bool in
        guard let subscription = try await self.subscriptionRow(id, lock: true, on: connection), subscription.status == "active" else {
          return false
        }
        return try await !self.chargePeriod(of: subscription, on: date, on: connection).replayed
      }
      if posted == true { charged += 1 }
    }
    return charged
  }

  /// Runs one item of the cycle in its own transaction. A business refusal (a closed account)
  /// skips the item, logged, instead of stopping the cycle; database failures still stop it,
  /// and the job runs again.
  func skippingRefusals<Result: Sendable>(
    of id: UUID, _ body: @Sendable @escaping (PostgresConnection) async throws -> Result?
  ) async throws -> Result? {
    do {
      return try await self.database.transaction(body)
    } catch let refusal as BillingError {
      self.logger.warning("daily cycle skipped a subscription", metadata: ["subscription": "\(id)", "reason": "\(refusal.reason)"])
      return nil
    }
  }
}

extension CalendarDate {
  /// `YYYY-MM`: the month in charge keys (`subscription:<id>:<YYYY-MM>`).
  var monthKey: String { String(self.description.prefix(7)) }
}
