import BillingReferenceData
import BillingRules
import PostgresNIO
import WireCodec

/// Which accounts collections visit on a day: those with something to do — a collections block
/// that may be lifted, a payment left to credit, a live correction that may have paid an
/// invoice off, or a reminder or block due and not yet recorded. Every other account with
/// unpaid invoices (on the 1st, every account just invoiced) would be locked, read and left as
/// it was; visiting only these keeps the daily step proportional to the work, not to the
/// accounts (docs/billing.md, Collections visit only accounts with work).
struct CollectionsDriver: Sendable {
  /// The latest issue date whose invoice has reached `step` on the day, for one country.
  struct Threshold: Sendable, Equatable {
    let country: String
    /// `block` or `reminder-<business day>`, as `collection_steps` records it.
    let step: String
    /// Earlier steps of the schedule rank higher: blocking before the last reminder, and so on.
    let rank: Int32
    let issuedBy: CalendarDate
  }

  let date: CalendarDate
  let thresholds: [Threshold]

  /// The steps of `schedule` in the order ``CollectionSchedule/step(on:issuedOn:calendar:)``
  /// decides them: block, then the reminders from the last to the first.
  static func steps(of schedule: CollectionSchedule) -> [(name: String, businessDay: Int)] {
    [("block", schedule.blockDay)] + schedule.reminderDays.reversed().map { ("reminder-\($0)", $0) }
  }

  /// The thresholds of `date` for each country's calendar. A country whose calendar cannot be
  /// read gets `date` itself for every step, so its accounts are all visited (and fail there,
  /// recorded, as they would without this driver).
  init(
    on date: CalendarDate, schedule: CollectionSchedule, calendars: [String: Result<BusinessCalendar, any Error>]
  ) {
    self.date = date
    var thresholds: [Threshold] = []
    for (country, calendar) in calendars.sorted(by: { $0.key < $1.key }) {
      for (rank, step) in Self.steps(of: schedule).enumerated() {
        let issuedBy: CalendarDate?
        switch calendar {
        case .success(let calendar):
          issuedBy = Self.latestIssue(reaching: step.businessDay, on: date, calendar: calendar)
        case .failure: issuedBy = date
        }
        if let issuedBy {
          thresholds.append(Threshold(country: country, step: step.name, rank: Int32(rank), issuedBy: issuedBy))
        }
      }
    }
    self.thresholds = thresholds
  }

  /// The latest issue date whose `businessDay`-th business day is `date` or earlier; `nil` if
  /// none within a year (a calendar without business days).
  static func latestIssue(reaching businessDay: Int, on date: CalendarDate, calendar: BusinessCalendar)
    -> CalendarDate?
  {
    // The n-th business day after an issue date moves forward with it, so the first date
    // found walking back is the latest.
    for back in 1...366 {
      let issued = CalendarDate(daysSinceEpoch: date.daysSinceEpoch - Int32(back))
      if calendar.businessDay(businessDay, after: issued) <= date { return issued }
    }
    return nil
  }

  /// The accounts to visit, in account order.
  var query: PostgresQuery {
    """
    SELECT a.id FROM accounts a
    WHERE a.blocked_by = 'collections'
       OR a.id IN (
         -- The unpaid invoices come from their partial index (migration 116); each is asked
         -- through indexes whether anything is due about it (migrations 117, 118).
         SELECT i.account_id FROM invoices i JOIN accounts b ON b.id = i.account_id JOIN customers c ON c.id = b.customer_id
         WHERE i.kind IN ('monthly', 'prepayment') AND i.paid_on IS NULL
           AND (
             (i.kind = 'monthly' AND EXISTS (
                SELECT 1 FROM (
                  SELECT t.step FROM unnest(\(self.thresholds.map(\.country))::text[], \(self.thresholds.map(\.step))::text[],
                                            \(self.thresholds.map(\.issuedBy.description))::text[], \(self.thresholds.map(\.rank))::int4[])
                                     AS t(country, step, issued_by, rank)
                  WHERE t.country = c.country AND i.issued_on <= t.issued_by::date ORDER BY t.rank LIMIT 1) due
                -- A postpaid account is not blocked by collections (seed 003 §3.5.8).
                WHERE (due.step <> 'block' OR b.payment_mode = 'prepaid')
                  AND NOT EXISTS (SELECT 1 FROM collection_steps s WHERE s.invoice_id = i.id AND s.step = due.step)))
             OR EXISTS (SELECT 1 FROM corrections k WHERE k.invoice_id = i.id AND k.status <> 'deleted')
             -- A payment left to credit (migration 118 keeps that set).
             OR EXISTS (
               SELECT 1 FROM payments_to_credit p WHERE p.account_id = i.account_id AND p.value_date < \(self.date))))
    ORDER BY a.seq
    """
  }
}
