import BillingReferenceData
import Testing
import WireCodec

/// Payment windows (seed 000: 5 business days, reminders on days 3 and 5, blocking on day 6).
@Suite struct BusinessDayCountingTests {
  let russia: BusinessCalendar
  let kazakhstan: BusinessCalendar

  init() throws {
    self.russia = try BusinessCalendar.shipped(country: "RU")
    self.kazakhstan = try BusinessCalendar.shipped(country: "KZ")
  }

  @Test func russianWindowAcrossTheNewYearHolidays() throws {
    // Issued Friday 27 Dec 2024: Sat 28 Dec is worked (1), 29 Dec–8 Jan rest, then 9, 10, 13, 14 Jan.
    let issued = try day("2024-12-27")
    #expect(self.russia.businessDay(1, after: issued) == (try day("2024-12-28")))
    #expect(self.russia.businessDay(5, after: issued) == (try day("2025-01-14")))
    #expect(self.russia.businessDay(6, after: issued) == (try day("2025-01-15")))
  }

  @Test func russianWindowAcrossTheTwelveDayBreakOf2026() throws {
    // Issued Tuesday 30 Dec 2025: 31 Dec 2025 to 11 Jan 2026 rest.
    let issued = try day("2025-12-30")
    #expect(self.russia.businessDay(3, after: issued) == (try day("2026-01-14")))  // first reminder
    #expect(self.russia.businessDay(5, after: issued) == (try day("2026-01-16")))  // last day to pay
    #expect(self.russia.businessDay(6, after: issued) == (try day("2026-01-19")))  // blocking
  }

  @Test func kazakhWindowAcrossNauryz() throws {
    // Issued Thursday 19 Mar 2026: Fri 20 (1), Nauryz and carry-overs 21–25, then 26, 27, 30, 31.
    let issued = try day("2026-03-19")
    #expect(self.kazakhstan.businessDay(5, after: issued) == (try day("2026-03-31")))
    // The same dates in Russia only skip the weekend.
    #expect(self.russia.businessDay(5, after: issued) == (try day("2026-03-26")))
  }

  @Test func kazakhWindowAcrossTheEndOfAugust2026() throws {
    // Issued Thursday 27 Aug 2026: Fri 28 (1), Mon 31 (2) — 30 August is no longer Constitution
    // Day, so nothing is carried to Monday — then 1, 2, 3 September.
    let issued = try day("2026-08-27")
    #expect(self.kazakhstan.businessDay(2, after: issued) == (try day("2026-08-31")))
    #expect(self.kazakhstan.businessDay(5, after: issued) == (try day("2026-09-03")))
  }

  @Test func kazakhWindowAcrossConstitutionDay2027() throws {
    // Issued Thursday 11 Mar 2027: Fri 12 (1), Monday 15 March rests (Constitution Day), then 16–19.
    let issued = try day("2027-03-11")
    #expect(self.kazakhstan.businessDay(5, after: issued) == (try day("2027-03-19")))
    #expect(self.russia.businessDay(5, after: issued) == (try day("2027-03-18")))
  }

  @Test func nextBusinessDay() throws {
    let newYear = try day("2026-01-01")
    #expect(self.russia.nextBusinessDay(onOrAfter: newYear) == (try day("2026-01-12")))
    let monday = try day("2026-01-12")
    #expect(self.russia.nextBusinessDay(onOrAfter: monday) == monday)
    #expect(self.russia.nextBusinessDay(after: monday) == (try day("2026-01-13")))
  }

  @Test func zeroBusinessDaysIsTheDateItself() throws {
    let sunday = try day("2026-01-04")
    #expect(self.russia.businessDay(0, after: sunday) == sunday)
  }

  @Test(arguments: ["2024-12-27", "2025-04-30", "2026-03-19", "2026-12-30", "2027-06-11"])
  func betweenIsTheInverseOfBusinessDay(start: String) throws {
    let issued = try day(start)
    for calendar in [self.russia, self.kazakhstan] {
      for n in 1...12 {
        let due = calendar.businessDay(n, after: issued)
        #expect(calendar.businessDaysBetween(issued, due) == n, "\(calendar.country) \(start) +\(n)")
        #expect(calendar.businessDaysBetween(due, issued) == -n)
      }
    }
  }
}
