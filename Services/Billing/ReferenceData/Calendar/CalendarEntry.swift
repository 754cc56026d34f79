public import WireCodec

/// One special day of a production calendar, and where the knowledge of it comes from.
public struct CalendarEntry: Sendable, Hashable {
  public enum Origin: Sendable, Hashable {
    /// The data files shipped with this library (see `Calendars/README.md`).
    case shipped
    /// The fixed-date holidays and carry-over rule of the country's law, for a year the
    /// shipped data does not cover.
    case statute
    /// A staff override from Billing's database.
    case override
  }

  public var date: CalendarDate
  public var kind: DayKind
  public var origin: Origin
  /// The legal basis as written in the data file (`decree: …`, `law: …`, `derived …`);
  /// `nil` for overrides.
  public var source: String?

  public init(date: CalendarDate, kind: DayKind, origin: Origin, source: String? = nil) {
    self.date = date
    self.kind = kind
    self.origin = origin
    self.source = source
  }
}
