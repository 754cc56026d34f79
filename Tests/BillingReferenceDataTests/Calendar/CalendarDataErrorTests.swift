import BillingReferenceData
import Testing
import WireCodec

/// Bad calendar data is refused whole, with an error that names the file and the date.
@Suite struct CalendarDataErrorTests {
  /// A valid year file with `holidays` and `workingDays` spliced in.
  func yearFile(basis: String = "decreed", holidays: String = "", workingDays: String = "") -> [UInt8] {
    Array(
      """
      {"country": "RU", "year": 2025, "basis": "\(basis)", "sources": ["test"],
       "holidays": [\(holidays)], "workingDays": [\(workingDays)]}
      """.utf8)
  }

  @Test func validFileDecodes() throws {
    let year = try ProductionCalendarYear.decode(
      json: yearFile(
        holidays: #"{"date": "2025-01-01", "name": "Новый год", "source": "law"}"#,
        workingDays: #"{"date": "2025-11-01", "name": "Рабочая суббота"}"#),
      file: "RU-2025.json")
    #expect(year.entries.count == 2)
    #expect(year.entries[try day("2025-11-01")]?.kind == .working(name: "Рабочая суббота"))
    #expect(year.entries[try day("2025-01-01")]?.source == "law")
  }

  @Test(arguments: [#"{"country": "RU", "year": "#, #"{"country": "RU", "year": 2025}"#, "[]"])
  func notAYearFile(json: String) {
    let error = #expect(throws: CalendarDataError.self) {
      try ProductionCalendarYear.decode(json: Array(json.utf8), file: "f.json")
    }
    guard case .malformedJSON(file: "f.json", detail: _)? = error else {
      Issue.record("expected malformedJSON, got \(String(describing: error))")
      return
    }
  }

  @Test func dayThatDoesNotExist() {
    #expect(throws: CalendarDataError.invalidDate(file: "f.json", text: "2025-02-29")) {
      try ProductionCalendarYear.decode(
        json: yearFile(holidays: #"{"date": "2025-02-29", "name": "x"}"#), file: "f.json")
    }
  }

  @Test func dateInAnotherYear() throws {
    let stray = try day("2024-12-31")
    #expect(throws: CalendarDataError.dateOutsideYear(file: "f.json", date: stray)) {
      try ProductionCalendarYear.decode(
        json: yearFile(holidays: #"{"date": "2024-12-31", "name": "x"}"#), file: "f.json")
    }
  }

  @Test func dateListedAsBothHolidayAndWorkingDay() throws {
    let saturday = try day("2025-11-01")
    #expect(throws: CalendarDataError.duplicateDate(file: "f.json", date: saturday)) {
      try ProductionCalendarYear.decode(
        json: yearFile(
          holidays: #"{"date": "2025-11-01", "name": "x"}"#,
          workingDays: #"{"date": "2025-11-01", "name": "y"}"#),
        file: "f.json")
    }
  }

  @Test func workingDayOnAWeekday() throws {
    let monday = try day("2025-11-03")
    #expect(throws: CalendarDataError.workingDayNotOnWeekend(file: "f.json", date: monday)) {
      try ProductionCalendarYear.decode(
        json: yearFile(workingDays: #"{"date": "2025-11-03", "name": "x"}"#), file: "f.json")
    }
  }

  @Test func emptyName() throws {
    let newYear = try day("2025-01-01")
    #expect(throws: CalendarDataError.emptyName(file: "f.json", date: newYear)) {
      try ProductionCalendarYear.decode(
        json: yearFile(holidays: #"{"date": "2025-01-01", "name": " "}"#), file: "f.json")
    }
  }

  /// Only the two bases a file can have; the older `decree`/`law` words are refused too, so a
  /// file is not silently read as decreed.
  @Test(arguments: ["guessed", "decree", "law", "fallbackOnly"])
  func unknownBasis(text: String) {
    #expect(throws: CalendarDataError.unknownBasis(file: "f.json", text: text)) {
      try ProductionCalendarYear.decode(json: yearFile(basis: text), file: "f.json")
    }
  }

  @Test func bothBasesDecode() throws {
    #expect(try ProductionCalendarYear.decode(json: yearFile(basis: "decreed"), file: "f.json").basis == .decreed)
    #expect(try ProductionCalendarYear.decode(json: yearFile(basis: "derived"), file: "f.json").basis == .derived)
  }

  @Test func sameYearTwiceOrWrongCountry() throws {
    let year = try ProductionCalendarYear.decode(json: yearFile(), file: "RU-2025.json")
    #expect(throws: CalendarDataError.duplicateYear(country: "RU", year: 2025)) {
      try BusinessCalendar(country: "RU", years: [year, year])
    }
    #expect(throws: CalendarDataError.countryMismatch(expected: "KZ", found: "RU")) {
      try BusinessCalendar(country: "KZ", years: [year])
    }
  }
}
