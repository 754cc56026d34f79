import BillingReferenceData
import Testing
import WireCodec

/// Staff overrides from the database win over shipped data and statute.
@Suite struct OverrideTests {
  @Test func addedHolidayMovesTheDeadline() throws {
    let monday = try day("2025-06-02")
    let plain = try BusinessCalendar.shipped(country: "RU")
    let edited = try BusinessCalendar.shipped(country: "RU", overrides: [monday: .holiday(name: "Траур")])
    #expect(plain.isBusinessDay(monday))
    #expect(!edited.isBusinessDay(monday))
    let issued = try day("2025-05-30")
    #expect(plain.businessDay(1, after: issued) == monday)
    #expect(edited.businessDay(1, after: issued) == (try day("2025-06-03")))
    let entry = try #require(edited.holidays(in: 2025).first { $0.date == monday })
    #expect(entry.origin == .override)
    #expect(entry.kind.name == "Траур")
  }

  @Test func workingSaturdayAndCancelledHoliday() throws {
    let saturday = try day("2025-06-07")
    let shippedHoliday = try day("2025-05-02")
    let edited = try BusinessCalendar.shipped(
      country: "RU", overrides: [saturday: .working(name: "Отработка"), shippedHoliday: .working()])
    #expect(edited.isBusinessDay(saturday))
    #expect(edited.isBusinessDay(shippedHoliday))
    #expect(edited.transferredWorkingDays(in: 2025).map(\.date) == [shippedHoliday, saturday, try day("2025-11-01")])
  }

  @Test func overridesApplyToUncoveredYearsAndOtherCountries() throws {
    let friday = try day("2030-05-03")
    let germany = try BusinessCalendar.shipped(country: "DE", overrides: [friday: .holiday()])
    #expect(!germany.isBusinessDay(friday))
    #expect(germany.holidays(in: 2030).map(\.date) == [friday])
  }
}
