public import BillingReferenceData
public import WireCodec

/// When an unpaid monthly invoice is chased (seed 000, "Счета"): it is due within five
/// business days of its issue date by the customer's country calendar; reminders go out on
/// business days 3 and 5; a prepaid account is blocked on the business day after the window
/// (day 6). Changing "block on day 6" is changing ``standard``.
public struct CollectionSchedule: Sendable, Equatable {
  /// Business days from the issue date within which the invoice is to be paid.
  public let paymentWindow: Int
  /// Business days of the window on which a reminder goes out.
  public let reminderDays: [Int]

  public static let standard = CollectionSchedule(paymentWindow: 5, reminderDays: [3, 5])

  public init(paymentWindow: Int, reminderDays: [Int]) {
    precondition(
      paymentWindow > 0 && reminderDays.allSatisfy { (1...paymentWindow).contains($0) }
        && reminderDays == reminderDays.sorted())
    self.paymentWindow = paymentWindow
    self.reminderDays = reminderDays
  }

  /// The business day, counted from the issue date, on which an unpaid invoice blocks.
  public var blockDay: Int { self.paymentWindow + 1 }

  /// What collections do about one unpaid invoice on a day.
  public enum Step: Sendable, Equatable {
    case nothing
    /// Send the reminder of this business day of the window.
    case remind(businessDay: Int)
    case block
  }

  /// The last day to pay an invoice issued on `issuedOn`.
  public func dueDate(issuedOn: CalendarDate, calendar: BusinessCalendar) -> CalendarDate {
    calendar.businessDay(self.paymentWindow, after: issuedOn)
  }

  /// Whether an invoice issued on `issuedOn` and still unpaid is overdue on `date`.
  public func isOverdue(on date: CalendarDate, issuedOn: CalendarDate, calendar: BusinessCalendar) -> Bool {
    date >= calendar.businessDay(self.blockDay, after: issuedOn)
  }

  /// What is due on `date` for an unpaid invoice issued on `issuedOn`: blocking once its day
  /// has come, otherwise the latest reminder whose day has come (a day the cycle missed does
  /// not send an older reminder after a newer one), otherwise nothing. Each step is recorded
  /// per invoice by the caller, so asking again on a later day does not repeat it.
  public func step(on date: CalendarDate, issuedOn: CalendarDate, calendar: BusinessCalendar) -> Step {
    if self.isOverdue(on: date, issuedOn: issuedOn, calendar: calendar) { return .block }
    guard let day = self.reminderDays.last(where: { date >= calendar.businessDay($0, after: issuedOn) }) else {
      return .nothing
    }
    return .remind(businessDay: day)
  }
}
