public import WireCodec

/// A postpaid account's credit at a month end (seed 003 §3.5): on the last day of a month the
/// real payments made up to that day must cover everything realized before that month, to the
/// kopeck. Top-ups are virtual money and count for nothing.
public enum PostpaidCredit {
  /// What the month-end check decides for one account.
  public enum Decision: Sendable, Equatable {
    /// Not a month end, or not a postpaid account with its credit open: nothing to check.
    case notChecked
    /// The account became postpaid that very day: it is not checked this month.
    case skippedNewPostpaid
    /// Paid up: the credit goes on.
    case renewed
    /// «Закрытие кредита должнику»: the virtual money given (`takeBackMinor`, its top-ups) is
    /// taken back, the account is blocked, and the credit stays closed until real payments
    /// cover `debtMinor`.
    case closed(debtMinor: Int64, takeBackMinor: Int64)
  }

  /// The account's real-money figures on the day of the check.
  public struct Position: Sendable, Equatable {
    /// Charges less discounts (and their reversals) dated before the month being checked.
    public var realizedMinor: Int64
    /// Real payments, less reversed ones, dated up to the day of the check.
    public var paidMinor: Int64
    /// Top-ups not yet taken back by a credit closure.
    public var virtualMinor: Int64

    public init(realizedMinor: Int64, paidMinor: Int64, virtualMinor: Int64) {
      (self.realizedMinor, self.paidMinor, self.virtualMinor) = (realizedMinor, paidMinor, virtualMinor)
    }

    /// What real payments still owe; zero or less when paid up. (Each figure is a bounded
    /// sum — Billing's balance limit — so the difference cannot overflow.)
    public var debtMinor: Int64 { self.realizedMinor - self.paidMinor }
  }

  /// The decision on `date` for an account that is postpaid (`postpaid`) since `postpaidSince`,
  /// whose credit is open unless `creditClosed`.
  public static func monthEnd(
    on date: CalendarDate, postpaid: Bool, postpaidSince: CalendarDate?, creditClosed: Bool, position: Position
  ) -> Decision {
    guard date.isMonthEnd, postpaid, !creditClosed else { return .notChecked }
    guard postpaidSince != date else { return .skippedNewPostpaid }
    guard position.debtMinor > 0 else { return .renewed }
    return .closed(debtMinor: position.debtMinor, takeBackMinor: max(position.virtualMinor, 0))
  }

  /// Whether a closed credit is given back (any night): real payments have covered what was
  /// owed before the month it was closed in. Top-ups do not do that.
  public static func restores(_ position: Position) -> Bool {
    position.debtMinor <= 0
  }
}

extension CalendarDate {
  /// Whether this is the last day of its month.
  public var isMonthEnd: Bool { CalendarDate(daysSinceEpoch: self.daysSinceEpoch + 1).components.day == 1 }
}
