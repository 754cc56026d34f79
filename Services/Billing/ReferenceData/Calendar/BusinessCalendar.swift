public import WireCodec

/// A country's business days: Monday to Friday, minus holidays, plus weekends worked by decree.
///
/// Three layers, the later winning: the country's statutory holidays (only for years the shipped
/// data does not cover), the shipped production calendar, and staff overrides from Billing's
/// database. Countries other than RU and KZ get weekends only.
public struct BusinessCalendar: Sendable {
  /// "RU", "KZ", or any other code (weekends only).
  public let country: String
  public let overrides: [CalendarDate: DayKind]
  let shippedYears: [Int: ProductionCalendarYear]

  /// A calendar from explicit year data, e.g. data the service fetched or a test wrote.
  public init(
    country: String,
    years: [ProductionCalendarYear],
    overrides: [CalendarDate: DayKind] = [:]
  ) throws(CalendarDataError) {
    let country = country.uppercased()
    var byYear: [Int: ProductionCalendarYear] = [:]
    for year in years {
      guard year.country == country else { throw .countryMismatch(expected: country, found: year.country) }
      guard byYear[year.year] == nil else { throw .duplicateYear(country: country, year: year.year) }
      byYear[year.year] = year
    }
    self.country = country
    self.shippedYears = byYear
    self.overrides = overrides
  }

  /// The calendar shipped with this library for `country`, with the database's overrides on top.
  /// The bundle is read once per process; a broken bundle fails every call the same way.
  public static func shipped(
    country: String,
    overrides: [CalendarDate: DayKind] = [:]
  ) throws(CalendarDataError) -> BusinessCalendar {
    let years = try ShippedCalendars.byCountry.get()[country.uppercased()] ?? [:]
    return try BusinessCalendar(country: country, years: Array(years.values), overrides: overrides)
  }

  /// Whether `year` comes from shipped data, decreed or derived (see `basis(of:)`); otherwise
  /// it is weekends plus statutory holidays.
  public func isCovered(year: Int) -> Bool {
    self.shippedYears[year] != nil
  }

  /// The years with shipped data, ascending.
  public var coveredYears: [Int] {
    self.shippedYears.keys.sorted()
  }

  /// The shipped data for `year`, with its basis (decreed, derived) and sources.
  public func shippedData(for year: Int) -> ProductionCalendarYear? {
    self.shippedYears[year]
  }

  /// What is special about `date`, or `nil` for an ordinary weekday or weekend.
  public func entry(for date: CalendarDate) -> CalendarEntry? {
    if let kind = self.overrides[date] {
      return CalendarEntry(date: date, kind: kind, origin: .override)
    }
    return self.dataEntries(year: date.components.year)[date]
  }

  public func isBusinessDay(_ date: CalendarDate) -> Bool {
    if let entry = self.entry(for: date) { return entry.kind.isWorking }
    return !date.isWeekend
  }

  /// The year's holidays and transferred working days, overrides applied, in date order.
  public func entries(in year: Int) -> [CalendarEntry] {
    var entries = self.dataEntries(year: year)
    for (date, kind) in self.overrides where date.components.year == year {
      entries[date] = CalendarEntry(date: date, kind: kind, origin: .override)
    }
    return entries.values.sorted { $0.date < $1.date }
  }

  /// The year's non-working days other than ordinary weekends.
  public func holidays(in year: Int) -> [CalendarEntry] {
    self.entries(in: year).filter { !$0.kind.isWorking }
  }

  /// The year's weekend days made working.
  public func transferredWorkingDays(in year: Int) -> [CalendarEntry] {
    self.entries(in: year).filter { $0.kind.isWorking }
  }

  private func dataEntries(year: Int) -> [CalendarDate: CalendarEntry] {
    if let shipped = self.shippedYears[year] { return shipped.entries }
    return StatutoryHolidays.entries(country: self.country, year: year)
  }
}
