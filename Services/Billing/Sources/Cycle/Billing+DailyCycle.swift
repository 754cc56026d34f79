import BillingAPI
import BillingRules
import PostgresNIO
import RPC
import Storage
import Synchronization
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
    if date > self.today {
      checks.add("date", "DATE_IN_FUTURE", "The cycle runs for today or a past day, not for \(date).")
    }
    try checks.check()
    return try await self.runDailyCycle(for: date)
  }

  /// The nightly job: as ``runDailyCycle(for:)``, except that a day overtaken by a later one
  /// (a retried job whose successor already ran) is skipped rather than failed.
  func runNightlyCycle(for date: CalendarDate) async throws {
    do {
      _ = try await self.runDailyCycle(for: date)
    } catch let refusal as BillingError where refusal.reason == BillingError.cycleDayPassedReason {
      self.logger.warning(
        "nightly cycle skipped: a later day already ran", metadata: ["date": "\(date)", "detail": "\(refusal.message)"])
    }
  }

  /// Everything Billing does once a day, for `date`. Each step works item by item, each item in
  /// a transaction of its own and idempotent, so a run that dies half-way is finished by the
  /// next one and two runs at once change nothing twice. An item that fails is recorded and
  /// skipped (``isolated(_:item:for:_:)``); the others are processed.
  ///
  /// A day before the latest day run is refused (CYCLE_DAY_PASSED): collections and postpaid
  /// credit decide blocks from the state "as of" their day, and an earlier day's rules would
  /// undo what a later day decided (unblock an account that is overdue today).
  func runDailyCycle(for date: CalendarDate) async throws -> RunDailyCycleReply {
    try await self.claimCycleDay(date)
    var reply = RunDailyCycleReply(date: date)
    let failed = CycleCounter()
    try await self.timed("retries", on: date) { try await self.retryPeriodFailures(before: date, failed: failed) }
    (reply.activated, reply.shortOfFunds) = try await self.timed("activations", on: date) {
      try await self.activatePlanned(upTo: date, failed: failed)
    }
    reply.monthlyCharges = try await self.timed("monthly charges", on: date) {
      try await self.chargeMonthlySubscriptions(on: date, failed: failed)
    }
    (reply.invoicesIssued, reply.invoicesWithoutRate) = try await self.timed("invoicing", on: date) {
      try await self.issueMonthlyInvoices(on: date, failed: failed)
    }
    let collections = try await self.timed("collections", on: date) {
      try await self.runCollections(on: date, failed: failed)
    }
    (reply.paymentsCredited, reply.remindersSent, reply.accountsBlocked, reply.accountsUnblocked) =
      (collections.credited, collections.reminders, collections.blocked, collections.unblocked)
    let credit = try await self.timed("postpaid credit", on: date) {
      try await self.settlePostpaidCredit(on: date, failed: failed)
    }
    (reply.creditsRenewed, reply.creditsClosed, reply.creditsRestored) = (
      credit.renewed, credit.closed, credit.restored
    )
    reply.itemsFailed = failed.count
    self.logger.info(
      "daily cycle done",
      metadata: [
        "date": "\(date)", "activated": "\(reply.activated)", "short": "\(reply.shortOfFunds)",
        "charges": "\(reply.monthlyCharges)",
        "invoices": "\(reply.invoicesIssued)", "withoutRate": "\(reply.invoicesWithoutRate)",
        "credited": "\(reply.paymentsCredited)",
        "reminders": "\(reply.remindersSent)", "blocked": "\(reply.accountsBlocked)",
        "unblocked": "\(reply.accountsUnblocked)",
        "creditsRenewed": "\(reply.creditsRenewed)", "creditsClosed": "\(reply.creditsClosed)",
        "creditsRestored": "\(reply.creditsRestored)",
        "failed": "\(reply.itemsFailed)",
      ])
    return reply
  }

  /// Runs one step of the cycle and logs how long it took (info): where a slow night's time went.
  func timed<Result>(_ step: String, on date: CalendarDate, _ body: () async throws -> Result) async throws -> Result {
    let start = ContinuousClock.now
    let result = try await body()
    let elapsed = ContinuousClock.now - start
    self.logger.info(
      "daily cycle step done",
      metadata: [
        "date": "\(date)", "step": "\(step)",
        "seconds": "\(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)",
      ])
    return result
  }

  /// Makes `date` the latest day run, or refuses it when a later day has run already. The row
  /// lock waits for in-flight item transactions of an earlier day (they hold it shared).
  func claimCycleDay(_ date: CalendarDate) async throws {
    try await self.database.transaction { connection in
      // One statement, so two first-ever runs cannot both see no row; the day never moves back.
      let latest = try await connection.query(
        """
        INSERT INTO cycle_state (latest_day) VALUES (\(date))
        ON CONFLICT (singleton) DO UPDATE SET latest_day = GREATEST(cycle_state.latest_day, EXCLUDED.latest_day)
        RETURNING latest_day
        """, logger: self.logger
      ).decode(CalendarDate.self).collect()[0]
      if date < latest { throw BillingError.cycleDayPassed(date, latest: latest) }
    }
  }

  /// Whether a later day than `date` has been run meanwhile; holds the state row shared until
  /// the item's transaction ends, so no later day can start deciding in between.
  func isOvertaken(_ date: CalendarDate, on connection: PostgresConnection) async throws -> Bool {
    let latest = try await connection.query("SELECT latest_day FROM cycle_state FOR SHARE", logger: self.logger)
      .decode(CalendarDate.self).collect().first
    return latest.map { date < $0 } ?? false
  }

  /// Invoicing and postpaid month ends that failed on an earlier day, retried for their own
  /// period; the other steps select their items by state and so retry by themselves.
  func retryPeriodFailures(before date: CalendarDate, failed: CycleCounter) async throws {
    for (step, item, day) in try await self.openPeriodFailures(before: date) {
      switch step {
      case .invoicing:
        guard let period = Self.invoicedPeriod(on: day) else { continue }
        // Issued today, for the period it missed: its payment window starts now.
        _ = try await self.isolated(.invoicing, item: item, for: day, failed: failed) { connection in
          try await self.issueMonthlyInvoice(account: item, period: period, on: date, on: connection)
        }
      case .postpaidCredit:
        // Only a missed month end needs its own day; restoring credit is checked every night.
        guard day.isMonthEnd else { continue }
        _ = try await self.isolated(.postpaidCredit, item: item, for: day, failed: failed) { connection in
          try await self.settleCredit(of: item, on: day, monthEnd: true, retrying: true, on: connection)
        }
      default:
        continue
      }
    }
  }

  /// Planned activations due by `date` (missed days included): activated when the account can
  /// pay the first period, else left New with the customer told.
  func activatePlanned(upTo date: CalendarDate, failed: CycleCounter) async throws -> (activated: Int64, short: Int64) {
    let due = try await self.database.withConnection { connection in
      try await connection.query(
        """
        SELECT id FROM subscriptions WHERE status = 'new' AND planned_activation <= \(date) ORDER BY planned_activation, seq
        """, logger: self.logger
      ).decode(UUID.self).collect()
    }
    var activated: Int64 = 0
    var short: Int64 = 0
    for id in due {
      let outcome = try await self.isolated(.activation, item: id, for: date, failed: failed) {
        connection -> ActivationOutcome? in
        // Re-read under the lock: another runner may have handled it meanwhile.
        guard let subscription = try await self.subscriptionRow(id, lock: true, on: connection),
          subscription.status == .new,
          let planned = subscription.message.plannedActivation, planned <= date
        else { return nil }
        return try await self.activate(
          subscription, on: date, actor: Self.system.userID, reason: "planned activation", on: connection)
      }
      switch outcome {
      case .some(.activated): activated += 1
      case .some(.shortOfFunds): short += 1
      case .some(nil), nil: break
      }
    }
    return (activated, short)
  }

  /// The month's charge of every Active monthly subscription that does not have it yet.
  /// Charged whatever the balance: a negative balance is for collections to act on.
  func chargeMonthlySubscriptions(on date: CalendarDate, failed: CycleCounter) async throws -> Int64 {
    let month = date.monthKey
    let due = try await self.database.withConnection { connection in
      try await connection.query(
        """
        SELECT s.id FROM subscriptions s JOIN tariffs t ON t.id = s.tariff_id
        WHERE s.status = 'active' AND t.period = 'monthly'
          AND NOT EXISTS (SELECT 1 FROM ledger_entries e
                          WHERE e.idempotency_scope = 'system' AND e.idempotency_key = 'subscription:' || s.id::text || ':' || \(month))
        ORDER BY s.seq
        """, logger: self.logger
      ).decode(UUID.self).collect()
    }
    var charged: Int64 = 0
    for id in due {
      let posted = try await self.isolated(.monthlyCharge, item: id, for: date, failed: failed) { connection -> Bool in
        guard let subscription = try await self.subscriptionRow(id, lock: true, on: connection),
          subscription.status == .active
        else {
          return false
        }
        return try await !self.chargePeriod(of: subscription, on: date, on: connection).replayed
      }
      if posted == true { charged += 1 }
    }
    return charged
  }
}

/// Counts the items of one run that failed; steps run one after another, so a lock is cheap.
final class CycleCounter: Sendable {
  private let value = Mutex<Int64>(0)

  func add() { self.value.withLock { $0 += 1 } }
  var count: Int64 { self.value.withLock { $0 } }
}

extension CalendarDate {
  /// `YYYY-MM`: the month in charge keys (`subscription:<id>:<YYYY-MM>`).
  var monthKey: String { String(self.description.prefix(7)) }
}
