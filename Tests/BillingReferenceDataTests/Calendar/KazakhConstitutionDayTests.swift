import BillingReferenceData
import Testing
import WireCodec

/// The Constitution adopted by the referendum of 15 March 2026 (ст. 94 п. 2) makes the day of
/// its adoption Constitution Day. The Ministry of Labour (18.03.2026): 30 August is no longer a
/// holiday from 2026, and 15 March is one from 2027.
@Suite struct KazakhConstitutionDayTests {
  let shipped: BusinessCalendar
  /// The fallback rules alone, as for a year without data.
  let statute: BusinessCalendar

  init() throws {
    self.shipped = try BusinessCalendar.shipped(country: "KZ")
    self.statute = try BusinessCalendar(country: "KZ", years: [])
  }

  @Test func thirtiethOfAugustWasAHolidayUpTo2025() throws {
    for calendar in [self.shipped, self.statute] {
      #expect(!calendar.isBusinessDay(try day("2024-08-30")))  // Friday
      #expect(!calendar.isBusinessDay(try day("2025-09-01")))  // Saturday 30 August carried to Monday
    }
  }

  @Test func thirtiethOfAugust2026IsAnOrdinarySundayAndTheMondayIsWorked() throws {
    for calendar in [self.shipped, self.statute] {
      #expect(calendar.entry(for: try day("2026-08-30")) == nil)
      #expect(calendar.entry(for: try day("2026-08-31")) == nil)
      #expect(calendar.isBusinessDay(try day("2026-08-31")))
      #expect(calendar.entry(for: try day("2026-03-15")) == nil)  // the new day counts from 2027
    }
  }

  @Test func fifteenthOfMarchIsConstitutionDayFrom2027() throws {
    for calendar in [self.shipped, self.statute] {
      #expect(!calendar.isBusinessDay(try day("2027-03-15")))  // Monday
      #expect(calendar.entry(for: try day("2027-03-15"))?.kind.name == "День Конституции")
      #expect(calendar.isBusinessDay(try day("2027-08-30")))  // Monday, now an ordinary day
      #expect(!calendar.isBusinessDay(try day("2028-03-15")))  // Wednesday
      #expect(calendar.isBusinessDay(try day("2028-08-30")))  // Wednesday
    }
    let source = try #require(self.shipped.entry(for: try day("2027-03-15"))?.source)
    #expect(source.contains("ст. 94 п. 2"))
  }

  /// 15 March is a state holiday, so the law's carry-over applies to it: 2031 is the first year
  /// it falls on a Saturday.
  @Test func fifteenthOfMarchOnAWeekendCarriesOver() throws {
    #expect(!self.statute.isBusinessDay(try day("2031-03-17")))
    #expect(self.statute.entry(for: try day("2031-03-17"))?.kind.name?.contains("День Конституции") == true)
  }

  /// The derived 2027 is the law's rules and nothing more: the only shipped day the rules cannot
  /// compute, Kurban Ait, falls on Sunday 16 May and changes no business day.
  @Test func derived2027IsTheStatuteAndNothingElse() throws {
    var date = try day("2027-01-01")
    while date <= (try day("2027-12-31")) {
      #expect(self.shipped.isBusinessDay(date) == self.statute.isBusinessDay(date), "\(date)")
      date = CalendarDate(daysSinceEpoch: date.daysSinceEpoch + 1)
    }
    #expect(self.shipped.isBusinessDay(try day("2027-05-17")))  // Kurban Ait on a Sunday is not carried
  }

  @Test func republicDayIsAHolidayFrom2022Only() throws {
    #expect(self.statute.entry(for: try day("2021-10-25")) == nil)
    #expect(!self.statute.isBusinessDay(try day("2022-10-25")))
  }
}
