import BillingAPI
import GRPCCore
import Logging
import PostgresNIO
import Prometheus
import RPC
import Storage
import WireCodec

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// The steps of the daily cycle whose items (accounts, subscriptions) are isolated from each
/// other: one item failing never stops the others.
enum CycleStep: String, Sendable, CaseIterable {
  case activation
  case monthlyCharge = "monthly-charge"
  case invoicing
  case collections
  case postpaidCredit = "postpaid-credit"
}

extension Billing {
  /// Runs one item of a step of the daily cycle in a transaction of its own. When the item
  /// fails, the failure is recorded (`cycle_failures`, the metric
  /// `abonent_billing_cycle_item_failures_total`, a log line), the transaction is rolled back,
  /// and the step goes on with the next item; a later run that succeeds for the item marks the
  /// failure resolved. Only failures that say the database itself is out of reach (and
  /// cancellation) stop the step: every other item would fail the same way, and the job runs
  /// again later.
  ///
  /// A closed account is no failure: the item is rolled back and skipped, logged, not retried.
  func isolated<Result: Sendable>(
    _ step: CycleStep, item: UUID, for date: CalendarDate, failed: CycleCounter,
    _ body: @Sendable @escaping (PostgresConnection) async throws -> Result
  ) async throws -> Result? {
    do {
      return try await self.database.transaction { connection in
        let result = try await body(connection)
        try await connection.query(
          """
          UPDATE cycle_failures SET resolved_at = \(self.now) WHERE step = \(step.rawValue) AND item_id = \(item) AND resolved_at IS NULL
          """, logger: self.logger)
        return result
      }
    } catch let refusal as BillingError where refusal.reason == BillingError.accountClosed.reason {
      self.logger.warning(
        "daily cycle skipped an item of a closed account", metadata: ["step": "\(step.rawValue)", "item": "\(item)"])
      return nil
    } catch {
      guard !Self.stopsTheCycle(error) else { throw error }
      let (reason, message) = Self.describe(error)
      try await self.recordFailure(step, item: item, for: date, reason: reason, message: message)
      failed.add()
      return nil
    }
  }

  /// Failures that are not the item's: the database is unreachable or the run is cancelled.
  static func stopsTheCycle(_ error: any Error) -> Bool {
    if error is CancellationError { return true }
    if let error = error as? any ServiceError {
      return [.unavailable, .deadlineExceeded, .cancelled].contains(error.code)
    }
    return false
  }

  /// A stable reason and a message for ops; never SQL text.
  static func describe(_ error: any Error) -> (reason: String, message: String) {
    switch error {
    case let error as any ServiceError: (error.reason, error.message)
    case let error as PSQLError:
      (
        "DATABASE_ERROR",
        "PostgreSQL refused a statement (SQLSTATE \(error.serverInfo?[.sqlState] ?? "none"), \(error.code))."
      )
    default: ("INTERNAL", "Unexpected \(type(of: error)).")
    }
  }

  func recordFailure(_ step: CycleStep, item: UUID, for date: CalendarDate, reason: String, message: String)
    async throws
  {
    let now = self.now
    let account = try await self.database.transaction { connection in
      try await connection.query(
        """
        INSERT INTO cycle_failures (step, item_id, account_number, for_date, reason, message, first_failed_at, last_failed_at)
        VALUES (\(step.rawValue), \(item),
                COALESCE((SELECT number FROM accounts WHERE id = \(item)),
                         (SELECT a.number FROM subscriptions s JOIN accounts a ON a.id = s.account_id WHERE s.id = \(item)), ''),
                \(date), \(reason), \(message), \(now), \(now))
        ON CONFLICT (step, item_id) WHERE resolved_at IS NULL DO UPDATE
          SET attempts = cycle_failures.attempts + 1, reason = EXCLUDED.reason, message = EXCLUDED.message,
              last_failed_at = EXCLUDED.last_failed_at
        RETURNING account_number
        """, logger: self.logger
      ).decode(String.self).collect().first ?? ""
    }
    self.metrics.makeCounter(descriptor: Self.cycleFailuresMetric, labels: [("step", step.rawValue)]).increment()
    self.logger.error(
      "daily cycle item failed; the others go on",
      metadata: [
        "step": "\(step.rawValue)", "item": "\(item)", "account": "\(account)", "date": "\(date)",
        "reason": "\(reason)", "detail": "\(message)",
      ])
  }

  static var cycleFailuresMetric: MetricNameDescriptor {
    MetricNameDescriptor(
      namespace: "abonent", subsystem: "billing", metricName: "cycle_item_failures", unitName: "total",
      helpText:
        "Daily-cycle items (accounts, subscriptions) that failed and were skipped, by step; ListCycleFailures shows them"
    )
  }

  /// Failures of the period-bound steps (invoicing, postpaid credit) still open from earlier
  /// days: retried with their own day before the cycle's own work. The other steps pick their
  /// failed items up by themselves on the next run, as they select by state, not by day.
  func openPeriodFailures(before date: CalendarDate) async throws -> [(step: CycleStep, item: UUID, date: CalendarDate)]
  {
    try await self.database.withConnection { connection in
      try await connection.query(
        """
        SELECT step, item_id, for_date FROM cycle_failures
        WHERE resolved_at IS NULL AND for_date < \(date) AND step IN (\(CycleStep.invoicing.rawValue), \(CycleStep.postpaidCredit.rawValue))
        ORDER BY for_date, id
        """, logger: self.logger
      ).decode((String, UUID, CalendarDate).self).collect()
        .compactMap { step, item, day in CycleStep(rawValue: step).map { ($0, item, day) } }
    }
  }

  func listCycleFailures(_ request: ListCycleFailuresRequest) async throws -> ListCycleFailuresReply {
    let page = try Self.pages.page(of: request.page, by: Int64.self)
    let after = page.after ?? 0
    let step = request.step.trimmingWhitespace.nonEmpty
    if let step, CycleStep(rawValue: step) == nil {
      throw ValidationFailure([
        FieldViolation(
          "step", "STEP_UNKNOWN", "Steps are \(CycleStep.allCases.map(\.rawValue).joined(separator: ", ")).")
      ])
    }
    let rows = try await self.database.withConnection { connection in
      try await connection.query(
        """
        SELECT id, step, item_id, account_number, for_date, reason, message, attempts, first_failed_at, last_failed_at, resolved_at
        FROM cycle_failures
        WHERE id > \(after) AND (\(request.includeResolved) OR resolved_at IS NULL) AND (\(step)::text IS NULL OR step = \(step))
        ORDER BY id LIMIT \(page.limit)
        """, logger: self.logger
      ).decode(
        (Int64, String, UUID, String, CalendarDate, String, String, Int32, UTCTimestamp, UTCTimestamp, UTCTimestamp?)
          .self
      ).collect()
    }
    let (shown, next) = page.cut(rows) { $0.0 }
    let failures = shown.map {
      id, step, item, account, date, reason, message, attempts, first, last, resolved in
      CycleFailure(
        id: id, step: step, itemID: item.uuidString.lowercased(), accountNumber: account, date: date, reason: reason,
        message: message,
        attempts: attempts, firstFailedAt: first, lastFailedAt: last, resolvedAt: resolved)
    }
    return ListCycleFailuresReply(
      failures: Array(failures), nextPageToken: next)
  }
}
