import Foundation

/// The calendar files in this module's resource bundle, read once per process.
///
/// A `static let` is initialised lazily and exactly once, even under concurrent first use, so the
/// cache needs no lock; the result (or the error) is immutable and `Sendable` afterwards.
enum ShippedCalendars {
  static let byCountry: Result<[String: [Int: ProductionCalendarYear]], CalendarDataError> = Result {
    () throws(CalendarDataError) in
    guard let folder = Bundle.module.url(forResource: "Calendars", withExtension: nil) else {
      throw .resourcesMissing
    }
    return try ShippedCalendars.load(folder: folder)
  }

  /// Every `*.json` in `folder`; the file name must say the country and year its content says.
  static func load(folder: URL) throws(CalendarDataError) -> [String: [Int: ProductionCalendarYear]] {
    let names: [String]
    do {
      names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
    } catch {
      throw .resourcesMissing
    }
    var calendars: [String: [Int: ProductionCalendarYear]] = [:]
    for name in names.sorted() where name.hasSuffix(".json") {
      let bytes: Data
      do {
        bytes = try Data(contentsOf: folder.appendingPathComponent(name))
      } catch {
        throw .malformedJSON(file: name, detail: "unreadable: \(error)")
      }
      let year = try ProductionCalendarYear.decode(json: bytes, file: name)
      let expected = "\(year.country)-\(year.year).json"
      guard name == expected else { throw .fileNameMismatch(file: name, expected: expected) }
      calendars[year.country, default: [:]][year.year] = year
    }
    return calendars
  }
}
