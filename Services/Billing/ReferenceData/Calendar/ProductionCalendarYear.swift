import Foundation
public import WireCodec

/// One country's production calendar for one year, as shipped in `Calendars/<COUNTRY>-<YEAR>.json`
/// (format in `Calendars/README.md`).
public struct ProductionCalendarYear: Sendable, Hashable {
  /// What the year as a whole rests on: the file's `basis`.
  public enum Basis: String, Sendable, Hashable {
    /// An official act fixes the year's days off: a government decree (RU), a Minister of
    /// Labour order (KZ), or the ministry's published calendar for a year without transfers.
    case decreed
    /// No such act was known when the file was written: computed from the law's rules, with
    /// lunar dates estimated. The days may still change when the act appears.
    case derived
  }

  public var country: String
  public var year: Int
  public var basis: Basis
  public var sources: [String]
  /// Holidays and transferred working days, by date.
  public var entries: [CalendarDate: CalendarEntry]

  /// Decodes and checks one year file. `file` names the file in errors.
  public static func decode(json: some Sequence<UInt8>, file: String) throws(CalendarDataError)
    -> ProductionCalendarYear
  {
    let raw: YearFile
    do {
      raw = try JSONDecoder().decode(YearFile.self, from: Data(json))
    } catch {
      throw .malformedJSON(file: file, detail: String(describing: error))
    }
    guard let basis = Basis(rawValue: raw.basis) else { throw .unknownBasis(file: file, text: raw.basis) }
    var year = ProductionCalendarYear(
      country: raw.country, year: raw.year, basis: basis, sources: raw.sources, entries: [:])
    for item in raw.holidays {
      try year.add(item, as: .holiday(name: item.name), file: file)
    }
    for item in raw.workingDays {
      try year.add(item, as: .working(name: item.name), file: file)
    }
    return year
  }

  private mutating func add(_ item: EntryFile, as kind: DayKind, file: String) throws(CalendarDataError) {
    guard let date = CalendarDate(iso8601: item.date) else { throw .invalidDate(file: file, text: item.date) }
    guard date.components.year == self.year else { throw .dateOutsideYear(file: file, date: date) }
    guard !item.name.trimmingCharacters(in: .whitespaces).isEmpty else { throw .emptyName(file: file, date: date) }
    guard self.entries[date] == nil else { throw .duplicateDate(file: file, date: date) }
    if kind.isWorking, !date.isWeekend { throw .workingDayNotOnWeekend(file: file, date: date) }
    self.entries[date] = CalendarEntry(date: date, kind: kind, origin: .shipped, source: item.source)
  }
}

/// The file as written; checked and converted by `ProductionCalendarYear.decode`.
private struct YearFile: Decodable {
  var country: String
  var year: Int
  var basis: String
  var sources: [String]
  var holidays: [EntryFile]
  var workingDays: [EntryFile]
}

private struct EntryFile: Decodable {
  var date: String
  var name: String
  var source: String?
}
