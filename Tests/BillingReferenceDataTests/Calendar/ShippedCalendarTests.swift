import BillingReferenceData
import Testing
import WireCodec

/// The shipped data against facts from the decrees and the official calendars.
@Suite struct ShippedCalendarTests {
  let russia: BusinessCalendar
  let kazakhstan: BusinessCalendar

  init() throws {
    self.russia = try BusinessCalendar.shipped(country: "RU")
    self.kazakhstan = try BusinessCalendar.shipped(country: "KZ")
  }

  func calendar(_ country: String) -> BusinessCalendar {
    country == "RU" ? self.russia : self.kazakhstan
  }

  @Test func bothCountriesCover2024To2027() {
    #expect(self.russia.coveredYears == [2024, 2025, 2026, 2027])
    #expect(self.kazakhstan.coveredYears == [2024, 2025, 2026, 2027])
    #expect(self.russia.shippedData(for: 2025)?.basis == .decreed)
    #expect(self.russia.shippedData(for: 2027)?.basis == .derived)
    #expect(self.kazakhstan.shippedData(for: 2026)?.basis == .decreed)
  }

  /// The official totals of working days for a five-day week.
  @Test(arguments: [(2024, 248), (2025, 247), (2026, 247)])
  func russianYearTotalsMatchTheOfficialCalendar(year: Int, workingDays: Int) throws {
    let lastDayBefore = try #require(CalendarDate(year: year - 1, month: 12, day: 31))
    let lastDay = try #require(CalendarDate(year: year, month: 12, day: 31))
    #expect(self.russia.businessDaysBetween(lastDayBefore, lastDay) == workingDays)
  }

  @Test func russianNewYearHolidaysAndDecreeTransfers() throws {
    #expect(!self.russia.isBusinessDay(try day("2025-01-08")))
    #expect(self.russia.isBusinessDay(try day("2025-01-09")))
    // 2025: Saturday 1 November worked, its day off moved to Monday 3 November.
    #expect(self.russia.isBusinessDay(try day("2025-11-01")))
    #expect(!self.russia.isBusinessDay(try day("2025-11-03")))
    // 2025: 23 February (Sunday) moved to 8 May by decree, so 24 February is worked.
    #expect(self.russia.isBusinessDay(try day("2025-02-24")))
    #expect(!self.russia.isBusinessDay(try day("2025-05-08")))
    let decreeSource = try #require(self.russia.entry(for: try day("2025-11-01"))?.source)
    #expect(decreeSource.contains("№ 1335"))
  }

  @Test func russian2024WorkingSaturdays() throws {
    let saturdays = self.russia.transferredWorkingDays(in: 2024).map(\.date)
    #expect(saturdays == [try day("2024-04-27"), try day("2024-11-02"), try day("2024-12-28")])
    #expect(self.russia.isBusinessDay(try day("2024-12-28")))
    #expect(!self.russia.isBusinessDay(try day("2024-12-30")))
    #expect(!self.russia.isBusinessDay(try day("2024-12-31")))
  }

  @Test func kazakhNauryz2026CarriesTheWeekendDaysOver() throws {
    // 21 (Sat) and 22 (Sun) March carry over to Tuesday 24 and Wednesday 25, past Monday's Nauryz.
    for offDay in ["2026-03-21", "2026-03-22", "2026-03-23", "2026-03-24", "2026-03-25"] {
      #expect(!self.kazakhstan.isBusinessDay(try day(offDay)), "\(offDay)")
    }
    #expect(self.kazakhstan.isBusinessDay(try day("2026-03-26")))
    #expect(self.kazakhstan.entry(for: try day("2026-03-23"))?.kind.name == "Наурыз мейрамы")
  }

  @Test(arguments: [
    ("KZ", "2025-03-10"),  // 8 March on a Saturday
    ("KZ", "2025-09-01"),  // Constitution Day on a Saturday
    ("KZ", "2025-10-27"),  // Republic Day on a Saturday
    ("KZ", "2024-07-08"),  // Capital Day on a Saturday
    ("KZ", "2024-05-08"),  // Minister's order: day off moved from Saturday 4 May
    ("RU", "2026-03-09"),  // 8 March on a Sunday
    ("RU", "2026-05-11"),  // 9 May on a Saturday
    ("RU", "2026-01-09"),  // decree: from Saturday 3 January
  ])
  func weekendHolidaysGiveADayOff(country: String, date: String) throws {
    #expect(!self.calendar(country).isBusinessDay(try day(date)))
  }

  @Test(arguments: [
    ("KZ", "2024-01-08"),  // Christmas on Sunday 7 January: religious holidays do not carry over
    ("KZ", "2024-06-17"),  // Kurban Ait fell on Sunday 16 June (ДУМК, 07.06.2024): not carried either
    ("KZ", "2024-05-04"),  // the Saturday worked for 8 May
    ("KZ", "2025-01-05"),  // the Sunday worked for 3 January
    ("KZ", "2025-05-08"),  // no bridge between 7 and 9 May in 2025
    ("RU", "2025-02-24"),  // 23 February's day off went to 8 May by decree
  ])
  func daysThatLookFreeButAreWorked(country: String, date: String) throws {
    #expect(self.calendar(country).isBusinessDay(try day(date)))
  }

  /// The derived year must be exactly what the law's rules give: nothing invented on top.
  @Test func derivedRussian2027IsTheStatuteAndNothingElse() throws {
    let statuteOnly = try BusinessCalendar(country: "RU", years: [])
    var date = try day("2027-01-01")
    while date <= (try day("2027-12-31")) {
      #expect(self.russia.isBusinessDay(date) == statuteOnly.isBusinessDay(date), "\(date)")
      date = CalendarDate(daysSinceEpoch: date.daysSinceEpoch + 1)
    }
  }
}
