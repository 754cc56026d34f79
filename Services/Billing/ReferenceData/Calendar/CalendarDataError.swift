public import WireCodec

/// Why shipped or supplied calendar data was refused. Bad data is refused whole: a calendar that
/// silently skipped a holiday would move every payment deadline that crosses it.
public enum CalendarDataError: Error, Sendable, Hashable {
  /// The calendar folder is missing from the resource bundle.
  case resourcesMissing
  case malformedJSON(file: String, detail: String)
  case invalidDate(file: String, text: String)
  /// A `basis` other than `decreed` or `derived`.
  case unknownBasis(file: String, text: String)
  case emptyName(file: String, date: CalendarDate)
  case dateOutsideYear(file: String, date: CalendarDate)
  /// A date listed twice, or both as a holiday and as a working day.
  case duplicateDate(file: String, date: CalendarDate)
  /// Only a Saturday or Sunday can be "transferred" into a working day.
  case workingDayNotOnWeekend(file: String, date: CalendarDate)
  /// The file name does not say the country and year the content says (`RU-2025.json`).
  case fileNameMismatch(file: String, expected: String)
  case countryMismatch(expected: String, found: String)
  case duplicateYear(country: String, year: Int)
}
