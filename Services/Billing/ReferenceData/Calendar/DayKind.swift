/// What a day is, when it is not simply "Monday to Friday works, the weekend rests".
///
/// The override layer Billing keeps in its database is `[CalendarDate: DayKind]`: staff add a
/// holiday the shipped data does not know, or make a Saturday working.
public enum DayKind: Sendable, Hashable {
  /// A non-working day: a public holiday, or a day off moved onto a weekday.
  case holiday(name: String? = nil)
  /// A working day that would otherwise rest: a Saturday or Sunday worked by decree.
  case working(name: String? = nil)

  public var isWorking: Bool {
    switch self {
    case .holiday: false
    case .working: true
    }
  }

  /// The short reason shown to staff ("День Победы", "Рабочая суббота").
  public var name: String? {
    switch self {
    case .holiday(let name), .working(let name): name
    }
  }
}
